"""Load and validate the structured fact base (facts/myoclonus.yml).

Every problem found is reported with the file, line, entry and field, so a content editor
can fix a broken file without reading Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from core.settings import PROJECT_ROOT, settings
from core.yaml_source import ContentError, Problem, did_you_mean, display_path, line_of, read_yaml

DEFAULT_FACT_BASE = PROJECT_ROOT / "facts" / "myoclonus.yml"

KINDS = ("type", "cause", "topic")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
INTENT_PREFIX = "ask_"
UNCOVERED_ENTITY = "uncovered"
NOT_COVERED = "not_covered"  # the value of an uncovered subject's mention
BACKGROUND = "background"  # ... and of one that, told in the story, leaves the question alone
MYOCLONUS_ITSELF = "what_is_myoclonus"  # the entry the word "myoclonus" alone names
AGE_ENTITY = "age"
# A type's name "<words> myoclonus" also names it as "<words> one", "<words> kind", ...: "the
# palatal one", "the secondary kind"; so does a cause's one-word name: "the injury one".
KIND_WORDS = ("one", "kind", "type", "form", "sort")

ENTRY_REQUIRED = ("id", "kind", "title", "names", "section", "answer")
ENTRY_OPTIONAL = (
    "aspects",
    "aspect_also_answers",
    "answer_covers",
    "related",
    "part_of",
    "special_case_of",
    "shows_more_with",
    "aspect",
    "see_provider",
)
SOURCE_REQUIRED = ("publisher", "title", "last_reviewed", "reviewed_by")


# Words that name nothing by themselves: a name made only of them matches almost any message.
FUNCTION_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "we",
        "us",
        "our",
        "they",
        "them",
        "their",
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "is",
        "are",
        "was",
        "be",
    ]
)


class FactBaseError(ContentError):
    """The fact base cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.args = ("The fact base has problems:\n" + "\n".join(f"  {p}" for p in problems),)


@dataclass(frozen=True)
class Source:
    """Where the facts come from, for citations."""

    publisher: str
    title: str
    last_reviewed: str
    reviewed_by: str


