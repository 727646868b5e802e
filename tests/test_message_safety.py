"""Outgoing Markdown links and incoming message screening, as pure functions."""

from __future__ import annotations

from extensions.message_screen import EMPTY, TOO_LONG, screening_response
from extensions.socketio_channel import safe_markdown


def test_unsafe_links_lose_their_target_but_keep_their_words() -> None:
    assert safe_markdown("see [this](javascript:alert(1)) now") == "see this now"
    assert safe_markdown("[x](data:text/html;base64,AAAA)") == "x"
    assert safe_markdown("[x](JAVASCRIPT:alert(1))") == "x"


def test_safe_links_are_kept() -> None:
    for text in (
        "[book](https://example.org/book)",
        "[mail](mailto:care@example.org)",
        "[call](tel:5550100)",
    ):
        assert safe_markdown(text) == text


def test_screening() -> None:
    assert screening_response("", 10) == (EMPTY, {})
    assert screening_response(None, 10) == (EMPTY, {})
    assert screening_response(" \n\t", 10) == (EMPTY, {})
    assert screening_response("x" * 11, 10) == (TOO_LONG, {"max_chars": 10})
    assert screening_response("x" * 10, 10) is None
    assert screening_response("what is myoclonus?", 100) is None
