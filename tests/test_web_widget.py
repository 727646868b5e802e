"""The website widget in a real headless Chromium, against the running assistant."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.fact_base import FactBase
from tests.conftest import RESULTS

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
SCREENSHOT = RESULTS / "screenshots" / "webchat.png"
BOT = ".rw-from-response"
USER = ".rw-from-client"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: scripts/test installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_chat(page: Any, url: str) -> None:
    page.goto(f"{url}/webhooks/web/")
    page.wait_for_selector(".rw-launcher")
    page.wait_for_timeout(500)  # the widget restores whether it was open
    if not page.is_visible(".rw-new-message"):
        page.click(".rw-launcher")
    page.wait_for_selector(".rw-new-message")


def send(page: Any, text: str) -> None:
    page.fill(".rw-new-message", text)
    page.keyboard.press("Enter")


def test_chat_in_the_browser(browser: Any, assistant: Any, facts: FactBase) -> None:
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))

    open_chat(page, assistant.url)
    page.wait_for_selector(f"{BOT} >> text=What would you like to know about myoclonus?", timeout=30000)

    send(page, "what is palatal myoclonus?")
    palatal = facts.entries["palatal_myoclonus"].answer
    page.wait_for_selector(f"{BOT} >> text={palatal[:60]}", timeout=30000)

    page.click(".rw-reply >> text=Middle ear myoclonus")
    page.wait_for_selector(
        f"{BOT} >> text={facts.entries['middle_ear_myoclonus'].answer[:60]}", timeout=30000
    )

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    page.reload()
    open_chat(page, assistant.url)
    page.wait_for_selector(f"{BOT} >> text={palatal[:60]}", timeout=30000)
    assert page.locator(f"{USER} >> text=what is palatal myoclonus?").count() >= 1

    assert hosts == {f"127.0.0.1:{assistant.port}"}, f"the page loaded from other hosts: {hosts}"
    context.close()


def test_markup_and_script_links_are_shown_as_text(browser: Any, assistant: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    open_chat(page, assistant.url)
    attack = '<img src="x" onerror="window.__pwned = 1">'
    link = "[click me](javascript:window.__pwned=2)"
    send(page, attack)
    page.wait_for_selector(f"{USER} >> text={attack}", timeout=30000)
    send(page, link)
    page.wait_for_selector(f"{USER} >> text={link}", timeout=30000)
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".rw-messages-container img[src='x']").count() == 0
    assert page.locator(".rw-messages-container a[href^='javascript']").count() == 0
    context.close()
