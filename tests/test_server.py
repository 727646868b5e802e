"""The running assistant under bad input, faults and restarts, over its real REST channel."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.fact_base import FactBase
from scripts.servers import free_port, wait_until_up
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.model

HOSTILE_MESSAGES = [
    "",
    "   ",
    "\n\t ",
    "😀😀😀",
    "¿Qué es la mioclonía y cómo se trata?",
    "Was ist Myoklonus und wie wird es behandelt?",
    "<script>alert('pwned')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "'; DROP TABLE events; --",
    "1 OR 1=1; SELECT * FROM events",
    '{"sender": "admin", "message": "hi", "intent": "emergency"}',
    "/",
    "/foo",
    '/ask_treatment{"topic": {"a": 1}}',
    '/ask_hiccups{"topic": "no_such_entry"}',
    '/greet{"topic": [1, 2], "unknown_entity": 3}',
    '/ask_palatal_myoclonus@7{"aspect": 7}',
    "/ask_hiccups{not json",
    "\u0000\u0001\u0002",
    "x" * 1001,
    "what is myoclonus " * 400,
]

MALFORMED_BODIES: list[Any] = [
    b"not json at all",
    b'{"sender": "a", "message": ',
    [1, 2, 3],
    "just a string",
    {"message": "hi"},
    {"sender": "a"},
    {"sender": 12, "message": "hi"},
    {"sender": "", "message": "hi"},
    {"sender": "a" * 200, "message": "hi"},
    {"sender": "<script>", "message": "hi"},
    {"sender": "a", "message": 5},
    {"sender": "a", "message": None},
    {"sender": "a", "message": ["hi"]},
    {"sender": "a", "message": "hi", "metadata": "not an object"},
]


def assert_polite(messages: list[dict[str, Any]]) -> str:
    assert messages, "silence: no reply at all"
    text = " ".join(m.get("text") or "" for m in messages)
    assert text.strip(), f"reply without text: {messages}"
    for leak in ("Traceback", "Exception", "<script", "onerror", "javascript:", "DROP TABLE"):
        assert leak not in text, f"{leak!r} in reply: {text}"
    return text


@pytest.mark.parametrize("message", HOSTILE_MESSAGES, ids=range(len(HOSTILE_MESSAGES)))
def test_hostile_message_gets_a_polite_reply(assistant: Any, message: str) -> None:
    assert_polite(assistant.say("hostile", message))


def test_hostile_replies_say_what_is_wrong(assistant: Any) -> None:
    assert "empty" in assistant.texts("hostile-2", "   ")
    assert "too long" in assistant.texts("hostile-2", "y" * 5000)
    assert "English" in assistant.texts("hostile-2", "¿Qué es la mioclonía y cómo se trata?")


def test_conversation_still_works_after_hostile_input(assistant: Any, facts: FactBase) -> None:
    for message in HOSTILE_MESSAGES:
        assistant.say("hostile-then-normal", message)
    assert facts.entries["palatal_myoclonus"].answer in assistant.texts(
        "hostile-then-normal", "what is palatal myoclonus?"
    )


@pytest.mark.parametrize("body", MALFORMED_BODIES, ids=range(len(MALFORMED_BODIES)))
def test_malformed_request_gets_a_400_with_a_reason(assistant: Any, body: Any) -> None:
    reply = assistant.post(body)
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.from_regex(r"/[a-z_]{0,25}(@[0-9.]{0,4})?(\{.{0,40}\})?", fullmatch=True),
        st.sampled_from(["what is it", "stop", "yes", "no", "help", "delete my data"]),
    )
)
def test_fuzzed_messages_never_fail(assistant: Any, text: str) -> None:
    reply = assistant.post({"sender": "fuzz", "message": text})
    assert reply.status_code == 200, reply.text
    assert_polite(reply.json())


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(json_values, st.fixed_dictionaries({"sender": json_values, "message": json_values})))
def test_fuzzed_bodies_get_200_or_400_never_500(assistant: Any, body: Any) -> None:
    reply = assistant.post(body)
    assert reply.status_code in (200, 400), reply.text
    if reply.status_code == 200:
        assert_polite(reply.json())


# ------------------------------------------------------------------ faults


def test_action_server_down_gives_an_apology_not_silence(assistant: Any, facts: FactBase) -> None:
    assistant.stop_actions()
    try:
        text = assert_polite(assistant.say("fault-down", "what is palatal myoclonus?"))
        assert "Sorry, something went wrong" in text and "healthcare provider" in text
    finally:
        assistant.start_actions()
    assert facts.entries["hiccups"].answer in assistant.texts("fault-down", "are hiccups myoclonus?")


class _SlowHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        time.sleep(8)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def slow_action_server(assistant: Any) -> Iterator[None]:
    assistant.stop_actions()
    server = ThreadingHTTPServer(("127.0.0.1", assistant.actions_port), _SlowHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield
    server.shutdown()
    server.server_close()
    assistant.start_actions()


def test_slow_action_server_gives_an_apology_in_time(assistant: Any, slow_action_server: None) -> None:
    started = time.monotonic()
    text = assert_polite(assistant.say("fault-slow", "what are hypnic jerks?"))
    assert "Sorry, something went wrong" in text
    assert time.monotonic() - started < 7.5  # ACTION_TIMEOUT_SECONDS=3 in this test server


def test_action_server_refuses_calls_without_the_token(assistant: Any) -> None:
    url = f"{assistant.actions_url}/webhook"
    assert requests.post(url, json={"next_action": "action_cite_source"}, timeout=10).status_code == 401
    assert requests.post(url + "?token=wrong", json={}, timeout=10).status_code == 401


def test_action_server_errors_reveal_nothing(assistant: Any) -> None:
    reply = requests.post(
        f"{assistant.actions_url}/webhook",
        headers={"Authorization": f"Bearer {assistant.token}"},
        json={"next_action": "action_answer_fact", "tracker": {"secret": "visitor data"}, "domain": None},
        timeout=10,
    )
    assert reply.status_code == 500
    assert reply.json() == {"error": "internal error"}


def test_broken_fact_base_stops_action_server_start_up(tmp_path: Path) -> None:
    broken = tmp_path / "facts.yml"
    text = (PROJECT_ROOT / "facts" / "myoclonus.yml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace("  - id: hiccups\n    kind: type", "  - id: hiccups\n    kind: tipe"), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", "1"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "FACT_BASE": str(broken)},
        timeout=60,
    )
    assert result.returncode != 0
    assert "Cannot start the action server" in result.stderr
    assert "entry 'hiccups', field 'kind'" in result.stderr


# ------------------------------------------------------------------ nothing lost, nothing kept


def _stored_events(db: Path, sender: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(
            connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
        )


def test_restart_mid_conversation_keeps_the_topic(assistant: Any, facts: FactBase) -> None:
    assistant.say("restart-1", "what is palatal myoclonus?")
    assistant.stop_rasa()
    assistant.start_rasa()
    assert facts.entries["palatal_myoclonus"].aspects["treatment"] in assistant.texts(
        "restart-1", "can it be treated?"
    )


def test_forget_me_deletes_the_conversation_from_the_store(assistant: Any) -> None:
    assistant.say("forget-1", "what is asterixis?")
    assert _stored_events(assistant.db, "rest:forget-1") > 0
    assert "deleted this conversation" in assistant.texts("forget-1", "please delete my data")
    assert _stored_events(assistant.db, "rest:forget-1") == 0
    assistant.say("keep-1", "hello")
    assert _stored_events(assistant.db, "rest:keep-1") > 0


# ------------------------------------------------------------------ let no one in


def test_http_api_is_off_by_default(assistant: Any) -> None:
    for path in ("/conversations/forget-1/tracker", "/model/parse", "/status"):
        assert requests.get(f"{assistant.url}{path}", timeout=10).status_code in (403, 404, 405), path


def test_cors_allows_only_configured_origins(assistant: Any) -> None:
    url = f"{assistant.url}/webhooks/rest/webhook"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = requests.options(url, headers={"Origin": "https://allowed.example", **preflight}, timeout=10)
    evil = requests.options(url, headers={"Origin": "https://evil.example", **preflight}, timeout=10)
    assert allowed.headers.get("Access-Control-Allow-Origin") == "https://allowed.example"
    assert "Access-Control-Allow-Origin" not in evil.headers


def test_start_refuses_an_open_http_api() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("RASA_AUTH_TOKEN", "RASA_JWT_SECRET")}
    result = subprocess.run(
        ["bash", str(PROJECT_ROOT / "scripts" / "start"), "--serve"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "RASA_ENABLE_API": "true"},
    )
    assert result.returncode != 0
    assert "RASA_ENABLE_API=true needs RASA_AUTH_TOKEN or RASA_JWT_SECRET" in result.stderr


def test_start_honours_the_action_server_port(tmp_path: Path, facts: FactBase) -> None:
    """ACTIONS_PORT moves the action server and Rasa follows it (endpoints.yml reads the URL)."""
    rasa_port, actions_port = free_port(), free_port()
    log = (tmp_path / "start.log").open("wb")
    started = subprocess.Popen(
        ["bash", str(PROJECT_ROOT / "scripts" / "start"), "--serve"],
        env={**os.environ, "RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(actions_port)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", started, tmp_path / "start.log", timeout=240)
        reply = requests.post(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            json={"sender": "port-1", "message": "what is palatal myoclonus?"},
            timeout=60,
        )
        assert facts.entries["palatal_myoclonus"].answer in " ".join(m.get("text", "") for m in reply.json())
    finally:
        os.killpg(started.pid, signal.SIGTERM)
        started.wait(timeout=30)
