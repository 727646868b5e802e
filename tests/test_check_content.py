"""The content check names each kind of mistake with its exact file, line and fix.

Each test seeds one mistake into a temporary copy of the project and compares the whole
message. Lines are looked up in the seeded copy, so the tests keep passing as the content grows.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.fact_base import ENTRY_OPTIONAL, ENTRY_REQUIRED
from core.yaml_source import Problem
from scripts.check_content import ContentCheck, main
from scripts.quiet import quiet_rasa
from tests.conftest import MODEL, PROJECT_ROOT

COPIED = [
    "facts",
    "data",
    "domain.yml",
    "config.yml",
    "tests/test_stories.yml",
    "tests/nlu/heldout.yml",
    "safety/red_flags.yml",
    "core",
    "actions",
    "extensions",
]
FROM_THE_ARTICLE = "remove it: every number, dose and medicine name must come from the article"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's content that a test may break."""
    for name in COPIED:
        source, target = PROJECT_ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def line(path: Path, text: str, after: int = 0) -> int:
    """The number of the first line (after line `after`) that contains `text`."""
    for number, content in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number > after and text in content:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def problems(project: Path) -> list[str]:
    return [str(p) for p in ContentCheck(project).run()]


def expect(file: str, number: int, message: str, fix: str) -> str:
    return str(Problem(file, number, message, fix))


# ------------------------------------------------------------------ the project itself


def test_the_project_passes() -> None:
    assert problems(PROJECT_ROOT) == []


def test_an_unchanged_copy_passes(project: Path) -> None:
    assert problems(project) == []


def test_the_fast_command_passes_in_seconds() -> None:
    """Seconds for an editor. Wall time depends on what else the machine runs, so the test
    bounds the CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [str(PROJECT_ROOT / "scripts" / "check-content")], capture_output=True, text=True, timeout=120
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Content check passed (")
    assert result.stderr == ""  # no warnings, no progress bars
    # a generous bound (it varies with the machine: 2 s yesterday, 6-8 s on today's slower one);
    # what keeps it fast is that TensorFlow is never loaded, checked below
    assert cpu < 20, f"the fast check used {cpu:.1f} s of CPU"


def test_the_fast_check_never_loads_tensorflow() -> None:
    """Loading TensorFlow alone would add seconds to every content check."""
    code = (
        "import sys; from scripts.check_content import main; status = main([]); "
        "sys.exit(status or ('tensorflow' in sys.modules and 3))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------ YAML the parser cannot read


def test_an_indentation_slip_in_the_fact_base(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "  - id: hiccups\n    kind: type\n    title:", "  - id: hiccups\n    kind: type\n     title:")
    assert problems(project) == [
        expect(
            "facts/myoclonus.yml",
            line(facts, "     title:"),
            "there is a colon (:) where YAML does not expect one",
            "if this is text that contains ': ', put the whole text in double quotes; otherwise indent "
            "this line exactly like the line above it",
        )
    ]


def test_a_line_indented_less_than_its_block(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "  - id: hiccups\n    kind: type\n    title:", "  - id: hiccups\n    kind: type\n   title:")
    assert problems(project) == [
        expect(
            "facts/myoclonus.yml",
            line(facts, "   title: Hiccups"),
            "this line is not indented like the lines above it",
            "indent it with the same number of spaces as the other fields of the same item",
        )
    ]


def test_a_tab_in_the_training_data(project: Path) -> None:
    nlu = project / "data/nlu.yml"
    edit(nlu, "\n- intent: ask_pronunciation\n", "\n- intent: ask_pronunciation\n\t\n")
    [found] = problems(project)
    assert found == expect(
        "data/nlu.yml",
        line(nlu, "- intent: ask_pronunciation") + 1,
        "this line contains a tab character",
        "indent with spaces only",
    )


def test_a_list_that_is_never_closed(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "related: [middle_ear_myoclonus, brain_lesions, types]", "related: [middle_ear_myoclonus")
    [found] = problems(project)
    opened = line(facts, "related: [middle_ear_myoclonus")
    assert found == expect(
        "facts/myoclonus.yml",
        line(facts, "- id:", after=opened),  # where the parser finds the next entry instead of `]`
        f"a list in brackets is not closed (opened on line {opened})",
        "add the missing `]`",
    )


def test_a_field_written_twice(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "  - id: hiccups\n    kind: type\n", "  - id: hiccups\n    kind: type\n    kind: cause\n")
    [found] = problems(project)
    assert found == expect(
        "facts/myoclonus.yml",
        line(facts, "    kind: cause"),
        "`kind` appears twice in the same block",
        "keep one of them (merge what they say)",
    )


# ------------------------------------------------------------------ unknown fields


def test_unknown_field_in_the_fact_base(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "  - id: hiccups\n    kind: type\n    title:", "  - id: hiccups\n    kind: type\n    titel:")
    found = problems(project)
    assert (
        expect(
            "facts/myoclonus.yml",
            line(facts, "titel:"),
            "entry 'hiccups', field 'titel': unknown field; allowed: "
            + ", ".join(ENTRY_REQUIRED + ENTRY_OPTIONAL),
            "did you mean `title`?",
        )
        in found
    )


def test_unknown_field_in_a_response(project: Path) -> None:
    domain = project / "domain.yml"
    edit(domain, "  utter_goodbye:\n    - text:", "  utter_goodbye:\n    - txt:")
    assert problems(project) == [
        expect(
            "domain.yml",
            line(domain, "- txt:"),
            "unknown field `txt` in response `utter_goodbye`",
            "did you mean `text`?",
        )
    ]


def test_misspelt_top_level_domain_key_that_rasa_would_ignore(project: Path) -> None:
    domain = project / "domain.yml"
    edit(domain, "\nentities:\n", "\nentitys:\n")
    found = problems(project)
    assert found[0] == expect(
        "domain.yml",
        line(domain, "entitys:"),
        "unknown field `entitys` in domain.yml",
        "did you mean `entities`?",
    )


SEEDED_STORY = """
- story: Seeded story
  steps:
    - intent: report_worsening
    - action: action_recommend_provider
