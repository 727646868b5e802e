"""Two Rasa servers behind HAProxy, with PostgreSQL and Redis: `scripts/start --replicas 2`.

The whole set-up is started through scripts/start as an operator runs it. The tests run in
this file's order: conversations alternate between the servers; Slack retries and the widget
work whichever server gets them; a server killed under load loses nothing and comes back;
the rate limit answers 429; a restart of everything keeps every conversation.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import json
import os
import signal
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
import requests
import socketio

from core.answers import compose_answer
from core.fact_base import FactBase
from core.settings import PROJECT_ROOT
from core.wording import project_wording
from scripts.cluster.cluster import remove_run_dir
from scripts.cluster.runner import RunningCluster
from scripts.load_test import LoadReport, run_scripts, script_for
from tests import test_web_widget as widget
from tests.channel_stub import ChannelStub

pytestmark = pytest.mark.model
browser = widget.browser  # the widget tests' Chromium (and their selectors: one place for the markup)

T = TypeVar("T")
SLACK_SECRET = "scale-out-test-signing-secret"
TURNS = 6


@pytest.fixture(scope="module")
def cluster(stub: ChannelStub) -> Iterator[RunningCluster]:
    run_dir = PROJECT_ROOT / "run" / f"test-scale-out-{os.getpid()}"
    running = RunningCluster(
        run_dir,
        replicas=2,
        extra_env={
            "SLACK_BOT_TOKEN": "xoxb-scale-out-test",
            "SLACK_SIGNING_SECRET": SLACK_SECRET,
            "SLACK_API_URL": f"{stub.url}/slack/",
        },
    ).start()
    yield running
    running.stop()
    remove_run_dir(run_dir)


def say(cluster: RunningCluster, sender: str, text: str) -> tuple[str, str]:
    """(reply texts, server that answered) for one REST message through the balancer."""
    reply = requests.post(
        f"{cluster.proxy_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    assert reply.status_code == 200, reply.text
    return " ".join(m.get("text") or "" for m in reply.json()), reply.headers["X-Served-By"]


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine in a thread of its own (Playwright's sync API holds this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_follow_ups_keep_their_topic_while_the_servers_alternate(
    cluster: RunningCluster, facts: FactBase
) -> None:
    entry = facts.entries["palatal_myoclonus"]
    servers = []
    for message, expected in script_for(entry, facts, TURNS):
        text, server = say(cluster, "scale-alternate", message)
        assert expected in text, (message, text)
        servers.append(server)
    assert all(a != b for a, b in zip(servers, servers[1:], strict=False)), servers
    assert set(servers) == {"rasa1", "rasa2"}


def slack_body(event_id: str) -> bytes:
    event = {"type": "message", "channel_type": "im", "user": "U-scale", "text": "what is sleep myoclonus?",
             "channel": "D42", "ts": f"{time.time():.6f}", "event_ts": f"{time.time():.6f}"}  # fmt: skip
    return json.dumps(
        {
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "team_id": "T1",
            "api_app_id": "A1",
            "authorizations": [{"user_id": "UBOT"}],
            "event": event,
        }  # fmt: skip
    ).encode()


def post_slack(cluster: RunningCluster, body: bytes, retry: bool) -> requests.Response:
    timestamp = str(int(time.time()))
    digest = hmac.new(SLACK_SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp,
               "X-Slack-Signature": f"v0={digest}"}  # fmt: skip
    if retry:
        headers |= {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    return requests.post(
        f"{cluster.proxy_url}/webhooks/slack/webhook", data=body, headers=headers, timeout=30
    )


def test_a_slack_retry_on_the_other_server_gets_no_second_reply(
    cluster: RunningCluster, stub: ChannelStub
) -> None:
    body = slack_body("Ev-scale-out")
    servers = {post_slack(cluster, body, retry=False).headers["X-Served-By"]}
    assert stub.wait_for("chat.postMessage", 1)
    time.sleep(2)  # the greeting and the answer
    replies = len(stub.sent("chat.postMessage"))
    for _ in range(3):
        retried = post_slack(cluster, body, retry=True)
        assert retried.status_code == 200
        servers.add(retried.headers["X-Served-By"])
    time.sleep(3)
    assert servers == {"rasa1", "rasa2"}
    assert len(stub.sent("chat.postMessage")) == replies


def test_the_widget_gets_replies_through_the_balancer_on_either_server(
    cluster: RunningCluster,
    browser: Any,
    facts: FactBase,
) -> None:
    answer = facts.entries["sleep_myoclonus"].answer[:60]
    servers = set()
    for _ in range(4):
        context = browser.new_context()
        page = context.new_page()
        widget.visit(page, cluster.proxy_url)
        widget.open_chat(page)
        widget.ask(page, "what is sleep myoclonus?", answer)
        servers |= {c["value"] for c in context.cookies() if c["name"] == "RASA_SERVER"}
        context.close()
        if servers == {"rasa1", "rasa2"}:
            break
    assert servers == {"rasa1", "rasa2"}


def test_a_reply_reaches_the_visitors_tabs_on_both_servers(cluster: RunningCluster, facts: FactBase) -> None:
    """Two tabs of one visitor (one session id) connected to different servers both get the reply.

    The first server issues the signed session id; the other server accepts it (the servers
    share the signing secret), so the second tab joins the same conversation.
    """

    answer = facts.entries["startle_reflex"].answer

    async def tabs() -> tuple[Any, Any]:
        state = cluster.state()["processes"]
        received: dict[str, list[str]] = {"rasa1": [], "rasa2": []}
        confirmed: dict[str, asyncio.Queue[str]] = {name: asyncio.Queue() for name in received}
        clients = []
        session_id = None
        for name in received:
            client = socketio.AsyncClient()
            client.on("bot_uttered", lambda data, name=name: received[name].append(data.get("text", "")))
            client.on("session_confirm", confirmed[name].put)
            await client.connect(f"http://127.0.0.1:{state[name]['port']}", transports=["polling"])
            await client.emit("session_request", {"session_id": session_id})
            issued = await asyncio.wait_for(confirmed[name].get(), 20)
            assert session_id is None or issued == session_id, "the other server did not accept the session"
            session_id = issued
            clients.append(client)
        await clients[0].emit(
            "user_uttered", {"message": "what is the startle reflex?", "session_id": session_id}
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(
            any(answer in text for text in texts) for texts in received.values()
        ):
            await asyncio.sleep(0.2)
        for client in clients:
            await client.disconnect()
        return received["rasa1"], received["rasa2"]

    on_first, on_second = run_async(tabs())
    assert any(answer in text for text in on_first), on_first
    assert any(answer in text for text in on_second), on_second


def test_a_server_killed_under_load_loses_nothing_and_rejoins(
    cluster: RunningCluster, facts: FactBase
) -> None:
    entries = [e for e in facts.entries.values() if e.is_specific]
    scripts: list[list[tuple[str, str | None]]] = [
        list(script_for(entries[i % len(entries)], facts, TURNS)) for i in range(20)
    ]
    victim = cluster.pid("rasa2")
    assert victim is not None
    report = LoadReport(len(scripts), TURNS)

    async def run_and_kill() -> None:
        url = f"{cluster.proxy_url}/webhooks/rest/webhook"
        load = asyncio.create_task(run_scripts(url, scripts, "scale", own_addresses=True, report=report))
        while report.requests < len(scripts) * TURNS // 3:
            await asyncio.sleep(0.05)
        os.kill(victim, signal.SIGKILL)  # with messages in flight on it
        await load

    run_async(run_and_kill())
    summary = report.summary()
    problems = (summary["errors"], summary["lost"], summary["cross_wired"], summary["wrong"])
    assert problems == (0, 0, 0, 0), report.examples
    assert report.requests == 20 * TURNS
    # Both servers answered (rasa2 until it was killed); the alternation itself is the first test's.
    assert {server for servers in report.served_by.values() for server in servers} == {"rasa1", "rasa2"}

    # Nothing lost, nothing doubled: each conversation holds exactly what was sent and answered.
    with cluster.database() as db, db.cursor() as cursor:
        for sender, sent in zip(
            sorted(report.served_by, key=lambda s: int(s.rsplit("-", 1)[1])), scripts, strict=True
        ):
            cursor.execute(
                "SELECT type_name, data FROM events WHERE sender_id = %s AND type_name IN ('user', 'bot') "
                "ORDER BY id",
                (f"rest:{sender}",),
            )
            rows = cursor.fetchall()
            user_texts = [json.loads(data)["text"] for kind, data in rows if kind == "user"]
            assert user_texts == [message for message, _ in sent], sender
            assert sum(kind == "bot" for kind, _ in rows) == report.bot_messages[sender], sender

    # The killed server was restarted and the balancer sends it requests again.
    deadline = time.monotonic() + 180
    served = set()
    while time.monotonic() < deadline and "rasa2" not in served:
        served.add(requests.get(f"{cluster.proxy_url}/webhooks/rest/", timeout=10).headers.get("X-Served-By"))
        time.sleep(1)
    assert "rasa2" in served
    assert cluster.pid("rasa2") not in (None, victim)
    entry = facts.entries["middle_ear_myoclonus"]
    for message, expected in script_for(entry, facts, 4):
        text, server = say(cluster, "scale-after-rejoin", message)
        assert expected in text
        served.add(server)
    assert served >= {"rasa1", "rasa2"}


def test_too_many_requests_from_one_address_get_429(cluster: RunningCluster) -> None:
    visitor = http.client.HTTPConnection(
        "127.0.0.1", cluster.proxy_port, timeout=10, source_address=("127.0.3.9", 0)
    )
    statuses = []
    for _ in range(101):
        visitor.request("GET", "/webhooks/rest/")
        response = visitor.getresponse()
        body = response.read()
        statuses.append(response.status)
    assert statuses[:100] == [200] * 100
    assert statuses[100] == 429 and response.getheader("Retry-After") == "10"
    assert "too many requests" in json.loads(body)["error"]
    # Other visitors are not limited by this one.
    assert requests.get(f"{cluster.proxy_url}/webhooks/rest/", timeout=10).status_code == 200


def test_a_request_sent_again_to_another_server_is_answered_once(cluster: RunningCluster) -> None:
    """What the balancer does when a server dies after storing a turn but before answering."""
    processes = cluster.state()["processes"]
    headers = {"X-Request-ID": f"scale-replay-{time.time_ns()}"}
    body = {"sender": "scale-replay", "message": "what is the startle reflex?"}
    replies = [
        requests.post(
            f"http://127.0.0.1:{processes[name]['port']}/webhooks/rest/webhook",
            json=body,
            headers=headers,
            timeout=60,
        ).json()
        for name in ("rasa1", "rasa2")
    ]
    assert replies[0] and replies[1] == replies[0]
    with cluster.database() as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM events WHERE sender_id = 'rest:scale-replay' AND type_name = 'user'"
        )
        assert cursor.fetchone()[0] == 1


def test_a_restart_of_everything_keeps_the_conversation(cluster: RunningCluster, facts: FactBase) -> None:
    entry = facts.entries["palatal_myoclonus"]
    first = say(cluster, "scale-restart", f"what is {entry.names[0]}?")[0]
    assert entry.answer in first
    pids = [p["pid"] for p in cluster.state()["processes"].values() if p["pid"]]
    cluster.stop()  # Ctrl-C
    assert not [pid for pid in pids if alive(pid)], "a process outlived Ctrl-C"
    cluster.start()
    text, _ = say(cluster, "scale-restart", "can it be treated?")
    assert compose_answer(facts, project_wording(), entry, "treatment").text in text
