"""Read the project's YAML files with ruamel (which rasa-sdk's own image has: core/ needs no Rasa)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


def read_yaml(path: Path) -> Any:
    """The content of a YAML file (anchors resolved)."""
    with Path(path).open(encoding="utf-8") as handle:
        return YAML(typ="safe", pure=True).load(handle)
