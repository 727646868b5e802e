"""The fact base loads, covers the article, and rejects broken files with clear messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

from components.name_matcher import NameMatcher, persons_as_one
from core.claims import Article, source_article, unsupported_claims
from core.fact_base import (
    BACKGROUND,
    DEFAULT_FACT_BASE,
    NOT_COVERED,
    FactBase,
    FactBaseError,
    kind_variants,
    load_fact_base,
)
from tests.conftest import DOMAIN_DICT

ARTICLE = source_article()

EXPECTED_TYPES = {
    "positive_myoclonus",
    "negative_myoclonus",
    "physiological_myoclonus",
    "hiccups",
    "sleep_myoclonus",
    "startle_reflex",
    "epileptic_myoclonus",
    "secondary_myoclonus",
    "essential_myoclonus",
    "benign_neonatal_sleep_myoclonus",
    "middle_ear_myoclonus",
    "opsoclonus_myoclonus_syndrome",
    "palatal_myoclonus",
}
EXPECTED_CAUSES = {
    "autoimmune_diseases",
    "body_chemistry_imbalances",
    "brain_lesions",
    "degenerative_brain_diseases",
    "genetic_disorders",
    "infections",
    "nerve_spinal_cord_injuries",
    "non_medical_drugs",
    "prescribed_medications",
    "poisons_toxins",
}


def test_every_type_and_cause_of_the_article_is_an_entry(facts: FactBase) -> None:
    assert {e.id for e in facts.of_kind("type")} == EXPECTED_TYPES
    assert {e.id for e in facts.of_kind("cause")} == EXPECTED_CAUSES


def test_every_entry_has_its_intent_in_the_domain(facts: FactBase, domain: Domain) -> None:
    missing = [e.intent for e in facts.entries.values() if e.intent not in domain.intents]
    assert missing == []


def test_names_a_visitor_might_use_resolve_to_the_right_entry(facts: FactBase) -> None:
    owner = {name: e.id for e in facts.entries.values() for name in e.names}
    assert owner["hypnic jerk"] == "sleep_myoclonus"
    assert owner["asterixis"] == "negative_myoclonus"
    assert owner["hand-flapping tremor"] == "negative_myoclonus"
    assert owner["tensor tympani"] == "middle_ear_myoclonus"
    assert owner["palatal tremor"] == "palatal_myoclonus"
    assert owner["oms"] == "opsoclonus_myoclonus_syndrome"
    assert owner["bnsm"] == "benign_neonatal_sleep_myoclonus"
    assert owner["lennox-gastaut syndrome"] == "epileptic_myoclonus"


def test_general_aspects_have_a_general_answer(facts: FactBase) -> None:
    for aspect in ("causes", "treatment", "diagnosis", "outlook", "prevention", "when_to_see", "who"):
        assert facts.general_entry_for(aspect) is not None, aspect


def test_source_is_recorded_for_citations(facts: FactBase) -> None:
    assert facts.source.publisher == "Cleveland Clinic"
    assert facts.source.title == "Myoclonus (Muscle Twitch)"
    assert facts.source.last_reviewed == "2023-03-16"


@pytest.mark.skipif(ARTICLE is None, reason="the shared article is not beside this checkout")
def test_every_section_named_is_a_heading_of_the_article(facts: FactBase) -> None:
    assert ARTICLE is not None
    headings = {line.strip() for line in ARTICLE.text.splitlines() if line.strip()}
    for entry in facts.entries.values():
        for part in re.split(r"[;>]", entry.section):
            assert part.strip() in headings, f"{entry.id}: section {part.strip()!r} is not in the article"


@pytest.mark.skipif(ARTICLE is None, reason="the shared article is not beside this checkout")
def test_answers_are_in_our_own_words(facts: FactBase) -> None:
    """No answer repeats eight or more consecutive words of the article (lists of names aside)."""
    assert ARTICLE is not None
    names = [n for e in facts.entries.values() for n in (*e.names, e.title)]
    copied = {
        entry.id: run
        for entry in facts.entries.values()
        for text in (entry.answer, *entry.aspects.values())
        if (run := ARTICLE.copied_run(text, names))
    }
    assert copied == {}


@pytest.mark.skipif(ARTICLE is None, reason="the shared article is not beside this checkout")
def test_no_answer_or_response_invents_a_number_dose_or_drug(facts: FactBase) -> None:
    texts = [t for e in facts.entries.values() for t in (e.title, e.answer, *e.aspects.values())]
    texts += [str(v.get("text", "")) for variations in DOMAIN_DICT["responses"].values() for v in variations]
    assert {t: unsupported_claims(t) for t in texts if unsupported_claims(t)} == {}


def test_the_article_rules_catch_what_they_promise() -> None:
    article = Article("About 95% of cases go away by 6 months. Alcohol and cocaine can cause it.")
    uncovered = ["clonazepam", "driving"]
    assert article.unsupported("call 911; about 95% go away by 6 months; alcohol too", uncovered) == []
    assert article.unsupported(
        "take 10 mg of clonazepam, 2 tablets, or levetiracetam for 7 days before driving", uncovered
    ) == ["10 mg", "2 tablets", "7", "clonazepam", "driving", "levetiracetam"]
    assert article.unsupported("how many milligrams?") == ["milligrams"]
    assert article.copied_run("Alcohol and cocaine can cause it.") is None  # only 6 words
    longer = Article("the quick brown fox jumps over the lazy dog again")
    assert (
        longer.copied_run("So the quick brown fox jumps over the lazy dog.")
        == "the quick brown fox jumps over the lazy"
    )
    assert longer.copied_run("the quick brown fox jumps over the lazy", names=longer.text.split()) is None


def test_aspect_answers_name_their_subject(facts: FactBase) -> None:
    """A follow-up answer must make sense on its own, so it names what it is about."""
    for entry in facts.entries.values():
        for aspect, text in entry.aspects.items():
            assert any(n in text.lower() for n in (*entry.names, entry.title.lower())), f"{entry.id}.{aspect}"


# ------------------------------------------------------------------ broken files


def _broken(tmp_path: Path, old: str, new: str) -> FactBaseError:
    text = DEFAULT_FACT_BASE.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path = tmp_path / "facts.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FactBaseError) as caught:
        load_fact_base(path)
    return caught.value


def test_unknown_kind_is_reported_with_file_line_entry_and_field(tmp_path: Path) -> None:
    error = _broken(tmp_path, "  - id: hiccups\n    kind: type", "  - id: hiccups\n    kind: typo")
    [problem] = error.problems
    assert problem.file.endswith("facts.yml")
    assert problem.line > 0
    assert "entry 'hiccups', field 'kind'" in str(problem)
    assert "'typo' is not one of type, cause, topic" in str(problem)


def test_duplicate_id_is_rejected(tmp_path: Path) -> None:
    error = _broken(tmp_path, "  - id: startle_reflex\n", "  - id: hiccups\n")
    assert any("field 'id'" in str(p) and "duplicate id" in str(p) for p in error.problems)


def test_related_id_that_does_not_exist_is_rejected(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "related: [sleep_myoclonus, startle_reflex, physiological_myoclonus]",
        "related: [sleep_myoclonus, startle_reflexes]",
    )
    assert any(
        "entry 'hiccups', field 'related'" in str(p) and "'startle_reflexes'" in str(p)
        for p in error.problems
    )


def test_a_wider_form_that_does_not_exist_is_rejected(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "related: [sleep_myoclonus, startle_reflex, physiological_myoclonus]\n    part_of: physiological_myoclonus",
        "related: [sleep_myoclonus, startle_reflex, physiological_myoclonus]\n    part_of: normal_myoclonus",
    )
    assert any(
        "entry 'hiccups', field 'part_of'" in str(p) and "'normal_myoclonus'" in str(p)
        for p in error.problems
    )


def test_an_aspect_answering_others_must_be_one_the_entry_answers(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "aspect_also_answers: {prevention: [treatment]}",
        "aspect_also_answers: {outlook: [treatment]}",
    )
    assert any("field 'aspect_also_answers'" in str(p) for p in error.problems)


def test_name_claimed_by_two_entries_is_rejected(tmp_path: Path) -> None:
    error = _broken(tmp_path, "names: [hiccups, hiccup,", "names: [asterixis, hiccups, hiccup,")
    assert any(
        "entry 'hiccups', field 'names'" in str(p)
        and "'asterixis' is already a name of entry 'negative_myoclonus'" in str(p)
        for p in error.problems
    )


def test_missing_answer_is_rejected(tmp_path: Path) -> None:
    error = _broken(tmp_path, '    answer: You say it "my-OCK-lon-us".\n', "")
    assert any("entry 'pronunciation', field 'answer'" in str(p) for p in error.problems)


def test_unknown_aspect_is_rejected(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "      outlook: Essential myoclonus does no harm",
        "      future: Essential myoclonus does no harm",
    )
    assert any("field 'aspects.future'" in str(p) and "unknown aspect" in str(p) for p in error.problems)


def test_upper_case_name_is_rejected(tmp_path: Path) -> None:
    error = _broken(tmp_path, "names: [palatal myoclonus,", "names: [Palatal Myoclonus,")
    assert any("'Palatal Myoclonus' must be a non-empty lower-case text" in str(p) for p in error.problems)


def test_a_name_of_function_words_only_is_rejected(tmp_path: Path) -> None:
    # an unquoted comma in a YAML list splits "me, my dad" into "me" and "my dad"
    error = _broken(tmp_path, "names: [palatal myoclonus,", "names: [me, my dad, palatal myoclonus,")
    assert any("'me' would match almost any message" in str(p) for p in error.problems)
    assert not any("'my dad'" in str(p) for p in error.problems)


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    error = _broken(tmp_path, "    title: Hiccups\n", "    title: Hiccups\n    dose: 10 mg\n")
    assert any("field 'dose'" in str(p) and "unknown field" in str(p) for p in error.problems)


def test_invalid_yaml_is_explained_in_plain_words_at_its_line(tmp_path: Path) -> None:
    error = _broken(tmp_path, "  - id: hiccups\n", "  - id: [hiccups\n")
    [problem] = error.problems
    opened = DEFAULT_FACT_BASE.read_text(encoding="utf-8").splitlines().index("  - id: hiccups") + 1
    assert problem.message == f"a list in brackets is not closed (opened on line {opened})"
    assert problem.fix == "add the missing `]`" and problem.line > opened


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FactBaseError, match="not found"):
        load_fact_base(tmp_path / "nope.yml")


def test_each_form_s_first_name_is_a_plain_name_of_it(facts: FactBase) -> None:
    # the load test and the scale-out tests ask "what is <first name>?" and expect the entry's answer
    matcher = NameMatcher(facts.vocabulary())
    for entry in (e for e in facts.entries.values() if e.is_specific):
        first = entry.names[0]
        assert "..." not in first and [m.value for m in matcher.find(first)] == [entry.id], entry.id


def test_a_type_or_cause_is_also_named_by_its_kind_words(facts: FactBase) -> None:
    matcher = NameMatcher(facts.vocabulary())
    assert [m.value for m in matcher.find("the secondary one, what causes it")][0] == "secondary_myoclonus"
    assert [m.value for m in matcher.find("is the palatal kind dangerous?")][0] == "palatal_myoclonus"
    assert [m.value for m in matcher.find("the infection one, can it be treated?")][0] == "infections"
    assert all(not kind_variants(entry) for entry in facts.entries.values() if entry.kind == "topic")


def test_a_background_name_must_be_a_not_covered_name(tmp_path: Path) -> None:
    error = _broken(tmp_path, "  background: [stress,", "  background: [stres,")
    [problem] = error.problems
    assert "'stres' is not one of the not-covered names" in problem.message and "stress" in problem.fix


def test_background_subjects_are_tagged_apart_from_the_other_uncovered_ones(facts: FactBase) -> None:
    values = {phrase: value for entity, value, phrase in facts.vocabulary() if entity == "uncovered"}
    assert values["stressed"] == BACKGROUND and values["pregnant"] == NOT_COVERED


def test_no_two_entries_or_aspects_share_a_name_as_the_matcher_reads_it(facts: FactBase) -> None:
    # "harmless kinds" (a form) and "harmless kind" (the outlook) read alike: one would hide the other
    matcher = NameMatcher(facts.vocabulary())
    owners: dict[tuple[str, ...], set[str]] = {}
    for _, value, phrase in facts.vocabulary():
        lemmas = tuple(token.lemma_ for token in persons_as_one(matcher.nlp(phrase.lower())))
        owners.setdefault(lemmas, set()).add(value)
    assert {lemmas: values for lemmas, values in owners.items() if len(values) > 1} == {}
