"""Slack and Telegram through Rasa's connectors, with local stand-ins for their Web APIs."""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from core.fact_base import FactBase
from scripts.servers import Assistant
from tests.channel_stub import ChannelStub

pytestmark = pytest.mark.model

SLACK_SECRET = "local-test-signing-secret"
TELEGRAM_SECRET = "local-test-webhook-secret"


@pytest.fixture(scope="module")
def channels(stub: ChannelStub, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The assistant with Slack and Telegram switched on, talking to the stand-in."""
    running = Assistant(
        tmp_path_factory.mktemp("channels"),
        extra_env={
            "SLACK_BOT_TOKEN": "xoxb-local-test",
            "SLACK_SIGNING_SECRET": SLACK_SECRET,
            "SLACK_API_URL": f"{stub.url}/slack/",
            "TELEGRAM_BOT_TOKEN": "123456:LocalTestTokenForTheStandIn",
            "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
            "TELEGRAM_API_URL": f"{stub.url}/telegram",
        },
    ).start()
    yield running
    running.stop()


# ------------------------------------------------------------------ Slack


def slack_event(text: str, event_id: str, user: str = "U42") -> bytes:
    """The JSON body of a Slack direct message event."""
    event = {
        "token": "ignored",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"user_id": "UBOT"}],
        "event": {
            "type": "message",
            "channel_type": "im",
            "user": user,
            "text": text,
            "channel": "D42",
            "ts": f"{time.time():.6f}",
            "event_ts": f"{time.time():.6f}",
        },
    }
    return json.dumps(event).encode()


def post_slack(
    assistant: Assistant,
    body: bytes,
    timestamp: int | None = None,
    signature: str | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    timestamp = int(time.time()) if timestamp is None else timestamp
    if signature is None:
        digest = hmac.new(
            SLACK_SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256
        ).hexdigest()
        signature = f"v0={digest}"
    return requests.post(
        f"{assistant.url}/webhooks/slack/webhook",
        data=body,
        timeout=30,
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": signature,
            **(headers or {}),
        },
    )


def slack_replies(
    assistant: Assistant, stub: ChannelStub, text: str, event_id: str, user: str
) -> list[dict[str, Any]]:
    """Send a signed Slack message; return the (at least two) chat.postMessage calls it caused."""
    before = len(stub.sent("chat.postMessage"))
    assert post_slack(assistant, slack_event(text, event_id, user=user)).status_code == 200
    return stub.wait_for("chat.postMessage", before + 2)[before:]


def test_slack_message_is_answered_with_blocks(
    channels: Assistant, stub: ChannelStub, facts: FactBase
) -> None:
    posts = slack_replies(channels, stub, "what is palatal myoclonus?", "Ev-palatal", user="U-palatal")
    texts = " ".join(json.dumps(p["body"]) for p in posts)
    assert facts.entries["palatal_myoclonus"].answer[:50] in texts
    with_buttons = [p["body"] for p in posts if p["body"].get("blocks")]
    assert with_buttons and any(b["type"] == "actions" for b in with_buttons[-1]["blocks"])
    assert all(p["body"]["channel"] == "D42" for p in posts)


def test_slack_rejects_unsigned_tampered_and_stale_requests(channels: Assistant, stub: ChannelStub) -> None:
    before = len(stub.calls)
    body = slack_event("what is asterixis?", "Ev-forged")
    assert post_slack(channels, body, signature="").status_code == 400
    assert post_slack(channels, body, signature="v0=" + "0" * 64).status_code == 400
    signed_other = hmac.new(SLACK_SECRET.encode(), f"v0:{int(time.time())}:".encode() + b"{}", hashlib.sha256)
    assert post_slack(channels, body, signature=f"v0={signed_other.hexdigest()}").status_code == 400
    assert post_slack(channels, body, timestamp=int(time.time()) - 600).status_code == 400
    time.sleep(2)
    assert len(stub.calls) == before


def test_slack_retries_do_not_produce_a_second_reply(channels: Assistant, stub: ChannelStub) -> None:
    body = slack_event("what are hypnic jerks?", "Ev-retry", user="U-retry")
    assert post_slack(channels, body).status_code == 200
    first = len(stub.wait_for("chat.postMessage", 1))
    time.sleep(3)
    replies = len(stub.sent("chat.postMessage"))
    for reason in ("http_timeout", "http_error", "connection_failed"):
        retry = post_slack(channels, body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason})
        assert retry.status_code == 200
    time.sleep(3)
    assert first >= 1 and len(stub.sent("chat.postMessage")) == replies


# ------------------------------------------------------------------ Telegram


def telegram_update(update_id: int, text: str, chat_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
        },
    }


def telegram_button(update_id: int, data: str, chat_id: int) -> dict[str, Any]:
    """An update for a tap on an inline-keyboard button that sends `data`."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "data": data,
            "chat_instance": "1",
            "from": {"id": chat_id, "is_bot": False, "first_name": "T"},
            "message": {
                "message_id": update_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "x",
            },
        },
    }


def post_telegram(
    assistant: Assistant, update: dict[str, Any], secret: str | None = TELEGRAM_SECRET
) -> requests.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return requests.post(
        f"{assistant.url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=60
    )


def telegram_texts(stub: ChannelStub, chat_id: int) -> list[dict[str, Any]]:
    return [c["body"] for c in stub.sent("sendMessage") if str(c["body"].get("chat_id")) == str(chat_id)]


