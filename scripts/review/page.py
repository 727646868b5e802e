"""The review as a static HTML page an editor opens in a browser.

Jinja2 escapes every value (visitor messages above all), and the page's Content-Security-Policy
lets no script run and nothing load, even if a value slipped through.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from core.settings import PROJECT_ROOT
from core.yaml_source import display_path, line_of, read_yaml
from scripts.review.report import Group, Review


def _pastes(group: Group) -> list[tuple[str, str]]:
    """(where, lines) to paste, one pair per destination."""
    places = sorted({f.paste_into for f in group.findings})
    return [
        (place, "\n".join(sorted({f.paste for f in group.findings if f.paste_into == place})))
        for place in places
    ]


def entry_lines(facts_file: Path) -> dict[str, int]:
    """{entry id: line of its `- id:`} in the fact base."""
    tree = read_yaml(facts_file, str(facts_file))
    return {
        str(node.get("id")): line_of(node, "id")
        for node in tree.get("entries") or []
        if isinstance(node, dict)
    }


def render(review: Review, facts_file: Path, source: str) -> str:
    """The page's HTML."""
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
    )
    entries = [g.entry for g in review.groups if g.entry is not None]
    return environment.get_template("page.html").render(
        review=review,
        entries=entries,
        lines=entry_lines(facts_file),
        facts_file=display_path(facts_file, PROJECT_ROOT),
        facts_url=facts_file.resolve().as_uri(),
        pastes=_pastes,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        source=source,
    )


def write_page(path: Path, html: str) -> Path:
    """Write the page (creating its folder); return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
