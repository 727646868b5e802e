"""HAProxy in front of the Rasa servers and the action servers, configured from one template.

The same template gives the configuration of `scripts/start --replicas N` (written into the
run folder at each start) and deploy/haproxy.cfg for deploy/docker-compose.yml:

    python -m scripts.cluster.balancer      # rewrites deploy/haproxy.cfg after a template change
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from string import Template

from core.settings import PROJECT_ROOT
from scripts.cluster.backing import MissingPackage, service_user
from scripts.cluster.processes import Managed

TEMPLATE = PROJECT_ROOT / "deploy" / "local" / "haproxy.cfg.template"
COMPOSE_CONFIG = PROJECT_ROOT / "deploy" / "haproxy.cfg"
DOCKER_RESOLVERS = "resolvers docker\n    nameserver dns 127.0.0.11:53\n    hold valid 5s\n"


@dataclass
class Balancer:
    """HAProxy: the public port for the channels, an internal one for the action servers."""

    proxy_bind: str
    actions_bind: str
    rasa: list[str]  # host:port of each Rasa server
    actions: list[str]  # host:port of each action server
    rate_limit: int
    docker: bool = False  # server names are resolved by Docker's DNS, also after a restart

    def render(self) -> str:
        """The configuration: one `server` line per Rasa server and per action server."""
        user = None if self.docker else service_user("haproxy")
        names = [f"rasa{i}" for i in range(1, len(self.rasa) + 1)]
        options = " resolvers docker init-addr none" if self.docker else ""
        return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
            privileges=f"    user {user}\n    group {user}\n" if user else "",
            resolvers=DOCKER_RESOLVERS if self.docker else "",
            proxy_bind=self.proxy_bind,
            actions_bind=self.actions_bind,
            rate_limit=self.rate_limit,
            rasa_servers="\n".join(
                f"    server {name} {address} check{options}"
                for name, address in zip(names, self.rasa, strict=True)
            ),
            socketio_servers="\n".join(
                f"    server {name} {address} track rasa/{name} cookie {name}{options}"
                for name, address in zip(names, self.rasa, strict=True)
            ),
            action_servers="\n".join(
                f"    server actions{i} {address} check{options}"
                for i, address in enumerate(self.actions, start=1)
            ),
        )

    def managed(self, config: Path, log: Path) -> Managed:
        """Write and check the configuration, then describe the HAProxy process."""
        binary = shutil.which("haproxy")
        if binary is None:
            raise MissingPackage("haproxy")
        config.write_text(self.render(), encoding="utf-8")
        checked = subprocess.run([binary, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"HAProxy refused {config}:\n{checked.stdout}{checked.stderr}")
        port = int(self.proxy_bind.rsplit(":", 1)[1])
        return Managed("haproxy", [binary, "-db", "-f", str(config)], log, port)


def compose_balancer() -> Balancer:
    """The balancer of deploy/docker-compose.yml: two Rasa and two action servers by service name."""
    return Balancer(
        "0.0.0.0:8080",
        "0.0.0.0:5055",
        ["rasa1:5005", "rasa2:5005"],
        ["actions1:5055", "actions2:5055"],
        100,
        True,
    )


if __name__ == "__main__":
    COMPOSE_CONFIG.write_text(compose_balancer().render(), encoding="utf-8")
    print(f"wrote {COMPOSE_CONFIG}")
