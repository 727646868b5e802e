"""Visitor-facing wording, read from the domain's responses (domain.yml).

Every sentence a visitor can see lives in domain.yml or the fact base. Code that composes a
reply from several parts (an answer plus the triage offer, advice plus the care contact)
takes those parts from the responses through `Wording`, so editors change words without
touching Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.settings import PROJECT_ROOT
from core.yaml_source import read_yaml

Responses = Mapping[str, Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class Button:
    """A suggested next step."""

    title: str
    payload: str


class WordingError(KeyError):
    """A response the code needs is missing from the domain."""


@dataclass(frozen=True)
class Wording:
    """The domain's responses, for composing replies."""

    responses: Responses

    def _first(self, name: str) -> Mapping[str, Any]:
        variations = self.responses.get(name)
        if not variations:
            raise WordingError(f"the response '{name}' is missing from domain.yml")
        return variations[0]

    def template(self, name: str) -> str:
        """The response's text with its `{placeholders}` left in."""
        return " ".join(str(self._first(name).get("text", "")).split())

    def text(self, name: str, **values: Any) -> str:
        """The response's text, with `{placeholders}` filled from `values`."""
        return self.template(name).format(**values)

    def buttons(self, name: str) -> tuple[Button, ...]:
        """The response's buttons."""
        return tuple(Button(str(b["title"]), str(b["payload"])) for b in self._first(name).get("buttons", []))


@cache
def project_wording() -> Wording:
    """The responses of the project's domain.yml (for scripts; actions get them from Rasa)."""
    return Wording(read_yaml(PROJECT_ROOT / "domain.yml", "domain.yml")["responses"])
