"""PostgreSQL (the tracker store) and Redis (locks and shared state) from Debian's packages."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

import psycopg2

from core.settings import PROJECT_ROOT
from scripts.cluster.processes import Managed

REDIS_TEMPLATE = PROJECT_ROOT / "deploy" / "local" / "redis.conf.template"


class MissingPackage(RuntimeError):
    """A Debian package the scaled-out set-up needs is not installed."""

    def __init__(self, package: str) -> None:
        super().__init__(
            f"The Debian package '{package}' is needed for --replicas: scripts/start installs it "
            f"when run as root, or run: sudo apt-get install {package}"
        )


def service_user(name: str) -> str | None:
    """Run a service as its own Debian user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(name)
    except KeyError:
        return None
    return name


def owned_dir(path: Path, user: str | None, mode: int = 0o700) -> Path:
    """Create `path` for `user` (None: ourselves) with `mode`."""
    path.mkdir(parents=True, exist_ok=True)
    if user is not None:
        shutil.chown(path, user, user)
    path.chmod(mode)
    return path


def postgres_bin() -> Path:
    """The newest PostgreSQL server installed by Debian's postgresql package."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise MissingPackage("postgresql")
    return Path(found[-1]).parent


@dataclass
class PostgreSQL:
    """A PostgreSQL server on 127.0.0.1:`port` with its data in `root`; database and role `rasa`."""

    root: Path
    port: int
    password: str
    database: str = "rasa"
    role: str = "rasa"

    def __post_init__(self) -> None:
        self.user = service_user("postgres")
        self.bin = postgres_bin()
        self.data = self.root / "data"
        self.sockets = self.root / "socket"

    def prepare(self) -> None:
        """Create the database cluster the first time (superuser only through the private socket)."""
        owned_dir(self.root, self.user, 0o755)
        if self.user and subprocess.run(["test", "-w", str(self.root)], user=self.user).returncode != 0:
            raise RuntimeError(
                f"PostgreSQL runs as the '{self.user}' user, which cannot reach {self.root}: a folder "
                "above it is private. Set RUN_DIR to a folder it can reach (e.g. under /var/tmp)."
            )
        owned_dir(self.sockets, self.user)
        if (self.data / "PG_VERSION").exists():
            return
        owned_dir(self.data, self.user)
        subprocess.run(
            [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--locale=C",
             "--auth-local=trust", "--auth-host=scram-sha-256"],
            check=True, capture_output=True, user=self.user,
        )  # fmt: skip

    def managed(self, log: Path) -> Managed:
        return Managed(
            "postgres",
            [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.sockets}",
             "-c", "unix_socket_permissions=0700", "-c", "max_connections=200"],
            log, self.port, user=self.user, stop_signal=signal.SIGINT,  # SIGINT: fast shutdown
        )  # fmt: skip

    def create_database(self) -> None:
        """Create (or update the password of) the role and database Rasa uses."""
        admin = self._admin_connection()
        admin.autocommit = True  # CREATE DATABASE cannot run in a transaction
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (self.role,))
            verb = "ALTER" if cursor.fetchone() else "CREATE"
            cursor.execute(f'{verb} ROLE "{self.role}" LOGIN PASSWORD %s', (self.password,))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.database,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{self.database}" OWNER "{self.role}"')
        admin.close()

    def _admin_connection(self, timeout: float = 120) -> Any:
        """A superuser connection, once the server accepts them (after a crash it first recovers)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return psycopg2.connect(
                    host=str(self.sockets), port=self.port, user="postgres", dbname="postgres"
                )
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


@dataclass
class Redis:
    """A Redis server on 127.0.0.1:`port` with a password; nothing kept on disk."""

    root: Path
    port: int
    password: str

    def managed(self, log: Path) -> Managed:
        binary = shutil.which("redis-server")
        if binary is None:
            raise MissingPackage("redis-server")
        user = service_user("redis")
        owned_dir(self.root, user)
        config = self.root / "redis.conf"
        config.write_text(
            Template(REDIS_TEMPLATE.read_text(encoding="utf-8")).substitute(
                port=self.port, password=self.password, data_dir=self.root
            ),
            encoding="utf-8",
        )
        config.chmod(0o600)
        if user is not None:
            shutil.chown(config, user, user)
        return Managed("redis", [binary, str(config)], log, self.port, user=user)
