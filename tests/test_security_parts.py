"""The security controls' parts on their own: rate limit, payloads, signed sessions, commands,
retention and secure deletion, start-up checks (the attacks on the servers: test_security.py)."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiogram.types import Update
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from core.settings import PROJECT_ROOT, Settings
from extensions.message_screen import is_whole_payload
from extensions.rate_limit import SlidingWindowLimiter
from extensions.startup_checks import is_loopback, rest_channel_configured
from extensions.telegram_channel import update_text
from extensions.tracker_store import DAY_SECONDS, ForgetfulSQLTrackerStore
from extensions.web_sessions import SessionSigner, session_secret


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_default_limit_is_twenty_messages_a_minute() -> None:
    assert Settings.from_env({}).messages_per_minute == 20


def test_rate_limit_counts_each_conversation_in_a_sliding_minute() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(3, 60, clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    clock.now += 59.9
    assert not limiter.allow("a")
    clock.now += 0.2
    assert limiter.allow("a")


@pytest.mark.parametrize(
    "text", ["/greet", " /greet ", "/ask_hiccups", '/ask_treatment{"topic": "hiccups"}', "/deny{}"]
)
def test_whole_payloads(text: str) -> None:
    assert is_whole_payload(text)


@pytest.mark.parametrize(
    "text",
    [
        "/greet my dad collapsed",
        "/greet@1",
        "/greet@0.9 hello",
        "/greet{} and more",
        '/greet{"a": 1} {"b": 2',
        "/greet{not json}",
        "/greet[1]",
        "/greet{}\nhello",
        "/",
        "hello /greet",
        None,
    ],
)
def test_anything_else_is_text(text: str | None) -> None:
    assert not is_whole_payload(text)


def test_signed_session_ids() -> None:
    signer = SessionSigner(b"secret")
    session = signer.issue()
    conversation = session.split(".")[0]
    assert signer.conversation(session) == conversation
    assert SessionSigner(b"other").conversation(session) is None
    for forged in (conversation, f"{conversation}.{'0' * 64}", session + "0", session.upper(), None, 7):
        assert signer.conversation(forged) is None
    assert signer.issue() != session


def test_generated_session_secret_is_kept_private_and_survives(tmp_path: Path) -> None:
    current = Settings.from_env({"WEB_SESSION_SECRET_FILE": str(tmp_path / "keys" / "secret")})
    first = session_secret(current)
    assert len(first) >= 64 and session_secret(current) == first
    assert stat.S_IMODE((tmp_path / "keys" / "secret").stat().st_mode) == 0o600
    assert session_secret(Settings.from_env({"WEB_SESSION_SECRET": "given"})) == b"given"


def test_the_generated_secret_is_not_in_git() -> None:
    assert "secrets/" in (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", "/greet"),
        ("/start@MyoclonusBot", "/greet"),
        ("/start@MyoclonusBot what is myoclonus?", "what is myoclonus?"),
        ("/help my dad collapsed and isn't breathing", "my dad collapsed and isn't breathing"),
        ("what is /start?", "what is /start?"),
    ],
)
def test_telegram_commands_keep_their_words(text: str, expected: str) -> None:
    update = Update(
        update_id=1,
        message={"message_id": 1, "date": 0, "text": text, "chat": {"id": 1, "type": "private"}},
    )
    assert update_text(update) == expected


def test_loopback_interfaces() -> None:
    assert all(is_loopback(i) for i in ("127.0.0.1", "127.0.0.53", "::1", "localhost"))
    assert not any(is_loopback(i) for i in ("0.0.0.0", "::", "192.168.1.5", "example.org"))


def test_the_project_credentials_turn_rest_on(tmp_path: Path) -> None:
    assert rest_channel_configured(PROJECT_ROOT / "credentials.yml")
    only_widget = tmp_path / "credentials.yml"
    only_widget.write_text("extensions.web_page.WebPageInput:\n", encoding="utf-8")
    assert not rest_channel_configured(only_widget)
    assert not rest_channel_configured(tmp_path / "missing.yml")


# ------------------------------------------------------------------ the store


@pytest.fixture
def sqlite_off_by_default() -> Iterator[None]:
    """Act as an SQLite library built with secure_delete off (Debian's is built with it on)."""

    def turn_off(connection: Any, _: Any) -> None:
        connection.execute("PRAGMA secure_delete=OFF")

    sa.event.listen(sa.engine.Engine, "connect", turn_off)
    yield
    sa.event.remove(sa.engine.Engine, "connect", turn_off)


def _save(store: ForgetfulSQLTrackerStore, sender: str, *ages_in_days: float) -> None:
    tracker = DialogueStateTracker(sender, None)
    for age in ages_in_days:
        tracker.update(UserUttered(f"words of {sender}", timestamp=time.time() - age * DAY_SECONDS))
    asyncio.run(store.save(tracker))


def _senders(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}


def test_deleted_conversations_are_overwritten(tmp_path: Path, sqlite_off_by_default: None) -> None:
    db = tmp_path / "store.db"
    store = ForgetfulSQLTrackerStore(dialect="sqlite", db=str(db))
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA secure_delete")).scalar() == 1
    _save(store, "rest:secret-marker-conversation", 0)
    asyncio.run(store.delete("rest:secret-marker-conversation"))
    assert b"words of rest:secret-marker" not in db.read_bytes()


def test_conversations_past_the_retention_period_are_deleted(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    store = ForgetfulSQLTrackerStore(dialect="sqlite", db=str(db))
    _save(store, "rest:old", 40, 31)
    _save(store, "rest:old-but-active", 40, 0.1)
    _save(store, "rest:recent", 29)
    assert store.forget_expired() == 2
    assert _senders(db) == {"rest:old-but-active", "rest:recent"}
    assert store.forget_expired(now=time.time() + 2 * DAY_SECONDS) == 1
    assert _senders(db) == {"rest:old-but-active"}


def test_expired_conversations_are_deleted_on_start_and_then_periodically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.db"
    _save(ForgetfulSQLTrackerStore(dialect="sqlite", db=str(db)), "rest:old", 31)
    monkeypatch.setattr(ForgetfulSQLTrackerStore, "sweep_seconds", 0.2)
    store = ForgetfulSQLTrackerStore(dialect="sqlite", db=str(db))
    assert _senders(db) == set()  # on start
    _save(store, "rest:later", 31)
    deadline = time.monotonic() + 10
    while _senders(db) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _senders(db) == set()  # by the periodic sweep
