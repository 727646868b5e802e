"""Widget session ids: issued by the server and signed, so a browser can only re-join its own.

A session id is `<conversation>.<signature>`: a random conversation id and its HMAC-SHA256
under a server secret. The widget keeps the id it was given and presents it to re-join after
a reload; an id without a valid signature gets a new session instead. Only the conversation
part is used inside Rasa (`socketio:<conversation>`), so the stored conversations never hold
what it takes to re-join them.

The secret is WEB_SESSION_SECRET, or else one generated on first start and kept in
WEB_SESSION_SECRET_FILE (default `secrets/web_session_secret`, git-ignored) so sessions
survive restarts. Several servers behind one balancer must share WEB_SESSION_SECRET.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from core.settings import Settings

SESSION_ID = re.compile(r"^(?P<conversation>[0-9a-f]{32})\.(?P<signature>[0-9a-f]{64})$")


class SessionSigner:
    """Issues signed widget session ids and checks them."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret

    def _signature(self, conversation: str) -> str:
        return hmac.new(self.secret, f"web-session:{conversation}".encode(), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        """A new session id for a new conversation."""
        conversation = secrets.token_hex(16)
        return f"{conversation}.{self._signature(conversation)}"

    def conversation(self, session_id: object) -> str | None:
        """The conversation a session id proves, or None when it is not one this server signed."""
        match = SESSION_ID.match(session_id) if isinstance(session_id, str) else None
        if match is None:
            return None
        expected = self._signature(match["conversation"])
        return match["conversation"] if hmac.compare_digest(expected, match["signature"]) else None


def session_secret(current: Settings) -> bytes:
    """WEB_SESSION_SECRET, or the generated secret kept in WEB_SESSION_SECRET_FILE."""
    if current.web_session_secret:
        return current.web_session_secret.encode()
    return _stored_secret(current.web_session_secret_file)


def _stored_secret(path: Path) -> bytes:
    """The secret kept in `path`, generated there (readable by the owner only) when missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
            file.write(secrets.token_hex(32) + "\n")
        try:
            os.link(draft, path)  # atomic: when another server wrote one first, theirs is kept
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    secret = path.read_text(encoding="utf-8").strip()
    if not secret:
        raise ValueError(f"{path} is empty: delete it (a new secret is generated) or set WEB_SESSION_SECRET")
    return secret.encode()
