"""`scripts/start --replicas N --serve` in a subprocess, as an operator runs it (tests, benchmark)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2

from core.settings import PROJECT_ROOT
from scripts.servers import free_port


@dataclass
class RunningCluster:
    """A whole scaled-out set-up, started through scripts/start, with its data in `run_dir`."""

    run_dir: Path
    replicas: int
    proxy_port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def state(self) -> dict[str, Any]:
        """run_dir/state.json as the cluster last wrote it."""
        return dict(json.loads((self.run_dir / "state.json").read_text(encoding="utf-8")))

    def pid(self, name: str) -> int | None:
        pid = self.state()["processes"][name]["pid"]
        return int(pid) if pid else None

    def start(self, timeout: float = 420) -> RunningCluster:
        """Start it and wait until the balancer reaches every Rasa server."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PROXY_PORT": str(self.proxy_port),
            "RUN_DIR": str(self.run_dir),
            **self.extra_env,
        }
        with (self.run_dir / "start.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(PROJECT_ROOT / "scripts" / "start"), "--replicas", str(self.replicas), "--serve"],
                cwd=PROJECT_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"scripts/start exited:\n{(self.run_dir / 'start.log').read_text()[-4000:]}"
                )
            try:
                state = self.state()
                if state["ready"] and state["cluster_pid"] == self.process.pid:
                    return self
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(1)
        self.stop()
        raise RuntimeError(f"not ready in {timeout}s:\n{(self.run_dir / 'start.log').read_text()[-4000:]}")

    def stop(self) -> None:
        """Ctrl-C, as an operator would, and wait for everything to stop."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def database(self) -> Any:
        """A connection to the conversations database, as the role Rasa uses."""
        database = self.state()["database"]
        password = json.loads((self.run_dir / "secrets.json").read_text(encoding="utf-8"))["DB_PASSWORD"]
        return psycopg2.connect(
            host=database["host"], port=database["port"], dbname=database["name"], user=database["user"],
            password=password,
        )  # fmt: skip
