"""The project as Rasa reads it: domain, stories and rules, training data and config.

Loaded in process with Rasa's own importer (what `rasa train` and `rasa data validate` use),
so the check sees exactly what training sees. When Rasa refuses a file, each of its
complaints becomes a problem at the line Rasa's schema path points to. (The importer does
not load TensorFlow, which keeps the fast check fast.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.exceptions import RasaException
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.validation import YamlValidationException

from core.yaml_source import Problem, display_path, line_of
from scripts.content_check.project import CONFIG, DOMAIN, Project

RASA_FORMAT_DOCS = "https://rasa.com/docs/rasa/training-data-format"


@dataclass(frozen=True)
class RasaData:
    """What Rasa loaded: the domain, the stories and rules, the examples and the config."""

    domain: Domain
    stories: StoryGraph
    nlu: TrainingData
    config: dict[str, Any]

    def policy(self, name: str) -> dict[str, Any]:
        """The config of one dialogue policy (e.g. RulePolicy), or {}."""
        return next((p for p in self.config.get("policies") or [] if p.get("name") == name), {})


def line_at(tree: Any, path: str) -> int:
    """The line of a Rasa schema path like '/responses/utter_x/0' in a YAML tree (closest parent)."""
    line, node = line_of(tree), tree
    for part in [p for p in path.split("/") if p]:
        key: Any = int(part) if isinstance(node, list) and part.isdigit() else part
        try:
            line = line_of(node, key) or line
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def load(project: Project) -> tuple[RasaData | None, list[Problem]]:
    """Rasa's view of the project, or the problems that stop Rasa from reading it."""
    root = project.root
    importer = TrainingDataImporter.load_from_config(
        str(root / CONFIG), str(root / DOMAIN), [str(root / "data")]
    )
    try:
        data = RasaData(
            importer.get_domain(), importer.get_stories(), importer.get_nlu_data(), importer.get_config()
        )
    except YamlValidationException as error:
        file = display_path(Path(error.filename), root) if error.filename else DOMAIN
        return None, [
            Problem(
                file,
                line_at(project.tree(file), entry.path),
                f"Rasa cannot read this part: {entry}",
                f"compare it with the blocks around it (Rasa's format: {RASA_FORMAT_DOCS})",
            )
            for entry in error.validation_errors or []
        ] or [Problem(file, 0, f"Rasa cannot read this file: {error.message}", RASA_FORMAT_DOCS)]
    except (RasaException, ValueError) as error:
        name = getattr(error, "filename", None)
        shown = display_path(Path(name), root) if name else DOMAIN
        return None, [Problem(shown, 0, f"Rasa cannot read the project: {error}", RASA_FORMAT_DOCS)]
    if data.domain.is_empty():
        return None, [Problem(DOMAIN, 1, "Rasa found nothing in domain.yml", "restore domain.yml")]
    return data, []