def test_telegram_start_gets_the_greeting_with_an_inline_keyboard(
    channels: Assistant, stub: ChannelStub
) -> None:
    assert post_telegram(channels, telegram_update(1, "/start", 7001)).status_code == 200
    sent = telegram_texts(stub, 7001)
    greeting = [m for m in sent if "What would you like to know about myoclonus?" in m["text"]]
    assert greeting, sent
    keyboard = (
        json.loads(greeting[0]["reply_markup"])
        if isinstance(greeting[0]["reply_markup"], str)
        else greeting[0]["reply_markup"]
    )
    assert [row[0]["callback_data"] for row in keyboard["inline_keyboard"]][:2] == [
        "/ask_what_is_myoclonus",
        "/ask_types",
    ]


def test_telegram_question_and_button_are_answered(
    channels: Assistant, stub: ChannelStub, facts: FactBase
) -> None:
    assert post_telegram(channels, telegram_update(2, "what is palatal myoclonus?", 7002)).status_code == 200
    assert any(facts.entries["palatal_myoclonus"].answer in m["text"] for m in telegram_texts(stub, 7002))
    assert post_telegram(channels, telegram_button(3, "/ask_hiccups", 7002)).status_code == 200
    assert any(facts.entries["hiccups"].answer in m["text"] for m in telegram_texts(stub, 7002))


def test_telegram_forged_updates_are_refused(channels: Assistant, stub: ChannelStub) -> None:
    before = len(stub.calls)
    assert post_telegram(channels, telegram_update(4, "what is oms?", 7003), secret=None).status_code == 403
    assert (
        post_telegram(channels, telegram_update(5, "what is oms?", 7003), secret="guess").status_code == 403
    )
    assert post_telegram(channels, {"not": "an update"}).status_code in (200, 400)
    assert requests.post(f"{channels.url}/webhooks/telegram/set_webhook", timeout=10).status_code in (
        404,
        405,
    )
    assert len(stub.calls) == before


def test_the_feedback_pair_is_a_pair_of_buttons_on_telegram_and_slack(
    channels: Assistant, stub: ChannelStub
) -> None:
    thumbs = {'/feedback{"helpful": "yes"}': "👍 Helpful", '/feedback{"helpful": "no"}': "👎 Not helpful"}
    assert post_telegram(channels, telegram_update(6, "what is palatal myoclonus?", 7004)).status_code == 200
    [answer] = [
        m for m in telegram_texts(stub, 7004) if m.get("reply_markup") and "palatal" in m["text"].lower()
    ]
    markup = answer["reply_markup"]
    keyboard = json.loads(markup) if isinstance(markup, str) else markup
    buttons = {b["callback_data"]: b["text"] for row in keyboard["inline_keyboard"] for b in row}
    assert thumbs.items() <= buttons.items()
    click = telegram_button(7, '/feedback{"helpful": "no"}', 7004)
    assert post_telegram(channels, click).status_code == 200
    assert any("Thanks for telling me" in m["text"] for m in telegram_texts(stub, 7004))

    posts = slack_replies(channels, stub, "what is asterixis?", "Ev-thumbs", user="U-thumbs")
    elements = [
        element
        for post in posts
        for block in post["body"].get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert thumbs.items() <= {e["value"]: e["text"]["text"] for e in elements}.items()


def test_telegram_command_keeps_the_words_after_it(channels: Assistant, stub: ChannelStub) -> None:
    update = telegram_update(6, "/start@MyoclonusBot my dad collapsed and isn't breathing", 7004)
    assert post_telegram(channels, update).status_code == 200
    assert any("This sounds like an emergency" in m["text"] for m in telegram_texts(stub, 7004))


def stored_counts(assistant: Assistant) -> dict[str, int]:
    """Stored events per conversation id."""
    with sqlite3.connect(assistant.db) as connection:
        return dict(
            connection.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id").fetchall()
        )


def test_a_rest_caller_cannot_reach_a_telegram_or_slack_conversation(
    channels: Assistant, stub: ChannelStub, facts: FactBase
) -> None:
    assert post_telegram(channels, telegram_update(7, "what is palatal myoclonus?", 7005)).status_code == 200
    body = slack_event("what is palatal myoclonus?", "Ev-scope", user="U-scope")
    assert post_slack(channels, body).status_code == 200
    deadline = time.monotonic() + 30  # Slack is acknowledged at once; the conversation is saved after
    while not (stored := stored_counts(channels)).get("slack:U-scope") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stored.get("telegram:7005") and stored.get("slack:U-scope"), stored

    treatment = facts.entries["palatal_myoclonus"].aspects["treatment"]
    for sender in ("7005", "telegram:7005", "U-scope", "slack:U-scope"):
        assert treatment not in channels.texts(sender, "can it be treated?")
        channels.say(sender, "delete my data")
    after = stored_counts(channels)
    assert (after["telegram:7005"], after["slack:U-scope"]) == (
        stored["telegram:7005"],
        stored["slack:U-scope"],
    )


# ------------------------------------------------------------------ off when not configured


def test_channels_are_off_but_the_server_runs_without_their_secrets(assistant: Any) -> None:
    """The shared test server runs with no Slack or Telegram variables set."""
    slack = requests.post(f"{assistant.url}/webhooks/slack/webhook", json={}, timeout=10)
    telegram = requests.post(f"{assistant.url}/webhooks/telegram/webhook", json={}, timeout=10)
    assert (slack.status_code, telegram.status_code) == (503, 503)
    assert assistant.texts("still-up", "what is asterixis?")