@dataclass(frozen=True)
class Aspect:
    """Something a visitor can ask about any entry (causes, treatment, ...)."""

    id: str
    label: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One type, cause or general topic, with its answers."""

    id: str
    kind: str
    title: str
    names: tuple[str, ...]
    section: str
    answer: str
    aspects: Mapping[str, str] = field(default_factory=dict)
    answer_covers: tuple[str, ...] = ()
    # aspect -> the aspect whose answer gives it ("treatment": "prevention" when managing the
    # condition is what the article says helps)
    answered_by: Mapping[str, str] = field(default_factory=dict)
    related: tuple[str, ...] = ()
    part_of: str | None = None  # the wider form it is one of (hiccups are a normal form)
    special_case_of: str | None = None  # the form it is for one group (BNSM: sleep jerks in newborns)
    shows_more_with: str | None = None  # a cause that only makes it stand out (essential: alcohol)
    aspect: str | None = None
    see_provider: bool = False

    @property
    def intent(self) -> str:
        """The NLU intent that asks about this entry."""
        return INTENT_PREFIX + self.id

    @property
    def is_specific(self) -> bool:
        """True for a type or cause, False for a general topic."""
        return self.kind != "topic"

    def says(self, aspect: str) -> bool:
        """True when the article says something about this aspect of the entry."""
        return (
            aspect in self.aspects
            or aspect in self.answer_covers
            or aspect in self.answered_by
            or (aspect == "causes" and self.kind == "cause")  # a cause's answer says what it causes
        )


@dataclass(frozen=True)
class FactBase:
    """The validated fact base."""

    source: Source
    aspects: Mapping[str, Aspect]
    entries: Mapping[str, Entry]
    not_covered: tuple[str, ...] = ()
    age_groups: tuple[str, ...] = ()
    background: tuple[str, ...] = ()  # uncovered subjects that are only the story's background

    def entry_for_intent(self, intent: str | None) -> Entry | None:
        """The entry an `ask_<id>` intent asks about, if any."""
        if not intent or not intent.startswith(INTENT_PREFIX):
            return None
        return self.entries.get(intent[len(INTENT_PREFIX) :])

    def general_entry_for(self, aspect: str) -> Entry | None:
        """The topic entry that answers an aspect in general (e.g. treatment)."""
        return next((e for e in self.entries.values() if e.aspect == aspect), None)

    def of_kind(self, kind: str) -> list[Entry]:
        """Entries of one kind, in file order."""
        return [e for e in self.entries.values() if e.kind == kind]

    def vocabulary(self) -> Iterator[tuple[str, str, str]]:
        """(entity, value, phrase) for every name of every entry and aspect.

        Types and causes come with their kind variants ("palatal one", "the injury one").
        """
        names = {name for entry in self.entries.values() for name in entry.names} | {
            name for aspect in self.aspects.values() for name in aspect.names
        }
        for entry in self.entries.values():
            for name in entry.names:
                yield "topic", entry.id, name
            for variant in kind_variants(entry):
                if variant not in names:
                    yield "topic", entry.id, variant
        for aspect in self.aspects.values():
            for name in aspect.names:
                yield "aspect", aspect.id, name
        for name in self.not_covered:
            yield UNCOVERED_ENTITY, BACKGROUND if name in self.background else NOT_COVERED, name
        for name in self.age_groups:
            yield AGE_ENTITY, "age_group", name


def kind_variants(entry: Entry) -> list[str]:
    """The kind variants of an entry's names.

    A type's: "palatal one", "palatal kind" for "palatal myoclonus"; a cause's one-word names:
    "the injury one", "the drugs kind".
    """
    if entry.kind == "cause":
        return [f"{name} {kind}" for name in entry.names if name.isalpha() for kind in KIND_WORDS]
    if entry.kind != "type":
        return []
    stems = [name.split()[:-1] for name in entry.names if name.endswith(" myoclonus")]
    return [" ".join([*stem, kind]) for stem in stems if "of" not in stem for kind in KIND_WORDS]


class _Checker:
    """Collects problems while reading the YAML tree."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, node: Any, key: str | None, where: str, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.file, line_of(node, key), f"{where}: {message}", fix))

    def text(self, node: Any, key: str, where: str) -> str:
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add(node, key, f"{where}, field '{key}'", "must be a non-empty text", f"write `{key}:`")
            return ""
        return " ".join(value.split())

    def names(self, node: Any, key: str, where: str) -> tuple[str, ...]:
        value = node.get(key)
        if not isinstance(value, list) or not value:
            self.add(
                node,
                key,
                f"{where}, field '{key}'",
                "must be a non-empty list of names",
                f"write `{key}: [first name, second name]`",
            )
            return ()
        good = []
        for name in value:
            if not isinstance(name, str) or not name.strip() or name != name.lower():
                self.add(
                    node,
                    key,
                    f"{where}, field '{key}'",
                    f"{name!r} must be a non-empty lower-case text",
                    f"write it in lower case: {str(name).lower()!r}",
                )
            elif not set(name.replace(",", " ").split()) - FUNCTION_WORDS:
                self.add(
                    node,
                    key,
                    f"{where}, field '{key}'",
                    f"{name!r} would match almost any message: it has only words like 'me', 'my', 'the'",
                    'name the thing itself, or quote a name with a comma ("me, my dad")',
                )
            else:
                good.append(" ".join(name.split()))
        return tuple(good)


def _source(check: _Checker, tree: Any) -> Source:
    node = tree.get("source")
    if not isinstance(node, dict):
        check.add(tree, "source", "source", "must be a mapping with " + ", ".join(SOURCE_REQUIRED))
        return Source("", "", "", "")
    texts = {key: check.text(node, key, "source") for key in SOURCE_REQUIRED}
    return Source(**texts)


def _aspects(check: _Checker, tree: Any) -> dict[str, Aspect]:
    node = tree.get("aspects")
    if not isinstance(node, dict) or not node:
        check.add(tree, "aspects", "aspects", "must be a mapping of aspect ids")
        return {}
    aspects = {}
    for aspect_id, body in node.items():
        where = f"aspect '{aspect_id}'"
        if not isinstance(body, dict):
            check.add(node, aspect_id, where, "must be a mapping with 'label' and 'names'")
            continue
        aspects[aspect_id] = Aspect(
            aspect_id, check.text(body, "label", where), check.names(body, "names", where)
        )
    return aspects


