"""Claims the assistant must never make: numbers, doses or subjects the article lacks.

Every medical statement comes from the article. A number (a dose, a percentage, an age), a
dose unit, or a subject the fact base lists as `not_covered` (named drugs, supplements,
driving, pregnancy, ...) in a reply is an invented claim. Emergency numbers are product safety
behaviour, not medical facts, and are allowed.
"""

from __future__ import annotations

import re
from functools import cache

from core.fact_base import default_fact_base
from core.settings import PROJECT_ROOT

ARTICLE = PROJECT_ROOT.parent / "shared" / "source" / "myoclonus-cleveland-clinic.txt"
EMERGENCY_NUMBERS = {"911", "112", "999"}
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
DOSE_UNIT = re.compile(r"\b\d*\s?(mg|mcg|µg|ml|milligrams?|micrograms?|millilitres?|milliliters?)\b", re.I)


@cache
def article_text() -> str:
    """The source article, lower case (empty when it is not beside the project)."""
    return ARTICLE.read_text(encoding="utf-8").lower() if ARTICLE.is_file() else ""


def unsupported_claims(reply: str, article: str | None = None) -> list[str]:
    """Numbers, doses and not-covered subjects in a reply that the article does not contain."""
    source = article_text() if article is None else article
    found = [n for n in NUMBER.findall(reply) if n not in EMERGENCY_NUMBERS and n not in source]
    found += [m.group(0) for m in DOSE_UNIT.finditer(reply)]
    lowered = reply.lower()
    found += [
        name
        for name in default_fact_base().not_covered
        if re.search(rf"\b{re.escape(name)}\b", lowered) and name not in source
    ]
    return found