"""


def test_unknown_field_in_a_story_step(project: Path) -> None:
    stories = project / "data/stories.yml"
    append(stories, SEEDED_STORY.replace("- action: action_recommend", "- acton: action_recommend"))
    assert problems(project) == [
        expect(
            "data/stories.yml",
            line(stories, "- acton:"),
            "unknown field `acton` in a step of story 'Seeded story'",
            "did you mean `action`?",
        )
    ]


def test_unknown_field_in_a_training_data_block(project: Path) -> None:
    nlu = project / "data/nlu.yml"
    edit(nlu, "- intent: ask_pronunciation\n  examples: |", "- intent: ask_pronunciation\n  exampels: |")
    assert problems(project)[0] == expect(
        "data/nlu.yml",
        line(nlu, "exampels:"),
        "unknown field `exampels` in a training data block",
        "did you mean `examples`?",
    )


# ------------------------------------------------------------------ ids


def test_unknown_related_id_gets_the_closest_one(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "related: [sleep_myoclonus, startle_reflex,", "related: [sleep_myoclonus, startle_reflexes,")
    assert problems(project) == [
        expect(
            "facts/myoclonus.yml",
            line(facts, "startle_reflexes"),
            "entry 'hiccups', field 'related': unknown entry id 'startle_reflexes'",
            "did you mean `startle_reflex`?",
        )
    ]


def test_duplicate_id(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "  - id: startle_reflex\n", "  - id: hiccups\n")
    first = line(facts, "  - id: hiccups")
    found = problems(project)
    assert (
        expect(
            "facts/myoclonus.yml",
            line(facts, "  - id: hiccups", after=first),
            f"entry 'hiccups', field 'id': duplicate id (first used on line {first})",
            "give one of the two entries another id, or merge them",
        )
        in found
    )


def test_misspelt_kind(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "  - id: hiccups\n    kind: type", "  - id: hiccups\n    kind: tipe")
    assert problems(project) == [
        expect(
            "facts/myoclonus.yml",
            line(facts, "kind: tipe"),
            "entry 'hiccups', field 'kind': 'tipe' is not one of type, cause, topic",
            "did you mean `type`?",
        )
    ]


def test_name_claimed_by_two_entries(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "names: [hiccups, hiccup,", "names: [hypnic jerk, hiccups, hiccup,")
    assert expect(
        "facts/myoclonus.yml",
        line(facts, "    names: [hypnic jerk, hiccups"),
        "entry 'sleep_myoclonus', field 'names': 'hypnic jerk' is already a name of entry 'hiccups'",
        "keep 'hypnic jerk' under one entry only",
    ).replace(
        f":{line(facts, '    names: [hypnic jerk, hiccups')}:", f":{line(facts, 'id: sleep_myoclonus') + 3}:"
    ) in problems(project)


# ------------------------------------------------------------------ used but not declared


def test_example_under_an_intent_the_domain_lacks(project: Path) -> None:
    nlu = project / "data/nlu.yml"
    edit(nlu, "- intent: ask_pronunciation\n", "- intent: ask_pronounciation\n")
    found = problems(project)
    assert (
        expect(
            "data/nlu.yml",
            line(nlu, "- intent: ask_pronounciation"),
            "intent `ask_pronounciation` has training examples but is not in domain.yml",
            "add `ask_pronounciation` under `intents:` in domain.yml, or rename the example's intent to one "
            "of: ask_pronunciation, ask_prevention, ask_duration",
        )
        in found
    )


def test_story_with_an_action_the_domain_lacks(project: Path) -> None:
    stories = project / "data/stories.yml"
    append(stories, SEEDED_STORY.replace("action_recommend_provider", "action_recomend_provider"))
    assert problems(project) == [
        expect(
            "data/stories.yml",
            line(stories, "action_recomend_provider"),
            "'Seeded story' uses action `action_recomend_provider`, which domain.yml does not list",
            "add `action_recomend_provider` under `actions:` in domain.yml (and write it in actions/), or did "
            "you mean `action_recommend_provider`?",
        )
    ]


def test_rule_with_a_response_the_domain_lacks(project: Path) -> None:
    rules = project / "data/rules.yml"
    edit(rules, "    - action: utter_goodbye\n", "    - action: utter_good_bye\n")
    assert problems(project) == [
        expect(
            "data/rules.yml",
            line(rules, "utter_good_bye"),
            "'Goodbye' uses response `utter_good_bye`, which domain.yml does not have",
            "add `utter_good_bye` under `responses:` in domain.yml, or did you mean `utter_goodbye`?",
        )
    ]


def test_response_used_by_nothing(project: Path) -> None:
    domain = project / "domain.yml"
    edit(domain, "\nresponses:\n", "\nresponses:\n  utter_spare:\n    - text: Spare words.\n")
    assert problems(project) == [
        expect(
            "domain.yml",
            line(domain, "  utter_spare:"),
            "response `utter_spare` is used by no rule, story or code",
            "use it in a rule or story (`- action: utter_spare`), or remove it from domain.yml",
        )
    ]


def test_story_setting_a_slot_the_domain_lacks(project: Path) -> None:
    stories = project / "data/stories.yml"
    edit(stories, "        - topic: palatal_myoclonus\n", "        - topik: palatal_myoclonus\n")
    assert problems(project) == [
        expect(
            "data/stories.yml",
            line(stories, "- topik:"),
            "'Follow-up about \"it\" stays on the topic' sets slot `topik`, which domain.yml does not have",
            "add `topik` under `slots:` in domain.yml, or did you mean `topic`?",
        )
    ]


def test_the_code_uses_a_response_the_domain_lacks(project: Path) -> None:
    domain = project / "domain.yml"
    edit(domain, "  utter_message_empty:\n", "  utter_message_is_empty:\n")
    found = problems(project)
    code = project / "extensions/message_screen.py"
    assert (
        expect(
            "extensions/message_screen.py",
            line(code, '"utter_message_empty"'),
            "the code uses response `utter_message_empty`, which domain.yml does not have",
            "add `utter_message_empty` under `responses:` in domain.yml, or did you mean `utter_message_is_empty`?",
        )
        in found
    )


def test_button_with_an_unknown_intent(project: Path) -> None:
    domain = project / "domain.yml"
    edit(domain, "          payload: /ask_causes\n", "          payload: /ask_cause\n")
    assert problems(project) == [
        expect(
            "domain.yml",
            line(domain, "payload: /ask_cause") - 1,
            "a button sends `/ask_cause`, but intent `ask_cause` is not in domain.yml",
            "add `ask_cause` under `intents:`, or did you mean `ask_causes`?",
        )
    ]


# ------------------------------------------------------------------ declared but not used


def test_intent_used_by_no_rule_or_story(project: Path) -> None:
    edit(project / "data/rules.yml", "      - intent: ask_hiccups\n", "")
    domain = project / "domain.yml"
    assert problems(project) == [
        expect(
            "domain.yml",
            line(domain, "- ask_hiccups"),
            "intent `ask_hiccups` is used by no rule or story, so the assistant won't react to it",
            "add it to a rule in data/rules.yml (fact intents: the `or` list of the answer rule), or remove "
            "it from domain.yml",
        )
    ]


def test_declared_intent_without_examples(project: Path) -> None:
    domain = project / "domain.yml"
    edit(domain, "  - greet\n", "  - greet\n  - ask_weather\n")
    assert expect(
        "domain.yml",
        line(domain, "- ask_weather"),
        "intent `ask_weather` has no training examples",
        "add examples under `- intent: ask_weather` in data/nlu.yml, or remove it from domain.yml",
    ) in problems(project)


def test_action_listed_but_not_written_or_used(project: Path) -> None:
    domain = project / "domain.yml"
    edit(domain, "  - action_cite_source\n", "  - action_cite_source\n  - action_cite_sources\n")
    number = line(domain, "- action_cite_sources")
    assert problems(project) == [
        expect(
            "domain.yml",
            number,
            "action `action_cite_sources` is listed but no custom action in actions/ has that name",
            "write it in actions/actions.py (a class whose name() returns it), or did you mean `action_cite_source`?",
        ),
        expect(
            "domain.yml",
            number,
            "action `action_cite_sources` is used by no rule or story",
            "use it in a rule or story (`- action: ...`), or remove it from `actions:`",
        ),
    ]


def test_slot_used_by_nothing(project: Path) -> None:
    domain = project / "domain.yml"
    edit(domain, "slots:\n", "slots:\n  mood:\n    type: text\n    mappings:\n      - type: custom\n")
    assert problems(project) == [
        expect(
            "domain.yml",
            line(domain, "  mood:"),
            "slot `mood` is used by no form, story, rule or code",
            "use it (a form's required_slots, a story's slot_was_set, or the actions), or remove it",
        )
    ]


# ------------------------------------------------------------------ fact base coverage


def test_new_entry_without_intent_examples_or_test(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(
        facts,
        "  - id: hiccups\n",
        "  - id: spinal_myoclonus\n    kind: type\n    title: Spinal myoclonus\n    names: [spinal myoclonus]\n"
        "    section: Overview\n    answer: A test entry.\n\n  - id: hiccups\n",
    )
    entry = f"entry 'spinal_myoclonus' (facts/myoclonus.yml:{line(facts, 'id: spinal_myoclonus')})"
    assert problems(project) == [
        expect(
            "data/nlu.yml",
            line(project / "data/nlu.yml", "nlu:"),
            "intent `ask_spinal_myoclonus` has 0 training examples (at least 8 needed)",
            "add varied examples under `- intent: ask_spinal_myoclonus` in data/nlu.yml",
        ),
        expect(
            "domain.yml",
            line(project / "domain.yml", "intents:"),
            f"{entry} has no intent `ask_spinal_myoclonus` in domain.yml",
            "add `  - ask_spinal_myoclonus` under `intents:` in domain.yml",
        ),
        expect(
            "tests/test_stories.yml",
            line(project / "tests/test_stories.yml", "stories:"),
            f"{entry} has no conversation test",
            "add a story with `intent: ask_spinal_myoclonus` to tests/test_stories.yml",
        ),
    ]


# ------------------------------------------------------------------ training examples


def test_example_under_two_intents(project: Path) -> None:
    nlu = project / "data/nlu.yml"
    edit(nlu, "    - are hiccups normal\n", "    - are hiccups normal\n    - what is asterixis\n")
    first = line(nlu, "- what is asterixis")
    second = line(nlu, "- what is asterixis", after=first)
    assert problems(project) == [
        expect(
            "data/nlu.yml",
            second,
            f"example 'what is asterixis' is under two intents: `ask_negative_myoclonus` (line {first}) "
            "and `ask_hiccups`",
            "keep it only under the intent it means: `ask_negative_myoclonus` or `ask_hiccups`",
        )
    ]


def test_example_that_is_also_held_out(project: Path) -> None:
    nlu = project / "data/nlu.yml"
    edit(
        nlu, "    - are hiccups normal\n", "    - are hiccups normal\n    - so what actually is myoclonus?\n"
    )
    held_out = line(project / "tests/nlu/heldout.yml", "so what actually is myoclonus?")
    found = problems(project)
    assert (
        expect(
            "data/nlu.yml",
            line(nlu, "so what actually is myoclonus?"),
            f"example 'so what actually is myoclonus?' is also a held-out test phrasing "
            f"(tests/nlu/heldout.yml:{held_out})",
            "remove it from data/nlu.yml or reword it: held-out phrasings must stay unseen",
        )
        in found
    )


def test_example_without_a_dash(project: Path) -> None:
    nlu = project / "data/nlu.yml"
    edit(nlu, "    - are hiccups normal\n", "    - are hiccups normal\n    are hiccups bad\n")
    assert problems(project) == [
        expect(
            "data/nlu.yml",
            line(nlu, "    are hiccups bad"),
            "this example does not start with `- `, so Rasa skips it",
            "start it with `- `",
        )
    ]


# ------------------------------------------------------------------ names typed outside the fact base


def test_synonym_typed_in_the_training_data(project: Path) -> None:
    nlu = project / "data/nlu.yml"
    append(nlu, "\n- synonym: sleep_myoclonus\n  examples: |\n    - night jerks\n")
    assert problems(project) == [
        expect(
            "data/nlu.yml",
            line(nlu, "- synonym: sleep_myoclonus"),
            "synonym `sleep_myoclonus` in the training data",
            "names and synonyms live only in facts/myoclonus.yml (the entry's `names:`)",
        )
    ]


def test_topic_annotated_by_hand(project: Path) -> None:
    nlu = project / "data/nlu.yml"
    edit(nlu, "    - are hiccups normal\n", "    - are [hiccups](topic) bad\n")
    assert problems(project) == [
        expect(
            "data/nlu.yml",
            line(nlu, "[hiccups](topic)"),
            "example 'are hiccups bad' annotates a `topic` entity by hand",
            "remove the [..](..) annotation: fact base names are tagged automatically",
        )
    ]


# ------------------------------------------------------------------ keeping to the article


def test_answer_that_copies_the_article(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(
        facts,
        'answer: You say it "my-OCK-lon-us".',
        'answer: You say it "my-OCK-lon-us". It can happen in people who are healthy at some point.',
    )
    assert problems(project) == [
        expect(
            "facts/myoclonus.yml",
            line(facts, 'answer: You say it "my-OCK-lon-us".'),
            "entry 'pronunciation': the answer copies the article word for word: "
            '"can happen in people who are healthy at"',
            "say it in your own words: at most 7 words in a row may match the article",
        )
    ]


def test_answer_with_a_dose_and_a_drug_the_article_does_not_give(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "but medication often helps.", "but 2 mg of clonazepam often helps.")
    number = line(facts, "2 mg of clonazepam")
    assert problems(project) == [
        expect(
            "facts/myoclonus.yml",
            number,
            f"entry 'palatal_myoclonus': the `treatment` answer mentions '{mention}', which the article does not give",
            FROM_THE_ARTICLE,
        )
        for mention in ("2 mg", "clonazepam")
    ]


def test_answer_with_a_number_the_article_does_not_give(project: Path) -> None:
    facts = project / "facts/myoclonus.yml"
    edit(facts, "it usually lasts only a fraction of a second.", "it usually lasts only 3 seconds.")
    assert problems(project) == [
        expect(
            "facts/myoclonus.yml",
            line(facts, "  - id: duration") + 5,
            "entry 'duration': the answer mentions '3', which the article does not give",
            FROM_THE_ARTICLE,
        )
    ]


def test_response_naming_a_medicine(project: Path) -> None:
    domain = project / "domain.yml"
    edit(
        domain, "I'd suggest you see a healthcare provider about this.", "Ask your provider about valproate."
    )
    assert problems(project) == [
        expect(
            "domain.yml",
            line(domain, "valproate"),
            "response `utter_advice_see_provider` mentions 'valproate', which the article does not give",
            FROM_THE_ARTICLE,
        )
    ]


# ------------------------------------------------------------------ stories and rules that disagree (slow)


def _dialogue_problems(project: Path) -> list[str]:
    with quiet_rasa():
        from scripts.content_check import rasa_data
        from scripts.content_check.dialogue import DialogueCheck
        from scripts.content_check.project import Project

        files = Project.read(project)
        data, refused = rasa_data.load(files)
        assert data is not None and refused == []
        return [str(p) for p in DialogueCheck(files, data).run()]


def test_stories_and_rules_that_disagree(project: Path) -> None:
    stories, rules = project / "data/stories.yml", project / "data/rules.yml"
    append(
        stories, "\n- story: Greets and gets help\n  steps:\n    - intent: greet\n    - action: utter_help\n"
    )
    append(
        rules, "\n- rule: Thanks with goodbye\n  steps:\n    - intent: thank\n    - action: utter_goodbye\n"
    )
    greets, help_story = (
        line(stories, "- story: Greets, asks"),
        line(stories, "- story: Greets and gets help"),
    )
    greet_rule, thanks, thanks_goodbye = (
        line(rules, "- rule: Greet"),
        line(rules, "- rule: Thanks\n".strip()),
        line(rules, "- rule: Thanks with goodbye"),
    )
    fix = (
        "make them do the same thing here, or tell the two situations apart with an earlier step "
        "(a slot_was_set or a previous action)"
    )
    assert sorted(_dialogue_problems(project)) == [
        expect(
            "data/rules.yml",
            greet_rule,
            f"stories and rules disagree after the intent `greet`: 'Greet' (data/rules.yml:{greet_rule}) then "
            f"`utter_greet`; 'Greets and gets help' (data/stories.yml:{help_story}) then `utter_help`",
            fix,
        ),
        expect(
            "data/rules.yml",
            thanks,
            f"stories and rules disagree after the intent `thank`: 'Thanks' (data/rules.yml:{thanks}) then "
            f"`utter_you_are_welcome`; 'Thanks with goodbye' (data/rules.yml:{thanks_goodbye}) then `utter_goodbye`",
            fix,
        ),
        expect(
            "data/stories.yml",
            greets,
            f"stories and rules disagree after the intent `greet`: 'Greets, asks, says goodbye' "
            f"(data/stories.yml:{greets}) then `utter_greet`; 'Greets and gets help' "
            f"(data/stories.yml:{help_story}) then `utter_help`",
            fix,
        ),
    ]


def test_the_project_has_no_disagreeing_stories_or_rules() -> None:
    assert _dialogue_problems(PROJECT_ROOT) == []


@pytest.mark.model
def test_slow_check_reads_the_conversation_tests_with_the_model(project: Path) -> None:
    tests = project / "tests/test_stories.yml"
    edit(
        tests,
        "      how should i pronounce myoclonus\n    intent: ask_pronunciation",
        "      how should i pronounce myoclonus\n    intent: ask_duration",
    )
    problems = [str(p) for p in ContentCheck(project).run(slow=True, model=MODEL)]
    found = [p for p in problems if "the model reads 'how should i pronounce" in p]
    assert found[0].startswith(
        f"tests/test_stories.yml:{line(tests, 'how should i pronounce myoclonus') - 1}: "
    )
    assert "the model reads 'how should i pronounce myoclonus' as `ask_pronunciation` (" in found[0]
    assert found[0].endswith(
        "not `ask_duration` (test 'asks about pronunciation')\n    -> add examples like it under "
        "`- intent: ask_duration` in data/nlu.yml, or fix the test's intent"
    )


# ------------------------------------------------------------------ the command


def test_command_exits_non_zero_and_counts_the_problems(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nlu = project / "data/nlu.yml"
    edit(nlu, "    - are hiccups normal\n", "    - are hiccups normal\n    - are hiccups normal\n")
    assert main(["--root", str(project)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        f"data/nlu.yml:{line(nlu, '- are hiccups normal') + 1}: example 'are hiccups normal' is twice"
    )
    assert "\n1 problem(s) found (" in out


def test_intent_without_held_out_phrasings(project: Path) -> None:
    heldout = project / "tests/nlu/heldout.yml"
    edit(heldout, "- intent: not_an_emergency\n", "- intent: not_an_emergency_\n")
    nlu = project / "data/nlu.yml"
    assert problems(project) == [
        expect(
            "tests/nlu/heldout.yml",
            line(heldout, "nlu:"),
            f"intent `not_an_emergency` (data/nlu.yml:{line(nlu, '- intent: not_an_emergency')}) has no held-out "
            "test phrasings",
            "add two or three new phrasings (not in data/nlu.yml) under `- intent: not_an_emergency` in "
            "tests/nlu/heldout.yml",
        )
    ]
