"""The widget page's Content-Security-Policy in a real headless Chromium.

`connect-src 'self'` must still let the page open a websocket to its own server (CSP Level 3:
'self' covers ws: and wss: of the same host and port) and must stop one to any other host.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from scripts.servers import free_port

pytestmark = pytest.mark.model

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

OPEN_SOCKET = """
async (url) => {
  const violations = [];
  document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
  const outcome = await new Promise((resolve) => {
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      resolve("blocked: " + error.name);
      return;
    }
    socket.onopen = () => { socket.close(); resolve("open"); };
    socket.onerror = () => resolve("error");
    setTimeout(() => resolve("timeout"), 10000);
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { outcome, violations };
}
"""


def test_the_page_may_open_a_websocket_to_its_own_server_only(assistant: Any) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: scripts/test installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"{assistant.url}/webhooks/web/")
        own = page.evaluate(
            OPEN_SOCKET, f"ws://127.0.0.1:{assistant.port}/socket.io/?EIO=4&transport=websocket"
        )
        other = page.evaluate(
            OPEN_SOCKET, f"ws://127.0.0.1:{free_port()}/socket.io/?EIO=4&transport=websocket"
        )
        browser.close()
    assert own == {"outcome": "open", "violations": []}
    assert other["violations"] == ["connect-src"], other