def _entry(check: _Checker, node: Any, index: int, aspect_ids: list[str]) -> Entry | None:
    entry_id = node.get("id") if isinstance(node, dict) else None
    where = f"entry '{entry_id}'" if isinstance(entry_id, str) else f"entry #{index + 1}"
    if not isinstance(node, dict):
        check.add(node, None, where, "must be a mapping")
        return None
    for key in node:
        if key not in ENTRY_REQUIRED + ENTRY_OPTIONAL:
            check.add(
                node,
                key,
                f"{where}, field '{key}'",
                "unknown field; allowed: " + ", ".join(ENTRY_REQUIRED + ENTRY_OPTIONAL),
                did_you_mean(str(key), ENTRY_REQUIRED + ENTRY_OPTIONAL) or "remove it",
            )
    if not isinstance(entry_id, str) or not ID_PATTERN.match(entry_id):
        check.add(
            node,
            "id",
            f"{where}, field 'id'",
            "must be snake_case like 'palatal_myoclonus'",
            "use lower-case letters, digits and underscores, starting with a letter",
        )
    kind = node.get("kind")
    if kind not in KINDS:
        check.add(
            node,
            "kind",
            f"{where}, field 'kind'",
            f"{kind!r} is not one of {', '.join(KINDS)}",
            did_you_mean(str(kind), KINDS) or f"use one of {', '.join(KINDS)}",
        )
    aspects = node.get("aspects") or {}
    if not isinstance(aspects, dict):
        check.add(node, "aspects", f"{where}, field 'aspects'", "must be a mapping of aspect: answer")
        aspects = {}
    for key, text in aspects.items():
        if key not in aspect_ids:
            check.add(
                aspects,
                key,
                f"{where}, field 'aspects.{key}'",
                f"unknown aspect; use one of {', '.join(aspect_ids)}",
                did_you_mean(str(key), aspect_ids) or "use one of the aspects listed under `aspects:`",
            )
        elif not isinstance(text, str) or not text.strip():
            check.add(aspects, key, f"{where}, field 'aspects.{key}'", "must be a non-empty text")
    answer_covers = node.get("answer_covers") or []
    if not isinstance(answer_covers, list) or any(a not in aspect_ids for a in answer_covers):
        check.add(
            node,
            "answer_covers",
            f"{where}, field 'answer_covers'",
            f"must be a list of aspects the answer already answers, from {', '.join(aspect_ids)}",
        )
        answer_covers = []
    answered_by = _answered_by(check, node, where, aspect_ids, aspects)
    general_aspect = node.get("aspect")
    if general_aspect is not None and (kind != "topic" or general_aspect not in aspect_ids):
        check.add(
            node,
            "aspect",
            f"{where}, field 'aspect'",
            f"only topic entries may set it, to one of {', '.join(aspect_ids)}",
        )
    related = node.get("related") or []
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        check.add(node, "related", f"{where}, field 'related'", "must be a list of entry ids")
        related = []
    part_of, special_case_of, shows_more_with = (
        _reference(check, node, where, key) for key in ("part_of", "special_case_of", "shows_more_with")
    )
    see_provider = node.get("see_provider", False)
    if not isinstance(see_provider, bool):
        check.add(node, "see_provider", f"{where}, field 'see_provider'", "must be true or false")
    return Entry(
        id=str(entry_id),
        kind=str(kind),
        title=check.text(node, "title", where),
        names=check.names(node, "names", where),
        section=check.text(node, "section", where),
        answer=check.text(node, "answer", where),
        aspects={k: " ".join(str(v).split()) for k, v in aspects.items()},
        answer_covers=tuple(answer_covers),
        answered_by=answered_by,
        related=tuple(related),
        part_of=part_of,
        special_case_of=special_case_of,
        shows_more_with=shows_more_with,
        aspect=general_aspect,
        see_provider=see_provider is True,
    )


def _reference(check: _Checker, node: dict[str, Any], where: str, key: str) -> str | None:
    """An optional field that names one other entry by its id."""
    value = node.get(key)
    if value is not None and not isinstance(value, str):
        check.add(node, key, f"{where}, field '{key}'", "must be the id of one entry")
        return None
    return value


def _answered_by(
    check: _Checker, node: dict[str, Any], where: str, aspect_ids: list[str], aspects: dict[str, Any]
) -> dict[str, str]:
    """`aspect_also_answers` (aspect: [other aspects]) read as other aspect -> aspect."""
    field_ = node.get("aspect_also_answers") or {}
    valid = isinstance(field_, dict) and all(
        key in aspects and isinstance(others, list) and all(o in aspect_ids for o in others)
        for key, others in field_.items()
    )
    if not valid:
        check.add(
            node,
            "aspect_also_answers",
            f"{where}, field 'aspect_also_answers'",
            "must map an aspect this entry answers to a list of other aspects its answer also answers",
        )
        return {}
    return {other: key for key, others in field_.items() for other in others}


