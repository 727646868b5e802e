"""The review of real conversations: what it finds, how it groups it, the command and its page."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from core.fact_base import FactBase
from core.wording import project_wording
from scripts.review.findings import Kind, Reviewer
from scripts.review.store import StoreError, open_store
from scripts.review.turns import read_turns
from scripts.review_conversations import main
from scripts.servers import rasa_env
from tests.conftest import PROJECT_ROOT
from tests.test_web_widget import CHROMIUM, CHROMIUM_ARGS

DAY_1 = datetime(2025, 3, 3, 9, 30, tzinfo=timezone.utc).timestamp()
DAY_2 = datetime(2025, 3, 4, 14, 0, tzinfo=timezone.utc).timestamp()
INJECTED = '<img src="x" onerror="window.__pwned = 1"> why does my ear click'


def asked(
    text: str,
    intent: str,
    confidence: float,
    *ranked: tuple[str, float],
    topic: str | None = None,
    at: float = DAY_1,
) -> UserUttered:
    """A visitor's message as the model read it."""
    ranking = [{"name": intent, "confidence": confidence}, *({"name": n, "confidence": c} for n, c in ranked)]
    entities = [{"entity": "topic", "value": topic}] if topic else []
    return UserUttered(text, ranking[0], entities, parse_data={"intent_ranking": ranking}, timestamp=at)


def clicked(
    payload: str, intent: str, entities: dict[str, str] | None = None, at: float = DAY_1
) -> UserUttered:
    found = [{"entity": k, "value": v} for k, v in (entities or {}).items()]
    return UserUttered(payload, {"name": intent, "confidence": 1.0}, found, timestamp=at)


def did(*actions: str, at: float = DAY_1) -> list[Event]:
    return [ActionExecuted(a, timestamp=at) for a in actions]


def said(text: str, response: str | None = None, at: float = DAY_1) -> BotUttered:
    return BotUttered(text, metadata={"utter_action": response} if response else {}, timestamp=at)


def answered(topic: str, text: str = "An answer.", at: float = DAY_1) -> list[Event]:
    return [
        ActionExecuted("action_answer_fact", timestamp=at),
        said(text, at=at),
        SlotSet("topic", topic, timestamp=at),
    ]


def conversations() -> dict[str, list[Event]]:
    """One conversation per case the review must tell apart."""
    silent = project_wording().text("utter_article_silent", aspect="how to prevent it", subject="hiccups")
    return {
        "confident": [
            asked("what is palatal myoclonus?", "ask_palatal_myoclonus", 0.97),
            *answered("palatal_myoclonus"),
        ],
        "fallback": [
            asked(
                INJECTED,
                "nlu_fallback",
                0.3,
                ("ask_middle_ear_myoclonus", 0.25),
                ("ask_hiccups", 0.1),
                at=DAY_2,
            ),
            *did("action_suggest_topics", at=DAY_2),
        ],
        "triage": [
            asked("should i see a doctor?", "check_symptoms", 0.95),
            *did("utter_triage_intro", "triage_form"),
            ActiveLoop("triage_form"),
            asked("not really", "deny", 0.41, ("affirm", 0.3)),
            *did("triage_form"),
            asked("purple", "nlu_fallback", 0.2, ("affirm", 0.15)),
            *did("utter_triage_answer_yes_no", "triage_form"),
        ],
        "gibberish": [
            asked("blorp zzkx", "nlu_fallback", 0.2, ("ask_hiccups", 0.01)),
            *did("action_suggest_topics"),
        ],
        "low": [
            asked("how long is a twitch", "ask_duration", 0.45, ("ask_outlook", 0.3)),
            *answered("duration"),
        ],
        "silent": [
            asked("can hiccups be prevented?", "ask_hiccups", 0.96, topic="hiccups"),
            ActionExecuted("action_answer_fact", timestamp=DAY_1),
            said(silent),
            SlotSet("topic", "hiccups"),
        ],
        "not-covered": [
            asked("is myoclonus contagious", "ask_what_is_myoclonus", 0.9),
            ActionExecuted("action_answer_fact"),
            said("The article does not cover that.", "utter_not_covered"),
        ],
        "rated": [
            asked("what are hypnic jerks", "ask_sleep_myoclonus", 0.98),
            *answered("sleep_myoclonus"),
            clicked('/feedback{"helpful": "no"}', "feedback", {"helpful": "no"}),
            *did("utter_feedback_thanks"),
            asked("what is asterixis", "ask_negative_myoclonus", 0.99),
            *answered("negative_myoclonus"),
            clicked('/feedback{"helpful": "yes"}', "feedback", {"helpful": "yes"}),
            *did("utter_feedback_thanks"),
        ],
        "alarm": [
            asked(
                "my dad collapsed laughing at the jerks",
                "emergency",
                0.8,
                ("ask_startle_reflex", 0.2),
                at=DAY_2,
            ),
            *did("utter_emergency", at=DAY_2),
            asked("nobody is in danger, i was joking", "not_an_emergency", 0.93, at=DAY_2),
            *did("utter_not_an_emergency", at=DAY_2),
        ],
    }


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "conversations.db"

    async def fill() -> None:
        store = SQLTrackerStore(dialect="sqlite", db=str(path))
        for sender, events in conversations().items():
            await store.save(DialogueStateTracker.from_events(sender, events))

    asyncio.run(fill())
    return path


