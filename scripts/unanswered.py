"""What visitors asked that the assistant could not answer, grouped by likely topic.

Reads the conversations in the tracker store configured in endpoints.yml (or the SQLite file
given with --sqlite) and lists messages that fell back (nlu_fallback, out of scope, or an
intent confidence below --threshold), grouped by the topic they most likely concern, with
counts, an example and the conversation ids. Output: Markdown (default) or CSV.

    scripts/unanswered                       # Markdown to the terminal
    scripts/unanswered --format csv > gaps.csv
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.events import UserUttered
from rasa.utils.endpoints import read_endpoint_config

from core.fact_base import FactBase, default_fact_base
from core.settings import PROJECT_ROOT

FALLBACK_INTENTS = ("nlu_fallback", "out_of_scope")
DEFAULT_THRESHOLD = 0.6


@dataclass
class Gap:
    """Unanswered messages about one likely topic."""

    topic: str
    messages: list[str] = field(default_factory=list)
    conversations: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.messages)


def is_unanswered(parse_data: dict[str, Any], threshold: float) -> bool:
    """True when the message fell back or its intent was a guess."""
    intent = parse_data.get("intent") or {}
    return intent.get("name") in FALLBACK_INTENTS or float(intent.get("confidence") or 0) < threshold


def likely_topic(parse_data: dict[str, Any], facts: FactBase) -> str:
    """A fact base topic the message names, else the best real intent's topic, else 'unknown'."""
    for entity in parse_data.get("entities") or []:
        if entity.get("entity") == "topic" and entity.get("value") in facts.entries:
            return facts.entries[entity["value"]].title
    for ranked in parse_data.get("intent_ranking") or []:
        name = ranked.get("name")
        if name in FALLBACK_INTENTS:
            continue
        entry = facts.entry_for_intent(name)
        return f"{entry.title} (guess)" if entry else f"{name} (guess)"
    return "unknown"


async def find_gaps(store: TrackerStore, facts: FactBase, threshold: float) -> list[Gap]:
    """Every unanswered message in the store, grouped by likely topic, most frequent first."""
    gaps: dict[str, Gap] = {}
    for sender_id in await store.keys():
        tracker = await store.retrieve_full_tracker(sender_id)
        if tracker is None:
            continue
        for event in tracker.events:
            if isinstance(event, UserUttered) and event.text and is_unanswered(event.parse_data, threshold):
                topic = likely_topic(event.parse_data, facts)
                gap = gaps.setdefault(topic, Gap(topic))
                gap.messages.append(event.text)
                if sender_id not in gap.conversations:
                    gap.conversations.append(sender_id)
    return sorted(gaps.values(), key=lambda g: (-g.count, g.topic))


def as_markdown(gaps: list[Gap]) -> str:
    """A Markdown table an editor can read."""
    if not gaps:
        return "No unanswered messages found.\n"
    lines = ["| Likely topic | Count | Example message | Conversations |", "| --- | ---: | --- | --- |"]
    for gap in gaps:
        example = gap.messages[0].replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {gap.topic} | {gap.count} | {example} | {', '.join(gap.conversations[:5])} |")
    return "\n".join(lines) + "\n"


def as_csv(gaps: list[Gap]) -> str:
    """One row per unanswered topic, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["likely_topic", "count", "example_message", "conversations"])
    for gap in gaps:
        writer.writerow([gap.topic, gap.count, gap.messages[0], " ".join(gap.conversations)])
    return out.getvalue()


def open_store(sqlite: Path | None, endpoints: Path) -> TrackerStore:
    """The tracker store to read: a SQLite file, or the one endpoints.yml configures."""
    if sqlite is not None:
        if not sqlite.is_file():
            raise SystemExit(f"No tracker store at {sqlite}")
        return SQLTrackerStore(dialect="sqlite", db=str(sqlite))
    config = read_endpoint_config(str(endpoints), "tracker_store")
    if config is None:
        raise SystemExit(f"{endpoints} configures no tracker_store")
    return TrackerStore.create(config)


def main(argv: list[str] | None = None) -> int:
    """Print the report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sqlite", type=Path, help="read this SQLite tracker store file")
    parser.add_argument("--endpoints", type=Path, default=PROJECT_ROOT / "endpoints.yml")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="lowest confident score")
    parser.add_argument("--format", choices=("markdown", "csv"), default="markdown")
    args = parser.parse_args(argv)
    store = open_store(args.sqlite, args.endpoints)
    gaps = asyncio.run(find_gaps(store, default_fact_base(), args.threshold))
    sys.stdout.write(as_markdown(gaps) if args.format == "markdown" else as_csv(gaps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
