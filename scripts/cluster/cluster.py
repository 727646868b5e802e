"""Start, supervise and stop the whole scaled-out set-up as one unit."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

from scripts.cluster.backing import PostgreSQL, Redis
from scripts.cluster.balancer import Balancer
from scripts.cluster.processes import Managed
from scripts.servers import BIN, MODEL, free_port, rasa_env

ENDPOINTS = Path("deploy") / "endpoints.yml"
LOCK_LIFETIME_SECONDS = 15  # a dead server's conversation locks are freed after this
RESTART_DELAY_SECONDS = 2.0


def service_home(run_dir: Path) -> Path:
    """Where PostgreSQL and Redis keep their data: `run_dir` when other users can reach it.

    As root they run as their own Debian users, which a private folder above `run_dir` (say a
    clone made in `mktemp -d`) shuts out; their data then goes to a folder of its own named
    after `run_dir` under /var/tmp, the same one on every start.
    """
    if os.geteuid() != 0 or all(folder.stat().st_mode & stat.S_IXOTH for folder in run_dir.resolve().parents):
        return run_dir
    return Path("/var/tmp") / f"myoclonus-{hashlib.sha256(str(run_dir.resolve()).encode()).hexdigest()[:12]}"


def remove_run_dir(run_dir: Path) -> None:
    """Delete a stopped set-up's data, logs and state (also its services' folder)."""
    shutil.rmtree(service_home(run_dir), ignore_errors=True)
    shutil.rmtree(run_dir, ignore_errors=True)


def load_secrets(path: Path) -> dict[str, str]:
    """Passwords and the widget's session secret (shared by every Rasa server).

    Each comes from the environment, else it is generated once and kept in `path`.
    """
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    values = {
        name: os.environ.get(name) or stored.get(name) or secrets.token_hex(24)
        for name in ("DB_PASSWORD", "REDIS_PASSWORD", "WEB_SESSION_SECRET")
    }
    path.write_text(json.dumps(values), encoding="utf-8")
    path.chmod(0o600)
    return values


@dataclass
class Cluster:
    """N Rasa servers and N action servers behind HAProxy, with PostgreSQL and Redis."""

    run_dir: Path
    replicas: int
    proxy_port: int = 8080
    rate_limit: int = 100
    rasa_flags: list[str] = field(default_factory=list)
    processes: list[Managed] = field(default_factory=list)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def logs(self) -> Path:
        return self.run_dir / "logs"

    def build(self) -> None:
        """Prepare the data folders and configurations; describe every process."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.chmod(0o755)
        passwords = load_secrets(self.run_dir / "secrets.json")
        services = service_home(self.run_dir)
        services.mkdir(parents=True, exist_ok=True)
        services.chmod(0o755)
        self.postgres = PostgreSQL(services / "postgres", free_port(), passwords["DB_PASSWORD"])
        self.postgres.prepare()
        redis = Redis(services / "redis", free_port(), passwords["REDIS_PASSWORD"])
        actions_port = free_port()
        token = os.environ.get("ACTION_SERVER_TOKEN") or secrets.token_hex(24)
        env = rasa_env(
            ACTION_SERVER_URL=f"http://127.0.0.1:{actions_port}/webhook",
            ACTION_SERVER_TOKEN=token,
            SANIC_HOST="127.0.0.1",
            DB_HOST="127.0.0.1",
            DB_PORT=str(self.postgres.port),
            DB_NAME=self.postgres.database,
            DB_USER=self.postgres.role,
            DB_PASSWORD=passwords["DB_PASSWORD"],
            REDIS_HOST="127.0.0.1",
            REDIS_PORT=str(redis.port),
            REDIS_PASSWORD=passwords["REDIS_PASSWORD"],
            WEB_SESSION_SECRET=passwords["WEB_SESSION_SECRET"],
            REDIS_URL=f"redis://:{quote(passwords['REDIS_PASSWORD'], safe='')}@127.0.0.1:{redis.port}/2",
            TICKET_LOCK_LIFETIME=str(LOCK_LIFETIME_SECONDS),
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
        )
        actions = [self._action_server(i, env) for i in range(1, self.replicas + 1)]
        rasa = [self._rasa_server(i, env) for i in range(1, self.replicas + 1)]
        balancer = Balancer(
            f"127.0.0.1:{self.proxy_port}",
            f"127.0.0.1:{actions_port}",
            [f"127.0.0.1:{r.port}" for r in rasa],
            [f"127.0.0.1:{a.port}" for a in actions],
            self.rate_limit,
        )
        self.backing = [
            self.postgres.managed(self.logs / "postgres.log"),
            redis.managed(self.logs / "redis.log"),
        ]
        self.servers = [*actions, *rasa]
        self.balancer = balancer.managed(self.run_dir / "haproxy.cfg", self.logs / "haproxy.log")
        self.rasa = rasa
        self.processes = [*self.backing, *self.servers, self.balancer]

    def _action_server(self, index: int, env: dict[str, str]) -> Managed:
        port = free_port()
        return Managed(
            f"actions{index}",
            [str(BIN / "python"), "-m", "actions.server", "--port", str(port)],
            self.logs / f"actions{index}.log",
            port,
            env=env,
            ready_url=f"http://127.0.0.1:{port}/health",
        )

    def _rasa_server(self, index: int, env: dict[str, str]) -> Managed:
        port = free_port()
        argv = [str(BIN / "python"), "-m", "extensions.serve", "run", "--model", str(MODEL),
                "--interface", "127.0.0.1", "--port", str(port), "--endpoints", str(ENDPOINTS),
                "--credentials", "credentials.yml", *self.rasa_flags]  # fmt: skip
        return Managed(
            f"rasa{index}", argv, self.logs / f"rasa{index}.log", port, env=env,
            ready_url=f"http://127.0.0.1:{port}/",
        )  # fmt: skip

    def start(self) -> None:
        """Start everything in order and wait until the balancer reaches every Rasa server."""
        self.build()
        self.write_state(ready=False)
        for process in self.backing:
            process.start()
        for process in self.backing:
            process.wait_ready()
        self.postgres.create_database()
        for process in self.servers:
            process.start()
        # Rasa servers reach the action servers through the balancer, and check at start-up that
        # they accept Rasa's token (extensions/startup_checks.py): the balancer must be up first.
        self.balancer.start()
        for process in self.servers:
            process.wait_ready()
        self.balancer.wait_ready()
        self.wait_balanced()
        self.write_state(ready=True)

    def wait_balanced(self, timeout: float = 60) -> None:
        """Wait until the balancer has sent a request to every Rasa server (each passed its checks)."""
        wanted = {r.name for r in self.rasa}
        seen: set[str] = set()
        deadline = time.monotonic() + timeout
        while seen != wanted and time.monotonic() < deadline:
            try:
                reply = requests.get(f"{self.proxy_url}/webhooks/rest/", timeout=5)
                seen.add(reply.headers.get("X-Served-By", ""))
            except requests.RequestException:
                pass
            time.sleep(0.2)
        if not wanted <= seen:
            raise RuntimeError(f"the balancer did not reach {sorted(wanted - seen)} in {timeout}s")

    def revive(self) -> None:
        """Restart any process that died (the balancer takes a Rasa server back once it passes its checks)."""
        for process in self.processes:
            if not process.alive and time.monotonic() - process.started_at > RESTART_DELAY_SECONDS:
                code = process.process.returncode if process.process else None
                print(f"{process.name} stopped (exit {code}); restarting it", file=sys.stderr, flush=True)
                process.restart()
                self.write_state(ready=True)

    def stop(self) -> None:
        """Stop everything: the balancer first, PostgreSQL last."""
        for process in reversed(self.processes):
            process.stop()
        if self.processes:
            self.write_state(ready=False)

    def write_state(self, ready: bool) -> None:
        """run/state.json: what runs where (no secrets), for operators and tests."""
        state = {
            "ready": ready,
            "proxy_url": self.proxy_url,
            "cluster_pid": os.getpid(),
            "processes": {
                p.name: {"pid": p.pid if p.alive else None, "port": p.port, "restarts": p.restarts}
                for p in self.processes
            },
            "database": {"host": "127.0.0.1", "port": self.postgres.port, "name": self.postgres.database,
                         "user": self.postgres.role},
        }  # fmt: skip
        path = self.run_dir / "state.json"
        path.with_suffix(".tmp").write_text(json.dumps(state, indent=2), encoding="utf-8")
        path.with_suffix(".tmp").replace(path)