def findings(store_file: Path, facts: FactBase) -> list[tuple[Kind, str, str, str]]:
    turns = asyncio.run(read_turns(SQLTrackerStore(dialect="sqlite", db=str(store_file))))
    found = Reviewer(facts, project_wording(), 0.6).findings(turns)
    return [(f.kind, f.turn.text, f.topic, f.intent) for f in found]


def test_the_review_finds_what_an_editor_acts_on_and_nothing_else(store_file: Path, facts: FactBase) -> None:
    assert findings(store_file, facts) == [
        (
            Kind.FALSE_ALARM,
            "my dad collapsed laughing at the jerks",
            "ask_startle_reflex",
            "ask_startle_reflex",
        ),
        (Kind.FALLBACK, INJECTED, "ask_middle_ear_myoclonus", "ask_middle_ear_myoclonus"),
        (Kind.FALLBACK, "blorp zzkx", "", ""),
        (Kind.LOW_CONFIDENCE, "how long is a twitch", "ask_duration", "ask_duration"),
        (Kind.NOT_COVERED, "is myoclonus contagious", "ask_what_is_myoclonus", "ask_what_is_myoclonus"),
        (Kind.UNHELPFUL, "what are hypnic jerks", "ask_sleep_myoclonus", "ask_sleep_myoclonus"),
        (Kind.ARTICLE_SILENT, "can hiccups be prevented?", "ask_hiccups", "ask_hiccups"),
        (Kind.FALLBACK, "purple", "affirm", "affirm"),
    ]


def test_the_command_groups_by_topic_with_ready_to_paste_lines(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--sqlite", str(store_file), "--html", str(tmp_path / "review.html")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "9 conversation(s), 13 message(s) from visitors; feedback: 1 helpful, 1 not helpful.\n"
    )
    assert (
        "## Middle ear myoclonus (`ask_middle_ear_myoclonus`): 1 fell back\n"
        f'  - fell back: "{INJECTED}" (nlu_fallback 0.30; probably ask_middle_ear_myoclonus 0.25; fallback, '
        "2025-03-04 14:00)\n"
        "  paste into data/nlu.yml, under `- intent: ask_middle_ear_myoclonus`:\n"
        '    - <img src="x" onerror="window.__pwned = 1"> why does my ear click\n'
    ) in out
    assert (
        "## Startle reflex (`ask_startle_reflex`): 1 emergency message disputed\n"
        '  - emergency message disputed: "my dad collapsed laughing at the jerks" (emergency 0.80; probably '
        "ask_startle_reflex 0.20; alarm, 2025-03-04 14:00)\n"
        "      why: a `danger` word of safety/red_flags.yml matched, and no `calm` pattern\n"
        "  paste into data/nlu.yml, under `- intent: ask_startle_reflex`:\n"
        "    - my dad collapsed laughing at the jerks\n"
    ) in out
    assert out.split("\n\n")[-2] == (
        "## No likely topic: 1 fell back\n"
        '  - fell back: "blorp zzkx" (nlu_fallback 0.20; no likely topic; gibberish, 2025-03-03 09:30)\n'
        "  paste into data/nlu.yml, under the intent it should have (if it is about myoclonus):\n"
        "    - blorp zzkx"
    )  # last, after the topics
    assert "not really" not in out  # the triage questions understood it
    assert "what is palatal myoclonus" not in out and "what is asterixis" not in out
    assert out.endswith(f"\nPage: {tmp_path / 'review.html'} (open it in a browser)\n")


