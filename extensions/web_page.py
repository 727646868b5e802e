"""Serve the website chat page (web/) from the Rasa server itself.

The page and the socket.io endpoint then share one origin, so the widget needs no CORS
exception and the page's Content-Security-Policy can allow only 'self' (in CSP Level 3, which
current browsers implement, 'self' also covers ws: and wss: to the page's own host and port;
tests/test_security_web.py checks that the widget's websocket opens under it). The page is at
/webhooks/web/ (Rasa mounts every channel under /webhooks/<name>/).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from core.settings import PROJECT_ROOT

WEB_ROOT = PROJECT_ROOT / "web"
FILES = {
    "": ("index.html", "text/html; charset=utf-8"),
    "chat.js": ("chat.js", "application/javascript"),
    "socket.io.min.js": ("vendor/socket.io.min.js", "application/javascript"),
    "page.css": ("page.css", "text/css"),
    "chat.css": ("chat.css", "text/css"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class WebPageInput(InputChannel):
    """Not a chat channel: it serves the widget page next to the socket.io channel."""

    @classmethod
    def name(cls) -> str:
        return "web"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """GET /webhooks/web/ and its few static files."""
        page = Blueprint("web_page", __name__)

        @page.route("/", methods=["GET"])
        async def index(request: Request) -> HTTPResponse:
            return await _serve("")

        @page.route("/<name:str>", methods=["GET"])
        async def asset(request: Request, name: str) -> HTTPResponse:
            return await _serve(name)

        return page


async def _serve(name: str) -> HTTPResponse:
    if name not in FILES:
        return response.text("Not found", status=404)
    relative, content_type = FILES[name]
    path: Path = WEB_ROOT / relative
    if not path.is_file():
        return response.text(
            "The web page is not built: run scripts/start (it runs scripts/build-web).", status=503
        )
    return response.raw(path.read_bytes(), content_type=content_type, headers=SECURITY_HEADERS)
