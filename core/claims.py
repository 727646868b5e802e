"""Claims the assistant must never make: numbers, doses or drug names the article lacks.

Every medical statement comes from the article. A number (a dose, a percentage, an age) or a
drug name in a reply that the article does not contain is an invented claim. Emergency
numbers are product safety behaviour, not medical facts, and are allowed.
"""

from __future__ import annotations

import re
from functools import cache

from core.settings import PROJECT_ROOT

ARTICLE = PROJECT_ROOT.parent / "shared" / "source" / "myoclonus-cleveland-clinic.txt"
EMERGENCY_NUMBERS = {"911", "112", "999"}
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
DOSE_UNIT = re.compile(r"\b\d*\s?(mg|mcg|µg|ml|milligrams?|micrograms?|millilitres?|milliliters?)\b", re.I)
# Drugs and remedies visitors ask about that the article does not name.
DRUG_NAMES = [
    "clonazepam",
    "valproate",
    "valproic",
    "levetiracetam",
    "keppra",
    "piracetam",
    "gabapentin",
    "pregabalin",
    "ibuprofen",
    "paracetamol",
    "acetaminophen",
    "aspirin",
    "sertraline",
    "fluoxetine",
    "prozac",
    "diazepam",
    "lorazepam",
    "topiramate",
    "zonisamide",
    "primidone",
    "botox",
    "melatonin",
    "magnesium",
    "cbd",
    "baclofen",
    "tramadol",
    "propranolol",
    "carbamazepine",
]


@cache
def article_text() -> str:
    """The source article, lower case (empty when it is not beside the project)."""
    return ARTICLE.read_text(encoding="utf-8").lower() if ARTICLE.is_file() else ""


def unsupported_claims(reply: str, article: str | None = None) -> list[str]:
    """Numbers, doses and drug names in a reply that the article does not contain."""
    source = article_text() if article is None else article
    found = [n for n in NUMBER.findall(reply) if n not in EMERGENCY_NUMBERS and n not in source]
    found += [m.group(0) for m in DOSE_UNIT.finditer(reply)]
    lowered = reply.lower()
    found += [d for d in DRUG_NAMES if re.search(rf"\b{d}\b", lowered) and d not in source]
    return found
