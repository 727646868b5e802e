"""Start the real servers (action server and `rasa run`) on free ports.

Used by the end-to-end tests, the load test and the benchmark.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from core.settings import MODEL_PATH as MODEL
from core.settings import PROJECT_ROOT, RASA_QUIET_ENV

BIN = Path(sys.executable).parent
# Load tests' scripted conversations type faster than any person: lift the per-conversation
# message limit for them (the limit is still checked on every message, so its cost is measured).
LOAD_TEST_ENV = {"MESSAGES_PER_MINUTE": "1000000"}


def rasa_env(**extra: str) -> dict[str, str]:
    """The current environment, with Rasa's telemetry and TensorFlow's chatter off."""
    return {**os.environ, **RASA_QUIET_ENV, **extra}


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 180) -> None:
    """Wait until `url` answers; fail with the end of the log if the process dies or hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {timeout}s:\n{log.read_text()[-3000:]}")


def rest_texts(url: str, sender: str, text: str) -> str:
    """Send one message over REST; return the reply texts joined."""
    reply = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    reply.raise_for_status()
    return " ".join(m.get("text") or "" for m in reply.json())


@dataclass
class Assistant:
    """A running assistant: Rasa on `port`, actions on `actions_port`, SQLite store in `db`."""

    workdir: Path
    port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    extra_env: dict[str, str] = field(default_factory=dict)
    extra_args: list[str] = field(default_factory=list)
    rasa: subprocess.Popen[bytes] | None = None
    actions: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def db(self) -> Path:
        return self.workdir / "conversations.db"

    def env(self) -> dict[str, str]:
        return rasa_env(
            ACTION_SERVER_TOKEN=self.token,
            ACTIONS_PORT=str(self.actions_port),
            ACTION_SERVER_URL=f"{self.actions_url}/webhook",
            SANIC_HOST="127.0.0.1",
            WEB_SESSION_SECRET_FILE=str(self.workdir / "web_session_secret"),
            **self.extra_env,
        )

    def write_config(self) -> None:
        (self.workdir / "endpoints.yml").write_text(
            "action_endpoint:\n  url: ${ACTION_SERVER_URL}\n"
            "  headers:\n    Authorization: Bearer ${ACTION_SERVER_TOKEN}\n"
            f"tracker_store:\n  type: extensions.tracker_store.ForgetfulSQLTrackerStore\n"
            f'  dialect: "sqlite"\n  db: "{self.db}"\n',
            encoding="utf-8",
        )

    def start_actions(self) -> None:
        log = self.workdir / "actions.log"
        self.actions = subprocess.Popen(
            [str(BIN / "python"), "-m", "actions.server"],
            cwd=PROJECT_ROOT,
            env=self.env(),
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until_up(f"{self.actions_url}/health", self.actions, log, 60)

    def rasa_command(self, interface: str = "127.0.0.1", port: int | None = None) -> list[str]:
        """The launcher's command line (`python -m extensions.serve run ...`) for this assistant."""
        return [
            str(BIN / "python"),
            "-m",
            "extensions.serve",
            "run",
            "--model",
            str(MODEL),
            "--interface",
            interface,
            "--port",
            str(self.port if port is None else port),
            "--endpoints",
            str(self.workdir / "endpoints.yml"),
            "--credentials",
            "credentials.yml",
            *self.extra_args,
        ]

    def start_rasa(self) -> None:
        log = self.workdir / "rasa.log"
        self.rasa = subprocess.Popen(
            self.rasa_command(),
            cwd=PROJECT_ROOT,
            env=self.env(),
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until_up(self.url, self.rasa, log)

    def start(self) -> Assistant:
        self.write_config()
        self.start_actions()
        self.start_rasa()
        return self

    @staticmethod
    def _stop(process: subprocess.Popen[bytes] | None) -> None:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    def stop_actions(self) -> None:
        self._stop(self.actions)

    def stop_rasa(self) -> None:
        self._stop(self.rasa)

    def stop(self) -> None:
        self.stop_rasa()
        self.stop_actions()

    def post(self, body: Any, **kwargs: Any) -> requests.Response:
        """POST a body (a JSON value, or raw bytes) to the REST channel, with REST_TOKEN if set."""
        if self.extra_env.get("REST_TOKEN"):
            kwargs["headers"] = {
                "Authorization": f"Bearer {self.extra_env['REST_TOKEN']}",
                **kwargs.get("headers", {}),
            }
        if isinstance(body, bytes):
            kwargs["data"] = body
        else:
            kwargs["json"] = body
        return requests.post(f"{self.url}/webhooks/rest/webhook", timeout=60, **kwargs)

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        """Send a message; return the bot's messages (status must be 200)."""
        reply = self.post({"sender": sender, "message": text})
        reply.raise_for_status()
        return list(reply.json())

    def texts(self, sender: str, text: str) -> str:
        """Send a message; return all reply texts joined (for assertions)."""
        return " ".join(m.get("text") or "" for m in self.say(sender, text))
