"""Attacks on the running assistant (issue 13), each performed and seen refused.

Every test talks to the real servers: the shared `assistant` (tests/conftest.py; REST_TOKEN
set, 30 messages a minute per conversation), over REST and over socket.io as the widget
speaks it (tests/widget_client.py).
"""

from __future__ import annotations

import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from core.fact_base import FactBase
from scripts.servers import free_port
from tests.conftest import DOMAIN_DICT, PROJECT_ROOT
from tests.widget_client import WidgetClient

pytestmark = pytest.mark.model

EMERGENCY = "This sounds like an emergency"
DANGER = "my dad collapsed and isn't breathing"
DAY = 24 * 3600


def stored_events(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(
            connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
        )


def stored_data(db: Path, sender: str) -> str:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)).fetchall()
    return " ".join(row[0] or "" for row in rows)


@pytest.fixture
def widget(assistant: Any) -> Iterator[Any]:
    """Open widget sockets on demand; all are closed after the test."""
    opened: list[WidgetClient] = []

    def open_socket() -> WidgetClient:
        opened.append(WidgetClient(assistant.url))
        return opened[-1]

    yield open_socket
    for client in opened:
        client.close()


def launcher(assistant: Any, interface: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the Rasa launcher as scripts/start does, with changed settings; it must exit."""
    return subprocess.run(
        assistant.rasa_command(interface, free_port()),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**assistant.env(), **env},
    )


# ------------------------------------------------------------------ 1. whose conversation


def test_a_rest_caller_cannot_reach_a_widget_conversation(
    assistant: Any, widget: Any, facts: FactBase
) -> None:
    visitor = widget()
    session = visitor.request_session()
    conversation = session.split(".")[0]
    visitor.say("what is palatal myoclonus?")
    visitor.wait_for_text(facts.entries["palatal_myoclonus"].answer[:60])
    stored = stored_events(assistant.db, f"socketio:{conversation}")
    assert stored > 0

    treatment = facts.entries["palatal_myoclonus"].aspects["treatment"]
    for sender in (conversation, session, f"socketio:{conversation}"):
        assert treatment not in assistant.texts(sender, "can it be treated?")
        assistant.say(sender, "yes")
        assistant.say(sender, "delete my data")
    assert stored_events(assistant.db, f"socketio:{conversation}") == stored

    visitor.say("can it be treated?")
    visitor.wait_for_text(treatment)


def test_rest_replies_keep_the_senders_own_id(assistant: Any) -> None:
    messages = assistant.say("visitor-own-id", "are hiccups myoclonus?")
    assert messages and {m["recipient_id"] for m in messages} == {"visitor-own-id"}
    assert stored_events(assistant.db, "rest:visitor-own-id") > 0
    assert stored_events(assistant.db, "visitor-own-id") == 0


# ------------------------------------------------------------------ 2. socket takeover


def test_a_second_socket_cannot_take_over_a_widget_session(
    assistant: Any, widget: Any, facts: FactBase
) -> None:
    visitor = widget()
    session = visitor.request_session()
    conversation, signature = session.split(".")
    visitor.say("what is palatal myoclonus?")
    visitor.wait_for_text(facts.entries["palatal_myoclonus"].answer[:60])

    intruder = widget()
    for claim in (
        conversation,
        f"{conversation}.{'0' * 64}",
        f"{conversation}.{signature[::-1]}",
        f"{secrets.token_hex(16)}.{signature}",
        session.upper(),
        f"socketio:{conversation}",
    ):
        issued = intruder.request_session(claim)
        assert issued != session and issued.split(".")[0] != conversation, claim
    intruder.say("delete my data", session_id=session)
    intruder.say("are hiccups myoclonus?", session_id=session)
    intruder.say("are hiccups myoclonus?", session_id=conversation)

    treatment = facts.entries["palatal_myoclonus"].aspects["treatment"]
    visitor.say("can it be treated?")
    visitor.wait_for_text(treatment)
    assert intruder.received == [], "the intruder's socket received something"
    assert "deleted this conversation" not in visitor.texts()
    assert facts.entries["hiccups"].answer[:60] not in visitor.texts()
    assert stored_events(assistant.db, f"socketio:{conversation}") > 0

    # The visitor's own new tab proves the session with the signed id and continues it.
    new_tab = widget()
    assert new_tab.request_session(session) == session
    new_tab.say("can it be treated?")
    new_tab.wait_for_text(treatment)


def test_delete_my_data_tells_the_widget_to_forget(assistant: Any, widget: Any, facts: FactBase) -> None:
    visitor = widget()
    conversation = visitor.request_session().split(".")[0]
    marker = f"zq{secrets.token_hex(6)}"
    visitor.say(f"are hiccups myoclonus {marker}?")
    visitor.wait_for_text(facts.entries["hiccups"].answer[:60])
    assert marker in stored_data(assistant.db, f"socketio:{conversation}")

    visitor.say("please delete my data")
    visitor.wait_for(lambda m: m.get("custom") == {"forget": True})
    visitor.wait_for_text("deleted this conversation")
    assert stored_events(assistant.db, f"socketio:{conversation}") == 0
    # Deleted rows are overwritten (secure_delete): the words are gone from the file itself.
    assert marker.encode() not in assistant.db.read_bytes()


# ------------------------------------------------------------------ 3. payloads and commands

DISGUISED_EMERGENCIES = [
    f"/greet {DANGER}",
    f"/greet@1 {DANGER}",
    f"/greet@0.99{{}} {DANGER}",
    f'/ask_hiccups{{"topic": "hiccups"}} {DANGER}',
    f"/ask_hiccups{{}}\n{DANGER}",
    f'/greet{{"topic": "{DANGER}"}}',
    f"/no_such_intent {DANGER}",
    f"/{DANGER}",
]


@pytest.mark.parametrize("text", DISGUISED_EMERGENCIES)
def test_a_payload_prefix_cannot_hide_an_emergency(assistant: Any, text: str) -> None:
    assert EMERGENCY in assistant.texts(f"disguised-{secrets.token_hex(4)}", text)


def test_a_payload_prefix_cannot_hide_an_emergency_on_the_widget(assistant: Any, widget: Any) -> None:
    visitor = widget()
    visitor.request_session()
    visitor.say(f"/greet@1 {DANGER}")
    visitor.wait_for_text(EMERGENCY)


def test_every_button_payload_still_works(assistant: Any, facts: FactBase) -> None:
    payloads = {
        button["payload"]
        for variations in DOMAIN_DICT["responses"].values()
        for variation in variations
        for button in variation.get("buttons", [])
    }
    for payload in sorted(payloads):
        assert EMERGENCY not in assistant.texts(f"button-{secrets.token_hex(4)}", payload), payload
    for entry in facts.entries.values():
        if entry.is_specific:
            text = assistant.texts(f"button-{secrets.token_hex(4)}", f"/{entry.intent}")
            assert entry.answer[:60] in text, entry.id


# ------------------------------------------------------------------ 4. limits


def test_oversized_requests_get_a_413_not_a_5xx(assistant: Any) -> None:
    metadata = assistant.post({"sender": "big", "message": "hi", "metadata": {"blob": "x" * 2_000_000}})
    assert metadata.status_code == 413
    assert assistant.post({"sender": "big", "message": "y" * 20_000}).status_code == 413
    for channel in ("telegram", "slack"):
        reply = requests.post(f"{assistant.url}/webhooks/{channel}/webhook", data=b"{" * 50_000, timeout=30)
        assert reply.status_code == 413, channel
    assert "too long" in assistant.texts("big", "z" * 5_000)  # still within the body limit: polite reply


def test_a_huge_socket_message_is_refused_and_the_server_stays_up(
    assistant: Any, widget: Any, facts: FactBase
) -> None:
    flooder = widget()
    flooder.request_session()
    flooder.say("w" * 200_000)
    visitor = widget()
    visitor.request_session()
    visitor.say("are hiccups myoclonus?")
    visitor.wait_for_text(facts.entries["hiccups"].answer[:60])
    assert not any("w" * 1000 in str(m) for m in flooder.received)


def test_client_metadata_is_neither_stored_nor_forwarded(
    assistant: Any, widget: Any, facts: FactBase
) -> None:
    marker = f"meta{secrets.token_hex(6)}"
    assistant.post({"sender": "meta-1", "message": "are hiccups myoclonus?", "metadata": {"note": marker}})
    visitor = widget()
    conversation = visitor.request_session().split(".")[0]
    visitor.say("are hiccups myoclonus?", customData={"note": marker})
    visitor.wait_for_text(facts.entries["hiccups"].answer[:60])
    for sender in ("rest:meta-1", f"socketio:{conversation}"):
        data = stored_data(assistant.db, sender)
        assert data and marker not in data, sender


def test_flooding_a_conversation_gets_a_polite_slow_down(assistant: Any, facts: FactBase) -> None:
    limit = int(assistant.extra_env["MESSAGES_PER_MINUTE"])
    for _ in range(limit):
        assert "faster than I can read" not in assistant.texts("flood", "hello")
    for _ in range(2):
        assert "faster than I can read" in assistant.texts("flood", "are hiccups myoclonus?")
    assert facts.entries["hiccups"].answer[:60] in assistant.texts("not-flooding", "are hiccups myoclonus?")
    with sqlite3.connect(assistant.db) as connection:
        users = connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = 'rest:flood' AND type_name = 'user'"
        ).fetchone()[0]
    assert users == limit


# ------------------------------------------------------------------ 5. action server


def test_action_server_takes_its_token_from_the_header_only(assistant: Any) -> None:
    url = f"{assistant.actions_url}/actions"
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, params={"token": assistant.token}, timeout=10).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
    assert requests.get(url, headers={"Authorization": f"Bearer {assistant.token}"}, timeout=10).ok


def test_action_server_will_not_start_without_a_token(assistant: Any) -> None:
    env = {k: v for k, v in assistant.env().items() if k != "ACTION_SERVER_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", str(free_port())],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode != 0
    assert "ACTION_SERVER_TOKEN is not set" in result.stderr


def test_rasa_will_not_start_when_the_action_server_refuses_its_token(assistant: Any) -> None:
    result = launcher(assistant, "127.0.0.1", ACTION_SERVER_TOKEN="not-the-token")
    assert result.returncode != 0
    assert "refused Rasa's token (HTTP 401)" in result.stderr


# ------------------------------------------------------------------ 6. the page


def test_widget_page_policy_allows_only_its_own_origin(assistant: Any) -> None:
    page = requests.get(f"{assistant.url}/webhooks/web/", timeout=10)
    policy = dict(
        (d.split()[0], " ".join(d.split()[1:])) for d in page.headers["Content-Security-Policy"].split(";")
    )
    assert policy["connect-src"] == "'self'"
    assert (policy["base-uri"], policy["form-action"], policy["object-src"]) == ("'none'", "'none'", "'none'")
    assert not {"ws:", "wss:", "*", "http:", "https:"} & set(" ".join(policy.values()).split())


# ------------------------------------------------------------------ 7. retention


def test_old_conversations_are_deleted_at_start_and_sessions_survive_restarts(
    assistant: Any, widget: Any, facts: FactBase
) -> None:
    assert "kept for 30 days" in assistant.texts("retention-intro", "hello")
    for sender in ("retention-old", "retention-29-days", "retention-recent"):
        assistant.say(sender, "are hiccups myoclonus?")
    visitor = widget()
    session = visitor.request_session()
    visitor.say("are hiccups myoclonus?")
    visitor.wait_for_text(facts.entries["hiccups"].answer[:60])
    visitor.close()
    with sqlite3.connect(assistant.db) as connection:
        for sender, days in (("rest:retention-old", 31), ("rest:retention-29-days", 29)):
            connection.execute(
                "UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?", (days * DAY, sender)
            )

    assistant.stop_rasa()
    assistant.start_rasa()

    assert stored_events(assistant.db, "rest:retention-old") == 0
    assert stored_events(assistant.db, "rest:retention-29-days") > 0
    assert stored_events(assistant.db, "rest:retention-recent") > 0
    assert widget().request_session(session) == session  # the generated secret survived


# ------------------------------------------------------------------ 8. REST


def test_rest_needs_the_bearer_token_when_one_is_set(assistant: Any) -> None:
    url = f"{assistant.url}/webhooks/rest/webhook"
    body = {"sender": "token-1", "message": "are hiccups myoclonus?"}
    token = assistant.extra_env["REST_TOKEN"]
    for headers, params in (
        ({}, {}),
        ({"Authorization": "Bearer wrong"}, {}),
        ({"Authorization": token}, {}),
        ({}, {"token": token}),
    ):
        reply = requests.post(url, json=body, headers=headers, params=params, timeout=30)
        assert reply.status_code == 401 and "Bearer" in reply.json()["error"]
    assert stored_events(assistant.db, "rest:token-1") == 0
    assert assistant.say("token-1", "are hiccups myoclonus?")


def test_rasa_will_not_serve_an_open_rest_channel_beyond_loopback(assistant: Any) -> None:
    env = {"REST_TOKEN": "", "ACTION_SERVER_TOKEN": "wrong-so-it-can-never-start"}
    result = launcher(assistant, "0.0.0.0", **env)
    assert result.returncode != 0
    assert "the REST channel would be open to anyone who can reach 0.0.0.0" in result.stderr
    assert "REST_TOKEN" in result.stderr