def test_csv_has_one_row_per_finding(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--sqlite", str(store_file), "--format", "csv", "--html", str(tmp_path / "r.html")]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "topic,intent,kind,message,conversation,time,paste_into,paste"
    assert len(rows) == 1 + 8


# ------------------------------------------------------------------ reading the store


def test_endpoints_are_read_without_the_action_server_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    monkeypatch.delenv("ACTION_SERVER_URL", raising=False)
    assert open_store(PROJECT_ROOT / "endpoints.yml", tmp_path) is None  # no conversations.db there yet
    (tmp_path / "conversations.db").touch()
    assert isinstance(open_store(PROJECT_ROOT / "endpoints.yml", tmp_path), SQLTrackerStore)


def test_the_tracker_store_s_own_variables_are_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DB_PASSWORD", raising=False)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "action_endpoint:\n  token: ${ACTION_SERVER_TOKEN}\n"
        "tracker_store:\n  type: sql\n  dialect: postgresql\n  url: db.example\n  password: ${DB_PASSWORD}\n"
    )
    with pytest.raises(StoreError, match=r"the tracker_store in .*endpoints.yml needs DB_PASSWORD: set it"):
        open_store(endpoints, tmp_path)


def test_the_command_runs_as_documented_with_nothing_else_set() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTION_SERVER")}
    result = subprocess.run(
        [str(PROJECT_ROOT / "scripts" / "review-conversations")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "message(s) from visitors; feedback:" in result.stdout
    assert result.stdout.endswith(
        f"Page: {PROJECT_ROOT / 'results' / 'review.html'} (open it in a browser)\n"
    )


def test_the_review_prints_no_warnings(store_file: Path, tmp_path: Path) -> None:
    """Not even without the set-up's warning filter (PYTHONWARNINGS) or the action server's settings."""
    env = {k: v for k, v in rasa_env().items() if not k.startswith(("ACTION_SERVER", "PYTHONWARNINGS"))}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.review_conversations",
            "--sqlite",
            str(store_file),
            "--html",
            str(tmp_path / "r.html"),
        ],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


# ------------------------------------------------------------------ the page, in Chromium


@pytest.fixture(scope="module")
def page_file(store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page") / "review.html"
    assert main(["--sqlite", str(store_file), "--html", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: scripts/test installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_the_page_shows_counts_per_topic_and_day_the_messages_and_the_fact_entries(
    page_file: Path, browser: Any, facts: FactBase
) -> None:
    page = browser.new_page()
    page.goto(page_file.as_uri())
    assert page.title() == "Conversation review"
    assert page.locator("#counts thead th").all_inner_texts() == [
        "Topic",
        "2025-03-03",
        "2025-03-04",
        "Total",
    ]
    rows = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in page.locator("#counts tbody tr").all()
    }
    assert rows["Middle ear myoclonus"] == ["", "1", "1"]
    assert rows["How long a jerk lasts"] == ["1", "", "1"]
    assert rows["Sleep myoclonus (hypnic jerks)"] == ["1", "", "1"]
    assert len(rows) == 8
    assert rows["No likely topic"] == ["1", "", "1"]
    section = page.locator("#topic-ask_sleep_myoclonus")
    assert section.locator("td.message").all_inner_texts() == ["what are hypnic jerks"]
    assert "rated not helpful" in section.inner_text()
    section.locator("a[href='#fact-sleep_myoclonus']").click()
    fact = page.locator("#fact-sleep_myoclonus")
    assert fact.is_visible()
    assert facts.entries["sleep_myoclonus"].answer in fact.inner_text()
    assert "facts/myoclonus.yml, line " in fact.inner_text()
    page.close()


def test_a_message_with_markup_is_shown_as_text(page_file: Path, browser: Any) -> None:
    page = browser.new_page()
    page.goto(page_file.as_uri())
    message = page.locator("#topic-ask_middle_ear_myoclonus td.message")
    assert message.inner_text() == INJECTED
    assert page.locator("#topic-ask_middle_ear_myoclonus pre.paste").inner_text().endswith(INJECTED)
    assert page.locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.close()
