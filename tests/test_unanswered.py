"""The unanswered-questions report, on a tracker store filled by a scripted conversation."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.core.tracker_store import SQLTrackerStore

from core.fact_base import FactBase
from scripts.unanswered import as_csv, as_markdown, find_gaps, main
from tests.conftest import MODEL

CONVERSATIONS = {
    "visitor-a": ["what is palatal myoclonus?", "what's the weather like in paris", "blorp zzkx qwop"],
    "visitor-b": ["can you book me a taxi", "is asterixis dangerous?"],
}


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite tracker store filled by talking to the real model."""
    path = tmp_path_factory.mktemp("store") / "conversations.db"

    async def talk() -> None:
        agent = Agent.load(str(MODEL), tracker_store=SQLTrackerStore(dialect="sqlite", db=str(path)))
        for sender, messages in CONVERSATIONS.items():
            for text in messages:
                await agent.handle_text(text, sender_id=sender)

    asyncio.run(talk())
    return path


@pytest.mark.model
def test_report_lists_unanswered_messages_by_topic(store_file: Path, facts: FactBase) -> None:
    gaps = asyncio.run(find_gaps(SQLTrackerStore(dialect="sqlite", db=str(store_file)), facts, 0.6))
    unanswered = {m for g in gaps for m in g.messages}
    assert {"what's the weather like in paris", "blorp zzkx qwop", "can you book me a taxi"} <= unanswered
    assert "what is palatal myoclonus?" not in unanswered
    assert "is asterixis dangerous?" not in unanswered
    assert sum(g.count for g in gaps) == len(unanswered)
    assert {c for g in gaps for c in g.conversations} == {"visitor-a", "visitor-b"}
    markdown = as_markdown(gaps)
    assert markdown.startswith("| Likely topic | Count | Example message | Conversations |")
    assert "visitor-a" in markdown
    assert as_csv(gaps).splitlines()[0] == "likely_topic,count,example_message,conversations"


@pytest.mark.model
def test_command_prints_the_report(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--sqlite", str(store_file), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "taxi" in out


def test_empty_store_says_so(tmp_path: Path, facts: FactBase) -> None:
    store = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "empty.db"))
    assert as_markdown(asyncio.run(find_gaps(store, facts, 0.6))) == "No unanswered messages found.\n"
