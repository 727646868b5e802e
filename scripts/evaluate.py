"""Grade the running assistant on a held-out set (tests/heldout/*.yml), as a visitor sees it.

    python -m scripts.evaluate tests/heldout/dev.yml               # against fresh servers
    python -m scripts.evaluate tests/heldout/dev.yml --url http://127.0.0.1:5005

Each question is asked in a new conversation (follow-ups in order, the last reply graded):
- a fact question is right when the reply gives the expected fact base text (the entry's
  answer, or its answer for the aspect) and no emergency message;
- a `not_covered` question is right when the reply is the "not covered" answer, or says that
  the article is silent on what was asked of the form (which also points to the provider);
- an emergency is right when the reply starts with the emergency message; a calm question
  is a false alarm when it gets the emergency message.
A question whose graded message is word for word a training example is not scored (it is
counted as `excluded_in_training`): only phrasings the model never saw count.
Writes results/heldout/<set>.json and prints a summary; misses are listed with what came back.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.utils.io import read_yaml_file

from core.answers import ARTICLE_SILENT
from core.claims import unsupported_claims
from core.fact_base import FactBase, default_fact_base
from core.settings import PROJECT_ROOT, settings
from core.wording import project_wording

OUT = PROJECT_ROOT / "results" / "heldout"
# The held-out question sets, each written by a helper who never saw the training data:
# `dev` to tune on; `test` and `blind` to `blind29`, each blind until its first run (recorded in
# results/bench/tuning.md) and tuned on since: the next round needs fresh sets.
SET_NAMES = ("dev", "test", "blind", *(f"blind{n}" for n in range(2, 30)))
QUESTION_SETS = [PROJECT_ROOT / "tests" / "heldout" / f"{name}.yml" for name in SET_NAMES]
EMERGENCY = "utter_emergency"
NOT_COVERED = "utter_not_covered"

Ask = Callable[[str, str], str]


def normal(text: str) -> str:
    """Lower case, single spaces: for comparing replies with fact texts."""
    return " ".join(text.lower().split())


def fact_texts(facts: FactBase) -> dict[str, str]:
    """'entry' or 'entry/aspect' -> the normalised text the assistant answers it with."""
    texts = {entry.id: normal(entry.answer) for entry in facts.entries.values()}
    for entry in facts.entries.values():
        texts.update({f"{entry.id}/{aspect}": normal(text) for aspect, text in entry.aspects.items()})
    return texts


def marker(response: str) -> str:
    """The start of a response, up to its first placeholder or sentence end: enough to recognise it."""
    return normal(project_wording().template(response).split("{")[0].split(". ")[0])


@dataclass
class Grade:
    """What one held-out set measured."""

    name: str
    per_pattern: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[dict[str, Any]] = field(default_factory=list)
    confusions: Counter[str] = field(default_factory=Counter)
    excluded_in_training: int = 0
    invented: list[str] = field(default_factory=list)

    def add(self, pattern: str, right: bool, miss: dict[str, Any] | None = None) -> None:
        self.per_pattern[pattern]["right" if right else "wrong"] += 1
        if not right and miss is not None:
            self.misses.append({"pattern": pattern, **miss})

    def rate(self, patterns: list[str]) -> float:
        right = sum(self.per_pattern[p]["right"] for p in patterns)
        total = sum(sum(self.per_pattern[p].values()) for p in patterns)
        return round(100 * right / total, 1) if total else 0.0

    def summary(self) -> dict[str, Any]:
        questions = [p for p in self.per_pattern if p not in ("emergencies", "calm")]
        return {
            "set": self.name,
            "answered_right_pct": self.rate(questions),
            "per_pattern_pct": {p: self.rate([p]) for p in sorted(self.per_pattern)},
            "counts": {p: dict(c) for p, c in sorted(self.per_pattern.items())},
            "emergency_recall_pct": self.rate(["emergencies"]),
            "calm_false_alarm_pct": round(100 - self.rate(["calm"]), 1) if self.per_pattern["calm"] else 0.0,
            "excluded_in_training": self.excluded_in_training,
            "replies_with_invented_claims": self.invented,
            "confusions": dict(self.confusions.most_common()),
            "misses": self.misses,
        }


def what_came_back(reply: str, texts: dict[str, str], emergency: str, not_covered: str, silent: str) -> str:
    """A short name for a reply: the fact it gave, the emergency or not-covered answer, or its start."""
    if emergency in reply:
        return "EMERGENCY"
    if not_covered in reply:
        return "NOT_COVERED"
    if silent in reply:
        return "ARTICLE_SILENT"
    found = sorted((reply.find(text), key) for key, text in texts.items() if text and text in reply)
    return found[0][1] if found else "OTHER: " + reply[:80]


def training_texts() -> set[str]:
    """Every training example, normalised."""
    return {normal(m.get("text")) for m in load_data(str(PROJECT_ROOT / "data" / "nlu.yml")).intent_examples}


def grade(path: Path, ask: Ask, facts: FactBase) -> Grade:
    """Ask every question of a held-out file and grade the replies."""
    content = read_yaml_file(path)
    result = Grade(path.stem)
    trained = training_texts()

    # The intro is service information (it says how many days conversations are kept), not a claim.
    intro = normal(project_wording().text("utter_intro", retention_days=settings().retention_days))

    def checked(sender: str, text: str) -> str:
        reply = ask(sender, text)
        claims = unsupported_claims(normal(reply).replace(intro, ""))
        result.invented.extend(f"{text!r} -> {claim}" for claim in claims)
        return reply

    texts = fact_texts(facts)
    emergency, not_covered, silent = marker(EMERGENCY), marker(NOT_COVERED), marker(ARTICLE_SILENT)
    for item in content.get("questions", []):
        if normal(item["turns"][-1]) in trained:
            result.excluded_in_training += 1
            continue
        sender = f"eval-{uuid.uuid4().hex[:12]}"
        reply = ""
        for turn in item["turns"]:
            reply = normal(checked(sender, turn)).replace(intro, "").strip()
        expect = item["expect"]
        got = what_came_back(reply, texts, emergency, not_covered, silent)
        if expect.get("not_covered"):
            wanted = "NOT_COVERED"
        else:
            wanted = expect["topic"] + (f"/{expect['aspect']}" if expect.get("aspect") else "")
        right = (
            got == wanted
            or (wanted, got) == ("NOT_COVERED", "ARTICLE_SILENT")
            or (got not in ("EMERGENCY", "NOT_COVERED") and texts.get(wanted, "\0") in reply)
        )
        if not right:
            result.confusions[f"{wanted} -> {got.split(':')[0]}"] += 1
        result.add(
            item["pattern"], right, {"id": item["id"], "turns": item["turns"], "want": wanted, "got": got}
        )
    for pattern, should_alarm in (("emergencies", True), ("calm", False)):
        for text in (t for t in content.get(pattern, []) if normal(t) not in trained):
            alarmed = emergency in normal(checked(f"eval-{uuid.uuid4().hex[:12]}", text))
            result.add(pattern, alarmed == should_alarm, {"turns": [text], "alarmed": alarmed})
    return result


def write(result: Grade) -> dict[str, Any]:
    """Save the summary as results/heldout/<set>.json and return it."""
    summary = result.summary()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{result.name}.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def main() -> int:
    """Grade one or more held-out files against a running (or freshly started) assistant."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--url", help="a running assistant (default: start fresh servers)")
    parser.add_argument("--misses", action="store_true", help="print every miss")
    args = parser.parse_args()
    from scripts.servers import Assistant, rest_texts

    running = None
    if args.url:
        url = args.url
    else:
        import tempfile

        running = Assistant(Path(tempfile.mkdtemp(prefix="evaluate-"))).start()
        url = running.url
    try:
        for path in args.files:
            summary = write(
                grade(path, lambda sender, text: rest_texts(url, sender, text), default_fact_base())
            )
            shown = {k: v for k, v in summary.items() if k != "misses" or args.misses}
            print(json.dumps(shown, indent=2))
    finally:
        if running is not None:
            running.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
