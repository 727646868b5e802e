"""The website widget in a real headless Chromium, against the running assistant.

Speed (Enter to answer on screen), accessibility (axe-core in every state, keyboard alone,
screen-reader semantics, 200 % text, reduced motion, a 360 px phone), the emergency alert,
safe rendering, and the session protocol (server-issued ids, "forget me").
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain

from core.fact_base import FactBase
from tests.conftest import PROJECT_ROOT, RESULTS

pytestmark = pytest.mark.model

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = PROJECT_ROOT / "web" / "vendor" / "axe.min.js"
SCREENSHOTS = RESULTS / "screenshots"
STORAGE_KEY = "myoclonus-chat"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

LAUNCHER = "#chat-launcher"
PANEL = "#chat-panel"
INPUT = "#chat-input"
LOG = "#chat-log"
BOT = ".chat-message-bot"
USER = ".chat-message-user"
REPLY = ".chat-reply"

# Runs in every page before its own scripts: records what is added to the message list (and
# whether the page had finished loading), the time from each Enter to the next bot message on
# screen (the frame after it is added), and any Content-Security-Policy violation.
RECORDER = """
window.__chat = {added: [], answerMs: [], answersInView: [], csp: [], loaded: false, enterAt: null, openAt: null, greetingMs: null};
addEventListener("load", () => { __chat.loaded = true; });
document.addEventListener("click", (e) => {
  if (e.target.closest && e.target.closest("#chat-launcher")) __chat.openAt = performance.now();
}, true);
document.addEventListener("securitypolicyviolation",
  (e) => __chat.csp.push(e.violatedDirective + " " + e.blockedURI));