def _cross_check(
    check: _Checker,
    nodes: list[Any],
    entries: list[Entry],
    aspects: dict[str, Aspect],
    uncovered: tuple[str, ...],
    age_groups: tuple[str, ...],
) -> None:
    """Unique ids, resolvable references, and no name claimed twice."""
    seen_ids: dict[str, int] = {}
    claimed: dict[str, str] = dict.fromkeys(uncovered, "not_covered")
    claimed.update((name, "age_groups") for name in age_groups if name not in claimed)
    for aspect in aspects.values():
        for name in aspect.names:
            claimed.setdefault(name, f"aspect '{aspect.id}'")
    ids = {e.id for e in entries}
    for node, entry in zip(nodes, entries, strict=False):
        where = f"entry '{entry.id}'"
        if entry.id in seen_ids:
            check.add(
                node,
                "id",
                f"{where}, field 'id'",
                f"duplicate id (first used on line {seen_ids[entry.id]})",
                "give one of the two entries another id, or merge them",
            )
        seen_ids.setdefault(entry.id, line_of(node, "id"))
        references = [("related", ref) for ref in entry.related]
        references += [("part_of", entry.part_of)] if entry.part_of else []
        references += [("special_case_of", entry.special_case_of)] if entry.special_case_of else []
        references += [("shows_more_with", entry.shows_more_with)] if entry.shows_more_with else []
        for key, ref in references:
            if ref not in ids:
                check.add(
                    node,
                    key,
                    f"{where}, field '{key}'",
                    f"unknown entry id {ref!r}",
                    did_you_mean(ref, sorted(ids)) or "use the `id` of an entry of this file",
                )
        for name in entry.names:
            owner = claimed.setdefault(name, where)
            if owner != where:
                check.add(
                    node,
                    "names",
                    f"{where}, field 'names'",
                    f"{name!r} is already a name of {owner}",
                    f"keep {name!r} under one entry only",
                )


def _background(check: _Checker, tree: Any, uncovered: tuple[str, ...]) -> tuple[str, ...]:
    """The `not_covered.background` names: each must be one of the not-covered names."""
    node = tree.get("not_covered")
    if not isinstance(node, dict) or "background" not in node:
        return ()
    names = check.names(node, "background", "not_covered")
    for name in names:
        if name not in uncovered:
            check.add(
                node,
                "background",
                "not_covered, field 'background'",
                f"{name!r} is not one of the not-covered names",
                did_you_mean(name, list(uncovered)) or "add it to `names` first",
            )
    return names


def load_fact_base(path: Path = DEFAULT_FACT_BASE, root: Path = PROJECT_ROOT) -> FactBase:
    """Read and validate a fact base file; raise FactBaseError listing every problem.

    Problems name the file relative to `root` (the project folder).
    """
    path = Path(path)
    display = display_path(path, root)
    try:
        tree = read_yaml(path, display)
    except ContentError as error:
        raise FactBaseError(error.problems) from None
    check = _Checker(display)
    if not isinstance(tree, dict):
        raise FactBaseError(
            [Problem(display, 1, "the file must be a mapping with source, aspects and entries")]
        )
    source = _source(check, tree)
    aspects = _aspects(check, tree)
    nodes = tree.get("entries")
    if not isinstance(nodes, list) or not nodes:
        check.add(tree, "entries", "entries", "must be a non-empty list")
        nodes = []
    entries = [e for e in (_entry(check, n, i, list(aspects)) for i, n in enumerate(nodes)) if e]
    uncovered = check.names(tree["not_covered"], "names", "not_covered") if "not_covered" in tree else ()
    background = _background(check, tree, uncovered)
    ages = check.names(tree["age_groups"], "names", "age_groups") if "age_groups" in tree else ()
    _cross_check(check, [n for n in nodes if isinstance(n, dict)], entries, aspects, uncovered, ages)
    if check.problems:
        raise FactBaseError(check.problems)
    return FactBase(source, aspects, {e.id: e for e in entries}, uncovered, ages, background)


@cache
def default_fact_base() -> FactBase:
    """The fact base in $FACT_BASE (default facts/myoclonus.yml), loaded once per process."""
    return load_fact_base(settings().fact_base)
