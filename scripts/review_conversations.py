"""Review what visitors asked: what the assistant could not answer well, by topic.

    scripts/review-conversations                 the review in the terminal, and an HTML page
    scripts/review-conversations --format csv    one row per finding, for a spreadsheet

Reads the conversations in the tracker store of endpoints.yml (or --sqlite FILE) and lists,
grouped by the topic the visitor probably meant, each message an editor should act on:
fallbacks, low-confidence answers, "not covered" answers, answers where the article says
nothing specific, answers visitors rated 👎, and emergency messages the visitor disputed
(with what made them one). Each comes with a ready-to-paste training example. It also
writes a static page (default results/review.html): counts per topic over time, the
messages, and links to the fact entries.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from core.emergency import load_red_flags
from core.fact_base import DEFAULT_FACT_BASE, default_fact_base
from core.settings import PROJECT_ROOT
from core.wording import project_wording
from scripts.quiet import quiet_rasa

DEFAULT_PAGE = PROJECT_ROOT / "results" / "review.html"


def main(argv: list[str] | None = None) -> int:
    """Print the review and write the page."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sqlite", type=Path, help="read this SQLite tracker store file instead")
    parser.add_argument("--endpoints", type=Path, default=PROJECT_ROOT / "endpoints.yml")
    parser.add_argument(
        "--threshold", type=float, default=0.6, help="answers below this confidence are listed"
    )
    parser.add_argument("--format", choices=("text", "csv"), default="text")
    parser.add_argument("--html", type=Path, default=DEFAULT_PAGE, help="where to write the page")
    args = parser.parse_args(argv)
    with quiet_rasa():
        from scripts.review.findings import RED_FLAGS, Reviewer, ratings
        from scripts.review.page import render, write_page
        from scripts.review.report import Review, as_csv, as_text
        from scripts.review.store import StoreError, open_store
        from scripts.review.turns import read_turns

        try:
            store = open_store(args.endpoints, PROJECT_ROOT, args.sqlite)
        except StoreError as error:
            print(f"Cannot read the conversations: {error}", file=sys.stderr)
            return 1
        turns = asyncio.run(read_turns(store)) if store is not None else []
        facts = default_fact_base()
        red_flags = load_red_flags(PROJECT_ROOT / RED_FLAGS)
        findings = Reviewer(facts, project_wording(), args.threshold, red_flags).findings(turns)
        review = Review.of(turns, findings, ratings(turns), facts)
        source = str(args.sqlite or args.endpoints.name)
        page = write_page(args.html, render(review, DEFAULT_FACT_BASE, source))
    if store is None:
        print("No conversations yet: nobody has written to the assistant (no conversations.db).")
    sys.stdout.write(as_csv(review) if args.format == "csv" else as_text(review))
    if args.format == "text":
        print(f"\nPage: {page} (open it in a browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
