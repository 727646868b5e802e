"""The review as groups by topic, printed for the terminal or as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from core.fact_base import Entry, FactBase
from scripts.review.findings import UNCLEAR, Finding, Kind
from scripts.review.turns import Turn


@dataclass
class Group:
    """The findings about one topic (the intent a training example would go to)."""

    intent: str
    entry: Entry | None
    findings: list[Finding]

    @property
    def title(self) -> str:
        return self.entry.title if self.entry else self.intent or "No likely topic"

    def by_kind(self) -> Counter[Kind]:
        return Counter(f.kind for f in self.findings)


@dataclass
class Review:
    """Everything the review found in a set of conversations."""

    turns: list[Turn]
    groups: list[Group]
    ratings: Counter[str]

    @classmethod
    def of(cls, turns: list[Turn], findings: list[Finding], ratings: Counter[str], facts: FactBase) -> Review:
        """Group the findings by topic, the largest group first."""
        by_intent: dict[str, list[Finding]] = {}
        for finding in findings:
            by_intent.setdefault(finding.topic, []).append(finding)
        groups = [Group(i, facts.entry_for_intent(i), found) for i, found in by_intent.items()]
        groups.sort(key=lambda g: (g.intent == UNCLEAR, -len(g.findings), g.title))
        return cls(turns, groups, ratings)

    @property
    def conversations(self) -> int:
        return len({t.conversation for t in self.turns})

    @property
    def questions(self) -> int:
        return sum(1 for t in self.turns if not t.is_button)

    def _days(self) -> list[date]:
        return sorted({f.turn.time.date() for g in self.groups for f in g.findings})

    @property
    def weekly(self) -> bool:
        """Counts go by week when the findings span more than a month, else by day."""
        days = self._days()
        return bool(days) and (days[-1] - days[0]).days > 31

    def period_of(self, day: date) -> date:
        """The day itself, or the Monday of its week."""
        return day - timedelta(days=day.weekday()) if self.weekly else day

    def periods(self) -> list[date]:
        """The periods that have findings, in order."""
        return sorted({self.period_of(day) for day in self._days()})

    def count(self, group: Group, period: date) -> int:
        """Findings of a group in one period."""
        return sum(1 for f in group.findings if self.period_of(f.turn.time.date()) == period)


def as_text(review: Review) -> str:
    """The review for the terminal: a summary, then each topic with ready-to-paste lines."""
    lines = [
        f"{review.conversations} conversation(s), {review.questions} message(s) from visitors; "
        f"feedback: {review.ratings['yes']} helpful, {review.ratings['no']} not helpful.",
    ]
    if review.turns and not review.groups:
        lines.append("Nothing to act on: every message was answered with confidence.")
    for group in review.groups:
        kinds = ", ".join(f"{count} {kind.value}" for kind, count in group.by_kind().most_common())
        heading = f"{group.title} (`{group.intent}`)" if group.intent else group.title
        lines += ["", f"## {heading}: {kinds}"]
        for finding in group.findings:
            when = finding.turn.time.strftime("%Y-%m-%d %H:%M")
            where = f"{finding.turn.conversation}, {when}"
            lines.append(f'  - {finding.kind.value}: "{finding.turn.text}" ({finding.reading}; {where})')
            if finding.note:
                lines.append(f"      why: {finding.note}")
        for place in sorted({f.paste_into for f in group.findings}):
            lines.append(f"  paste into {place}:")
            lines += sorted({f.paste for f in group.findings if f.paste_into == place})
    return "\n".join(lines) + "\n"


def as_csv(review: Review) -> str:
    """One row per finding, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["topic", "intent", "kind", "message", "conversation", "time", "paste_into", "paste"])
    for group in review.groups:
        for f in group.findings:
            writer.writerow(
                [group.title, group.intent, f.kind.value, f.turn.text, f.turn.conversation,
                 f.turn.time.isoformat(timespec="seconds"), f.paste_into, f.paste.strip()]
            )  # fmt: skip
    return out.getvalue()
