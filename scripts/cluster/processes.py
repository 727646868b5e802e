"""Child processes that the cluster starts, watches, restarts and stops."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.settings import PROJECT_ROOT
from scripts.servers import wait_until_up

PR_SET_PDEATHSIG = 1


def _die_with_parent(sig: int) -> None:
    """Ask Linux to send `sig` to this process when its parent dies (no orphans on a crash)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sig)


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    """Wait until something accepts TCP connections on 127.0.0.1:`port`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"port {port}: exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} did not open in {timeout}s:\n{log.read_text()[-3000:]}")


@dataclass
class Managed:
    """One supervised process. `ready_url` (HTTP) or else `port` (TCP) tells when it serves."""

    name: str
    argv: list[str]
    log: Path
    port: int
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    user: str | None = None
    stop_signal: int = signal.SIGTERM
    ready_url: str | None = None
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    started_at: float = 0.0

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self) -> None:
        """Start it in its own session (Ctrl-C reaches only the cluster, which stops it in order)."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                user=self.user,
                start_new_session=True,
                preexec_fn=lambda: _die_with_parent(self.stop_signal),
            )
        self.started_at = time.monotonic()

    def wait_ready(self, timeout: float = 240) -> None:
        """Block until it serves; fail with the end of its log if it dies or hangs."""
        assert self.process is not None
        if self.ready_url:
            wait_until_up(self.ready_url, self.process, self.log, timeout)
        else:
            wait_for_port(self.port, self.process, self.log, timeout)

    def restart(self) -> None:
        self.restarts += 1
        self.start()

    def stop(self, timeout: float = 20) -> None:
        """Ask it to stop with its own signal; kill it if it has not stopped after `timeout` s."""
        if not self.alive:
            return
        assert self.process is not None
        self.process.send_signal(self.stop_signal)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
