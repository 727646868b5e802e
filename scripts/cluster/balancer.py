"""HAProxy in front of the Rasa servers and the action servers (config from a template)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from string import Template

from actions.fact_base import PROJECT_ROOT
from scripts.cluster.backing import MissingPackage, service_user
from scripts.cluster.processes import Managed

TEMPLATE = PROJECT_ROOT / "deploy" / "local" / "haproxy.cfg.template"


@dataclass
class Balancer:
    """HAProxy: the public port for the channels, an internal one for the action servers."""

    config: Path
    proxy_port: int
    actions_port: int
    rasa_ports: list[int]
    action_ports: list[int]
    rate_limit: int

    def render(self) -> str:
        """The configuration: one `server` line per Rasa server and per action server."""
        user = service_user("haproxy")
        rasa = [f"rasa{i}" for i in range(1, len(self.rasa_ports) + 1)]
        return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
            privileges=f"    user {user}\n    group {user}" if user else "",
            proxy_port=self.proxy_port,
            actions_port=self.actions_port,
            rate_limit=self.rate_limit,
            rasa_servers="\n".join(
                f"    server {name} 127.0.0.1:{port} check"
                for name, port in zip(rasa, self.rasa_ports, strict=True)
            ),
            socketio_servers="\n".join(
                f"    server {name} 127.0.0.1:{port} track rasa/{name} cookie {name}"
                for name, port in zip(rasa, self.rasa_ports, strict=True)
            ),
            action_servers="\n".join(
                f"    server actions{i} 127.0.0.1:{port} check"
                for i, port in enumerate(self.action_ports, start=1)
            ),
        )

    def managed(self, log: Path) -> Managed:
        """Write and check the configuration, then describe the HAProxy process."""
        binary = shutil.which("haproxy")
        if binary is None:
            raise MissingPackage("haproxy")
        self.config.write_text(self.render(), encoding="utf-8")
        checked = subprocess.run([binary, "-c", "-q", "-f", str(self.config)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"HAProxy refused {self.config}:\n{checked.stdout}{checked.stderr}")
        return Managed("haproxy", [binary, "-db", "-f", str(self.config)], log, self.proxy_port)
