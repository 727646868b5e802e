"""The terminal chat: buttons as numbered choices, free typing, /stop, and piped input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from core.fact_base import FactBase
from tests.conftest import PROJECT_ROOT

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


class RecordingAssistant:
    """A local REST endpoint that records each message and answers with two buttons."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.authorization: list[str | None] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                recorder.received.append(body)
                recorder.authorization.append(self.headers.get("Authorization"))
                reply = json.dumps([{"text": f"you said {body['message']}", "buttons": YES_NO}]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def recorder() -> Iterator[RecordingAssistant]:
    running = RecordingAssistant()
    yield running
    running.server.shutdown()


def chat(url: str, typed: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "REST_TOKEN"} | (
        {"REST_TOKEN": token} if token else {}
    )
    return subprocess.run(
        [sys.executable, "-m", "scripts.chat", url],
        input=typed,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=env,
        timeout=120,
    )


def test_buttons_are_numbered_a_number_picks_one_and_text_goes_as_typed(recorder: RecordingAssistant) -> None:
    result = chat(recorder.url, "hello\n2\nwhat is myoclonus\n7\n/stop\nnever sent\n")
    assert result.returncode == 0, result.stderr
    assert [m["message"] for m in recorder.received] == ["hello", "/deny", "what is myoclonus", "7"]
    assert len({m["sender"] for m in recorder.received}) == 1
    assert "Bot: you said hello\n  1) Yes\n  2) No\n" in result.stdout
    assert "You: 2\n  (chose: No)\nBot: you said /deny\n" in result.stdout
    assert result.stderr == ""


def test_the_end_of_piped_input_ends_the_chat(recorder: RecordingAssistant) -> None:
    result = chat(recorder.url, "hello\n")
    assert result.returncode == 0
    assert [m["message"] for m in recorder.received] == ["hello"]


def test_stop_quits_even_while_buttons_are_shown(recorder: RecordingAssistant) -> None:
    result = chat(recorder.url, "hello\n  /stop  \nhello again\n")
    assert result.returncode == 0
    assert [m["message"] for m in recorder.received] == ["hello"]


def test_the_rest_token_is_sent_when_the_server_needs_one(recorder: RecordingAssistant) -> None:
    assert chat(recorder.url, "hello\n", token="s3cret").returncode == 0
    assert chat(recorder.url, "hello\n").returncode == 0
    assert recorder.authorization == ["Bearer s3cret", None]


def test_an_assistant_that_is_not_running_is_named() -> None:
    result = chat("http://127.0.0.1:9", "hello\n")
    assert result.returncode == 1
    assert "Cannot reach the assistant at http://127.0.0.1:9: is it running? (scripts/start)" in result.stdout


@pytest.mark.model
def test_a_scripted_chat_with_the_real_assistant(assistant: Any, facts: FactBase) -> None:
    result = chat(assistant.url, "hi\nwhat is myoclonus\n1\n/stop\n", assistant.extra_env.get("REST_TOKEN"))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Bot: Hi! What would you like to know about myoclonus?\n  1) What is myoclonus?\n" in out
    answer = facts.entries["what_is_myoclonus"].answer
    assert f"Bot: {answer}" in out
    related = facts.entries[facts.entries["what_is_myoclonus"].related[0]]
    assert f"  (chose: {related.title})\nBot: {related.answer}" in out
    assert "👍 Helpful" in out and "👎 Not helpful" in out
