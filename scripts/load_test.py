"""Load test over REST: many concurrent conversations, each checked against its own topic.

    scripts/load-test                       # 50 conversations x 20 turns against fresh servers
    scripts/load-test --url http://127.0.0.1:5005 --conversations 10

Every conversation asks about its own type or cause, then follow-ups about "it". A reply is
*lost* when it is empty, *cross-wired* when it is addressed to another conversation, *wrong*
when it is not the answer to this conversation's own question, and an *error* when the request
fails. Reports
p50/p95/p99 latency and throughput; writes results/load_test.json. Exits 1 unless there are
0 errors, 0 lost and 0 cross-wired replies.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from core.answers import compose_answer
from core.fact_base import Entry, FactBase, default_fact_base
from core.settings import PROJECT_ROOT
from core.wording import project_wording

RESULTS = PROJECT_ROOT / "results"
FOLLOW_UPS = [
    ("can it be treated?", "treatment"),
    ("what causes it?", "causes"),
    ("is it dangerous?", "outlook"),
    ("can it be prevented?", "prevention"),
]


@dataclass
class LoadReport:
    """What a load run measured."""

    conversations: int
    turns: int
    requests: int = 0
    errors: int = 0
    lost: int = 0
    cross_wired: int = 0
    wrong: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    served_by: dict[str, list[str]] = field(default_factory=dict)  # sender -> X-Served-By of each reply
    bot_messages: dict[str, int] = field(default_factory=dict)  # sender -> bot messages received

    def percentile(self, p: float) -> float:
        """Latency percentile in ms (nearest rank)."""
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] if ordered else 0.0

    def summary(self) -> dict[str, Any]:
        """The headline figures."""
        return {
            "conversations": self.conversations,
            "turns": self.turns,
            "requests": self.requests,
            "errors": self.errors,
            "lost": self.lost,
            "cross_wired": self.cross_wired,
            "wrong": self.wrong,
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else 0.0,
            "throughput_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "seconds": round(self.seconds, 1),
            "problem_examples": self.examples[:10],
        }


def script_for(entry: Entry, facts: FactBase, turns: int) -> list[tuple[str, str]]:
    """(message, text the reply must contain) for one conversation about one entry."""
    steps = [(f"what is {entry.names[0]}?", compose_answer(facts, project_wording(), entry, None).text)]
    steps += [(q, compose_answer(facts, project_wording(), entry, aspect).text) for q, aspect in FOLLOW_UPS]
    return [steps[i % len(steps)] for i in range(turns)]


async def _conversation(
    session: aiohttp.ClientSession,
    url: str,
    sender: str,
    script: list[tuple[str, str | None]],
    report: LoadReport,
) -> None:
    for message, expected in script:
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as response:
                status = response.status
                report.served_by.setdefault(sender, []).append(response.headers.get("X-Served-By", ""))
                body: Any = await response.json(content_type=None) if status == 200 else await response.text()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            report.errors += 1
            report.examples.append(f"{sender}: error {error!r}")
            continue
        finally:
            report.requests += 1
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        if status != 200:
            report.errors += 1
            report.examples.append(f"{sender}: HTTP {status}")
            continue
        report.bot_messages[sender] = report.bot_messages.get(sender, 0) + len(body)
        if not body:
            report.lost += 1
            report.examples.append(f"{sender}: no reply to {message!r}")
        elif any(m.get("recipient_id") != sender for m in body):
            report.cross_wired += 1
            report.examples.append(f"{sender}: a reply addressed to another conversation")
        elif expected is not None and expected not in " ".join(m.get("text") or "" for m in body):
            report.wrong += 1
            report.examples.append(f"{sender}: wrong reply to {message!r}")


def visitor_address(index: int) -> str:
    """A loopback address of its own for conversation `index` (127.0.1.2, 127.0.1.3, ...)."""
    return f"127.0.{index // 250 + 1}.{index % 250 + 2}"


def _client(source: str | None) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=0, local_addr=(source, 0) if source else None)
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120), connector=connector)


async def run_scripts(
    url: str,
    scripts: list[list[tuple[str, str | None]]],
    prefix: str = "load",
    own_addresses: bool = False,
    report: LoadReport | None = None,
) -> LoadReport:
    """Run one concurrent conversation per script; `None` expects any non-empty reply.

    With `own_addresses` each conversation connects from its own loopback address, as separate
    visitors do (a load balancer limits the request rate per client address). Pass a `report`
    to watch it fill up while the run goes on.
    """
    report = report or LoadReport(len(scripts), max((len(s) for s in scripts), default=0))
    run_id = f"{prefix}-{time.time_ns():x}"
    async with contextlib.AsyncExitStack() as stack:
        shared = await stack.enter_async_context(_client(None))
        sessions = [
            await stack.enter_async_context(_client(visitor_address(i))) if own_addresses else shared
            for i in range(len(scripts))
        ]
        started = time.perf_counter()
        await asyncio.gather(
            *(
                _conversation(session, url, f"{run_id}-{i}", s, report)
                for i, (session, s) in enumerate(zip(sessions, scripts, strict=True))
            )
        )
        report.seconds = time.perf_counter() - started
    return report


async def run_load(
    url: str, conversations: int, turns: int, facts: FactBase, own_addresses: bool = False
) -> LoadReport:
    """Run `conversations` concurrent conversations of `turns` turns each, each about its own topic."""
    entries = [e for e in facts.entries.values() if e.is_specific]
    scripts: list[list[tuple[str, str | None]]] = [
        list(script_for(entries[i % len(entries)], facts, turns)) for i in range(conversations)
    ]
    return await run_scripts(url, scripts, own_addresses=own_addresses)


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print the report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running assistant (default: start fresh servers on free ports)")
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--out", type=Path, default=RESULTS / "load_test.json")
    args = parser.parse_args(argv)
    facts = default_fact_base()
    assistant = None
    if args.url is None:
        import tempfile

        from scripts.servers import LOAD_TEST_ENV, Assistant

        assistant = Assistant(Path(tempfile.mkdtemp(prefix="load-test-")), extra_env=LOAD_TEST_ENV).start()
    base = args.url or assistant.url  # type: ignore[union-attr]
    try:
        report = asyncio.run(run_load(f"{base}/webhooks/rest/webhook", args.conversations, args.turns, facts))
    finally:
        if assistant is not None:
            assistant.stop()
    summary = report.summary()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0 if report.errors == report.lost == report.cross_wired == report.wrong == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
