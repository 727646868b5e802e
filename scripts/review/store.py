"""Open the conversation store that endpoints.yml configures, for reading.

Only the `tracker_store` section is read, and only its own `${VARIABLES}` are filled in from
the environment: the review needs nothing the action server needs (such as its token).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.utils.endpoints import EndpointConfig
from ruamel.yaml.comments import TaggedScalar

from core.yaml_source import ContentError, read_yaml

VARIABLE = re.compile(r"\$\{([^}]+)\}")


class StoreError(Exception):
    """The store cannot be opened; the message says what to do."""


def _filled(value: Any, missing: list[str]) -> Any:
    if isinstance(value, TaggedScalar):  # once Rasa is imported, ruamel tags `${...}` values
        value = str(value.value)
    if not isinstance(value, str):
        return value
    for name in VARIABLE.findall(value):
        if name not in os.environ:
            missing.append(name)
    return VARIABLE.sub(lambda m: os.environ.get(m.group(1), ""), value)


def store_config(endpoints: Path) -> dict[str, Any]:
    """The `tracker_store` section of endpoints.yml, its variables filled in."""
    try:
        tree = read_yaml(endpoints, str(endpoints))
    except ContentError as error:
        raise StoreError(str(error.problems[0])) from None
    section = tree.get("tracker_store") if isinstance(tree, dict) else None
    if not isinstance(section, dict):
        raise StoreError(f"{endpoints} has no `tracker_store:` section, so no conversations are kept")
    missing: list[str] = []
    config = {str(key): _filled(value, missing) for key, value in section.items()}
    if missing:
        raise StoreError(f"the tracker_store in {endpoints} needs {', '.join(sorted(set(missing)))}: set it")
    return config


def sqlite_file(config: dict[str, Any], root: Path) -> Path | None:
    """The SQLite file of a SQLite store (relative names are in the project folder), or None."""
    if str(config.get("dialect", "")).lower() != "sqlite":
        return None
    path = Path(str(config.get("db") or "rasa.db"))
    return path if path.is_absolute() else root / path


def open_store(endpoints: Path, root: Path, sqlite: Path | None = None) -> TrackerStore | None:
    """The store to read (None when a SQLite store has no file yet: nobody has written)."""
    if sqlite is None:
        config = store_config(endpoints)
        sqlite = sqlite_file(config, root)
        if sqlite is None:
            return TrackerStore.create(EndpointConfig.from_dict(config))
    return SQLTrackerStore(dialect="sqlite", db=str(sqlite)) if sqlite.is_file() else None