document.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && e.target.id === "chat-input" && e.target.value.trim()) {
    __chat.enterAt = performance.now();
  }
}, true);
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target.id !== "chat-log") continue;
    for (const node of record.addedNodes) {
      if (node.nodeType !== 1) continue;
      const bot = node.classList.contains("chat-message-bot");
      __chat.added.push({bot, text: node.querySelector(".chat-text").textContent, loaded: __chat.loaded});
      if (bot && __chat.openAt !== null && __chat.greetingMs === null) {
        const start = __chat.openAt;
        __chat.greetingMs = -1;
        requestAnimationFrame(() => { __chat.greetingMs = performance.now() - start; });
      }
      if (bot && __chat.enterAt !== null) {
        const start = __chat.enterAt;
        __chat.enterAt = null;
        requestAnimationFrame(() => {
          const shown = node.getBoundingClientRect(), box = record.target.getBoundingClientRect();
          __chat.answerMs.push(performance.now() - start);
          __chat.answersInView.push(shown.top < box.bottom && shown.bottom > box.top);
        });
      }
    }
  }
}).observe(document, {childList: true, subtree: true});
"""

AXE_RUN = """async () => {
  const finite = document.getAnimations().filter((a) => a.effect.getTiming().iterations !== Infinity);
  await Promise.all(finite.map((a) => a.finished));  // check the settled page, not a fade-in
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: scripts/test installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Make a page in a fresh browser context (options as for `browser.new_context`)."""
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(**{"viewport": DESKTOP, **options})
        context.add_init_script(RECORDER)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def texts(domain: Domain) -> dict[str, str]:
    """The first text of each fixed response, as the widget shows it."""
    return {name: variants[0].get("text", "") for name, variants in domain.responses.items()}


def visit(page: Any, url: str) -> None:
    page.goto(f"{url}/webhooks/web/")
    page.wait_for_selector(LAUNCHER, state="attached")


def open_chat(page: Any, greeting: str | None = None) -> None:
    """Open the chat (if closed) and, given the greeting, wait until it is shown."""
    if page.is_hidden(PANEL):
        page.click(LAUNCHER)
    page.wait_for_selector(INPUT)
    if greeting is not None:
        wait_for_bot(page, greeting)


def start_chat(page: Any, url: str, greeting: str | None = None) -> None:
    """Load the widget's page and open the chat, as `open_chat`."""
    visit(page, url)
    open_chat(page, greeting)


def bot_messages(page: Any) -> list[str]:
    return [text.strip() for text in page.locator(f"{BOT} .chat-text").all_inner_texts()]


def wait_for_bot(page: Any, text: str) -> None:
    """Wait until a bot message contains the first words of `text`."""
    page.wait_for_function(
        """(start) => [...document.querySelectorAll('.chat-message-bot .chat-text')]
             .some((m) => m.textContent.replace(/\\s+/g, ' ').includes(start))""",
        arg=" ".join(text.split())[:60],
        timeout=30000,
    )


def ask(page: Any, text: str, answer: str) -> None:
    """Type a question, press Enter and wait for the expected answer."""
    page.fill(INPUT, text)
    page.keyboard.press("Enter")
    wait_for_bot(page, answer)


def stored(page: Any) -> dict[str, Any]:
    """What the widget keeps in session storage."""
    raw = page.evaluate(f"sessionStorage.getItem('{STORAGE_KEY}')")
    assert raw, "the widget stored nothing"
    return dict(json.loads(raw))


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the whole page (axe is injected by the test, not the page)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run scripts/build-web --test (scripts/test does).")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return list(page.evaluate(AXE_RUN))


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def write_result(name: str, data: Any) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def socket_event(frame: Any) -> tuple[str, Any] | None:
    """(event, data) of a socket.io event frame on the websocket, else None."""
    if isinstance(frame, str) and frame.startswith("42["):
        name, *data = json.loads(frame[2:])
        return name, (data[0] if data else None)
    return None


def socket_frame(name: str, data: Any) -> str:
    return "42" + json.dumps([name, data])


def proxy_socket(
    page: Any,
    to_server: Callable[[Any], Any] = lambda frame: frame,
    to_page: Callable[[Any], list[Any]] = lambda frame: [frame],
) -> None:
    """Pass the page's socket.io websocket through functions that may rewrite its frames."""

    def handler(route: Any) -> None:
        server = route.connect_to_server()
        route.on_message(lambda frame: server.send(to_server(frame)))
        server.on_message(lambda frame: [route.send(f) for f in to_page(frame)])

    page.route_web_socket(re.compile(r"/socket\.io/"), handler)


def test_conversation_in_the_browser(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    page = new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.on("websocket", lambda socket: hosts.add(socket.url.split("/")[2]))

    start_chat(page, assistant.url, texts["utter_greet"])

    palatal = facts.entries["palatal_myoclonus"].answer
    ask(page, "what is palatal myoclonus?", palatal)
    page.click(f"{REPLY} >> text=Middle ear myoclonus")  # sends the button's payload
    wait_for_bot(page, facts.entries["middle_ear_myoclonus"].answer)
    assert page.locator(f"{USER} >> text=Middle ear myoclonus").count() == 1

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-desktop.png"))

    before = bot_messages(page)
    page.reload()
    page.wait_for_selector(INPUT)  # the widget was open: it reopens with the conversation
    assert bot_messages(page) == before
    assert page.locator(f"{USER} >> text=what is palatal myoclonus?").count() == 1

    assert hosts == {f"127.0.0.1:{assistant.port}"}, f"the page loaded from other hosts: {hosts}"
    assert page.evaluate("__chat.csp") == []
    assert page.errors == []


def test_answers_appear_at_once(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    page = new_page()
    start_chat(page, assistant.url, texts["utter_greet"])
    greeting_ms = page.evaluate("__chat.greetingMs")  # from the click: connecting included

    questions = {
        "what is myoclonus?": "what_is_myoclonus",
        "what is palatal myoclonus?": "palatal_myoclonus",
        "what is epileptic myoclonus?": "epileptic_myoclonus",
        "what is the startle reflex?": "startle_reflex",
        "what is sleep myoclonus": "sleep_myoclonus",
        "how is it diagnosed?": "diagnosis",
        "what is essential myoclonus?": "essential_myoclonus",
        "can prescribed medicines cause it?": "prescribed_medications",
        "what is middle ear myoclonus?": "middle_ear_myoclonus",
        "how long does it last?": "duration",
    }
    for question, entry in questions.items():
        ask(page, question, facts.entries[entry].answer)
    page.wait_for_function(f"__chat.answerMs.length === {len(questions)}")
    answer_ms = page.evaluate("__chat.answerMs")
    assert all(page.evaluate("__chat.answersInView"))  # each answer was in view, not below the fold

    median, worst = statistics.median(answer_ms), max(answer_ms)
    write_result(
        "widget_timing.json",
        {
            "answers": len(answer_ms),
            "median_ms": median,
            "max_ms": worst,
            "all_ms": answer_ms,
            "greeting_ms": greeting_ms,
        },
    )
    assert median <= 800, f"median {median:.0f} ms from Enter to answer"
    assert worst <= 1500, f"slowest answer took {worst:.0f} ms: {answer_ms}"


def test_no_serious_axe_violation_in_any_state(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    page = new_page()
    found: dict[str, list[dict[str, Any]]] = {}

    visit(page, assistant.url)
    found["closed"] = axe_violations(page)
    open_chat(page, texts["utter_greet"])
    found["open"] = axe_violations(page)
    ask(page, "what is palatal myoclonus?", facts.entries["palatal_myoclonus"].answer)
    page.wait_for_selector(f"{REPLY} >> text=Middle ear myoclonus")
    found["buttons shown"] = axe_violations(page)
    ask(page, "my friend is unresponsive and shaking", texts["utter_emergency"])
    found["emergency shown"] = axe_violations(page)
    page.reload()
    page.wait_for_selector(INPUT)
    found["after reload"] = axe_violations(page)

    write_result("widget_axe.json", found)
    assert {state: serious(v) for state, v in found.items()} == {state: [] for state in found}


def test_whole_conversation_with_the_keyboard_alone(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    page = new_page()
    visit(page, assistant.url)
    focused = "document.activeElement.id"

    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "chat-launcher"
    page.keyboard.press("Enter")
    page.wait_for_selector(INPUT)
    assert page.evaluate(focused) == "chat-input"  # focus moves into the box on open
    assert page.get_attribute(PANEL, "aria-modal") == "false"  # beside the page, not over it
    assert not page.evaluate("document.querySelector('main').inert")
    wait_for_bot(page, texts["utter_greet"])

    page.keyboard.type("what is palatal myoclonus?")
    page.keyboard.press("Enter")
    wait_for_bot(page, facts.entries["palatal_myoclonus"].answer)
    page.wait_for_selector(f"{REPLY} >> text=Middle ear myoclonus")

    for _ in range(15):  # back from the box to the quick replies
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "Middle ear myoclonus":
            break
    else:
        pytest.fail("Shift+Tab from the message box never reached the quick reply")
    page.keyboard.press("Enter")
    wait_for_bot(page, facts.entries["middle_ear_myoclonus"].answer)
    assert page.evaluate(focused) == "chat-input"  # the used buttons are gone; focus stays usable

    page.keyboard.press("Escape")
    assert page.is_hidden(PANEL)
    assert page.evaluate(focused) == "chat-launcher"  # focus returns to the launcher
    assert page.get_attribute(LAUNCHER, "aria-expanded") == "false"

    page.keyboard.press("Enter")
    assert page.evaluate(focused) == "chat-input"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Send, with an empty box: nothing happens
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("how long does it last?")
    page.keyboard.press("Enter")
    wait_for_bot(page, facts.entries["duration"].answer)


def test_screen_reader_semantics(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    page = new_page()
    visit(page, assistant.url)
    launcher = page.get_by_role("button", name="Ask about muscle jerks")
    assert launcher.is_visible()
    launcher.click()

    dialog = page.get_by_role("dialog", name="Myoclonus information")
    assert dialog.is_visible()
    assert dialog.get_by_role("button", name="Close the chat").is_visible()
    assert dialog.get_by_role("textbox", name="Your question").is_visible()
    assert dialog.get_by_role("button", name="Send").is_visible()
    log = dialog.get_by_role("log", name="Conversation")
    assert log.get_attribute("aria-live") == "polite"

    wait_for_bot(page, texts["utter_greet"])
    ask(page, "what is palatal myoclonus?", facts.entries["palatal_myoclonus"].answer)
    group = log.get_by_role("group", name="Suggested replies")
    group.get_by_role("button", name="Middle ear myoclonus").click()
    wait_for_bot(page, facts.entries["middle_ear_myoclonus"].answer)

    # Each message is added to the live region once: nothing is re-rendered (and so re-announced).
    added = page.evaluate("__chat.added")
    bot_added = [a["text"] for a in added if a["bot"]]
    assert len(bot_added) == len(set(bot_added)) == len(bot_messages(page)) >= 3
    assert all(a["loaded"] for a in added)

    # After a reload the conversation is restored before the page has loaded (not a live
    # change), and nothing more is added until the next reply.
    page.reload()
    page.wait_for_selector(INPUT)
    page.wait_for_timeout(300)
    added = page.evaluate("__chat.added")
    assert added and not any(a["loaded"] for a in added)
    ask(page, "how long does it last?", facts.entries["duration"].answer)
    after_load = [a for a in page.evaluate("__chat.added") if a["loaded"]]
    assert [a["bot"] for a in after_load] == [False, True]


def test_emergency_message_is_an_alert(
    new_page: Callable[..., Any], assistant: Any, texts: dict[str, str]
) -> None:
    page = new_page()
    start_chat(page, assistant.url, texts["utter_greet"])
    assert page.get_by_role("alert").count() == 0

    ask(page, "she's been seizing for over five minutes", texts["utter_emergency"])
    alert = page.get_by_role("alert")
    assert alert.count() == 1
    assert " ".join(texts["utter_emergency"].split())[:60] in " ".join(alert.inner_text().split())
    assert (
        alert.locator(".chat-emergency-label").inner_text().strip().lower() == "emergency"
    )  # words, not only colour
    border = page.evaluate(
        "getComputedStyle(document.querySelector('.chat-message-emergency')).borderTopWidth"
    )
    assert float(border.removesuffix("px")) >= 3

    page.reload()  # restored: still stands out, but is not announced again as an alert
    page.wait_for_selector(INPUT)
    assert page.locator(".chat-message-emergency .chat-emergency-label").count() == 1
    assert page.get_by_role("alert").count() == 0


def test_phone_width_fills_the_screen(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    visit(page, assistant.url)
    launcher = page.locator(LAUNCHER).bounding_box()
    assert launcher["x"] >= 0 and launcher["x"] + launcher["width"] <= PHONE["width"]
    open_chat(page, texts["utter_greet"])
    ask(page, "what is palatal myoclonus?", facts.entries["palatal_myoclonus"].answer)
    page.wait_for_selector(f"{REPLY} >> text=Middle ear myoclonus")

    panel = page.locator(PANEL).bounding_box()
    assert [panel["x"], panel["y"], panel["width"], panel["height"]] == [
        0,
        0,
        PHONE["width"],
        PHONE["height"],
    ]
    assert not cut_off(page), cut_off(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-mobile.png"))

    # Covering the screen, the chat is modal: the page behind it is inert until it closes.
    assert page.get_attribute(PANEL, "aria-modal") == "true"
    assert page.evaluate("document.querySelector('main').inert")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('main').inert")


def cut_off(page: Any) -> list[str]:
    """Widget elements that stick out of the viewport or the panel, or whose text is clipped."""
    return list(
        page.evaluate(
            """() => {
      const problems = [];
      const panel = document.querySelector('#chat-panel').getBoundingClientRect();
      const inside = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
      const log = document.querySelector('#chat-log');
      for (const el of document.querySelectorAll('#chat-panel *')) {
        if (el.closest('.visually-hidden') || !el.getClientRects().length) continue;
        const r = el.getBoundingClientRect();
        const name = el.id || el.className || el.tagName;
        if (!inside(r, panel) || r.right > innerWidth + 0.5) problems.push('outside: ' + name);
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
          problems.push('clipped: ' + name);
        }
        if (!log.contains(el) && (r.top < panel.top - 0.5 || r.bottom > panel.bottom + 0.5)) {
          problems.push('cut off: ' + name);
        }
      }
      if (document.documentElement.scrollWidth > innerWidth) problems.push('page scrolls sideways');
      return problems;
    }"""
        )
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_text_at_200_percent_loses_nothing(
    new_page: Callable[..., Any],
    assistant: Any,
    facts: FactBase,
    texts: dict[str, str],
    viewport: dict[str, int],
) -> None:
    page = new_page(viewport=viewport)
    visit(page, assistant.url)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    open_chat(page, texts["utter_greet"])
    ask(page, "what is palatal myoclonus?", facts.entries["palatal_myoclonus"].answer)
    page.wait_for_selector(f"{REPLY} >> text=Middle ear myoclonus")

    assert page.evaluate("getComputedStyle(document.querySelector('.chat-text')).fontSize") == "32px"
    assert not cut_off(page), cut_off(page)
    for selector in ("#chat-title", "#chat-close", INPUT, ".chat-send"):
        assert page.locator(selector).is_visible()
    reply = page.locator(f"{REPLY} >> text=Middle ear myoclonus")
    reply.scroll_into_view_if_needed()
    reply.click()  # the conversation still works
    wait_for_bot(page, facts.entries["middle_ear_myoclonus"].answer)


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_reduced_motion_is_respected(new_page: Callable[..., Any], assistant: Any, motion: str) -> None:
    page = new_page(reduced_motion=motion)
    start_chat(page, assistant.url)
    styles = page.evaluate(
        """() => [
      getComputedStyle(document.querySelector('#chat-panel')).animationName,
      getComputedStyle(document.querySelector('.chat-typing-dot')).animationName,
      ]"""
    )
    assert styles == (["none", "none"] if motion == "reduce" else ["chat-open", "chat-typing"])


def test_markup_and_script_links_are_shown_as_text(
    new_page: Callable[..., Any], assistant: Any, texts: dict[str, str]
) -> None:
    page = new_page()
    start_chat(page, assistant.url, texts["utter_greet"])
    attack = '<img src="x" onerror="window.__pwned = 1">'
    link = "[click me](javascript:window.__pwned=2)"
    for text in (attack, link):
        replies = len(bot_messages(page))
        page.fill(INPUT, text)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(n) => document.querySelectorAll('.chat-message-bot').length > n", arg=replies
        )
        assert page.locator(f"{USER} .chat-text").last.inner_text() == text
    assert page.evaluate("window.__pwned") is None
    assert page.locator(f"{LOG} img").count() == 0
    assert page.locator(f"{LOG} a").count() == 0


def test_bot_markdown_becomes_only_safe_links(
    new_page: Callable[..., Any], assistant: Any, texts: dict[str, str]
) -> None:
    """Bot text with Markdown links: only http(s), mailto and tel targets become links."""
    page = new_page()
    greeting = " ".join(texts["utter_greet"].split())
    markdown = (
        "See [the article](https://example.org/a?b=1), mail [us](mailto:care@example.org), "
        "call [911](tel:911), not [this](javascript:window.__pwned=1) nor [that](data:text/html,x) "
        '<img src=x onerror="window.__pwned=2"> or https://example.org/bare.'
    )

    def to_page(frame: Any) -> list[Any]:
        event = socket_event(frame)
        if event and event[0] == "bot_uttered" and event[1].get("text") == greeting:
            return [socket_frame("bot_uttered", {**event[1], "text": markdown})]
        return [frame]

    proxy_socket(page, to_page=to_page)
    start_chat(page, assistant.url)
    page.wait_for_selector(f"{LOG} a")
    links = page.eval_on_selector_all(
        f"{LOG} a", "links => links.map(a => [a.textContent, a.getAttribute('href')])"
    )
    assert links == [
        ["the article (opens in a new tab)", "https://example.org/a?b=1"],
        ["us (opens in a new tab)", "mailto:care@example.org"],
        ["911 (opens in a new tab)", "tel:911"],
        ["https://example.org/bare (opens in a new tab)", "https://example.org/bare"],
    ]
    assert page.locator(f"{LOG} img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert "not this nor that <img" in bot_messages(page)[-1]


def test_widget_uses_the_session_id_the_server_confirms(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    """The server issues signed session ids and confirms a new one for an id it did not sign:
    the widget must adopt whatever the server confirms."""
    asked: list[Any] = []
    sent_with: list[Any] = []
    confirmed: list[Any] = []

    def to_server(frame: Any) -> Any:
        event = socket_event(frame)
        if event and event[0] == "session_request":
            asked.append(event[1].get("session_id"))
        if event and event[0] == "user_uttered":
            sent_with.append(event[1].get("session_id"))
        return frame

    def to_page(frame: Any) -> list[Any]:
        event = socket_event(frame)
        if event and event[0] == "session_confirm":
            confirmed.append(event[1])
        return [frame]

    page = new_page()
    proxy_socket(page, to_server=to_server, to_page=to_page)
    start_chat(page, assistant.url, texts["utter_greet"])
    first = stored(page)["sessionId"]
    assert asked == [None] and confirmed == [first]

    # An id without the server's signature (here the bare conversation part) is not re-joined.
    unsigned = first.split(".")[0]
    page.evaluate(
        "(id) => { const s = JSON.parse(sessionStorage.getItem('myoclonus-chat'));"
        " s.sessionId = id; sessionStorage.setItem('myoclonus-chat', JSON.stringify(s)); }",
        unsigned,
    )
    page.reload()
    page.wait_for_selector(INPUT)
    ask(page, "what is palatal myoclonus?", facts.entries["palatal_myoclonus"].answer)
    second = stored(page)["sessionId"]
    assert asked == [None, unsigned] and confirmed == [first, second] and second != first
    assert sent_with == [first, second]  # greeting, question


def test_forget_me_clears_the_stored_conversation(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    """The server's "deleted" reply carries `custom: {"forget": true}`: the widget clears the
    transcript and the session id."""
    deleted = " ".join(texts["utter_data_deleted"].split())
    page = new_page()
    start_chat(page, assistant.url, texts["utter_greet"])
    ask(page, "what is palatal myoclonus?", facts.entries["palatal_myoclonus"].answer)
    old_session = stored(page)["sessionId"]

    ask(page, "delete my data", texts["utter_data_deleted"])
    page.wait_for_function(
        "(old) => { const s = JSON.parse(sessionStorage.getItem('myoclonus-chat') || 'null');"
        " return !s || (s.sessionId !== old && s.messages.length === 0); }",
        arg=old_session,
    )
    assert bot_messages(page) == [deleted]  # the earlier messages are gone from the screen too

    page.reload()
    page.wait_for_selector(LAUNCHER, state="attached")
    open_chat(page, texts["utter_greet"])
    assert page.locator(f"{USER}").count() == 0
    assert stored(page)["sessionId"] != old_session


def test_no_answer_is_said_not_left_silent(
    new_page: Callable[..., Any], assistant: Any, texts: dict[str, str]
) -> None:
    """If no reply comes (the connection lost it), the widget says so instead of waiting forever."""

    def to_page(frame: Any) -> list[Any]:
        event = socket_event(frame)
        dropped = event and event[0] == "bot_uttered" and "Palatal" in (event[1].get("text") or "")
        return [] if dropped else [frame]

    page = new_page()
    page.clock.install()
    proxy_socket(page, to_page=to_page)
    start_chat(page, assistant.url, texts["utter_greet"])
    page.fill(INPUT, "what is palatal myoclonus?")
    page.keyboard.press("Enter")
    assert page.is_visible("#chat-typing")
    page.clock.run_for(21000)
    assert page.is_hidden("#chat-typing")
    assert page.get_by_role("status").inner_text().startswith("No answer yet")


def test_the_feedback_pair_under_an_answer(
    new_page: Callable[..., Any], assistant: Any, facts: FactBase, texts: dict[str, str]
) -> None:
    """The 👍/👎 buttons under a fact answer; a rating is thanked and the topic stays."""
    page = new_page()
    start_chat(page, assistant.url)
    ask(page, "what is palatal myoclonus?", facts.entries["palatal_myoclonus"].answer)
    thumbs = page.get_by_role("button", name="👎 Not helpful")
    assert page.get_by_role("button", name="👍 Helpful").is_visible() and thumbs.is_visible()
    thumbs.click()
    wait_for_bot(page, texts["utter_feedback_thanks"])
    assert page.locator(f"{USER} >> text=👎 Not helpful").count() == 1
    ask(page, "can it be treated?", facts.entries["palatal_myoclonus"].aspects["treatment"])
