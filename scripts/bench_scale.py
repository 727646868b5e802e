"""Throughput and latency through the load balancer with 1 and with 2 Rasa servers.

    scripts/bench --scale      # about 5 minutes; writes results/bench/scale.json and scale.md

In one run, for 1 and then 2 replicas (each started with `scripts/start --replicas N`, so
PostgreSQL, Redis, HAProxy and N action servers too): REST latency p50/p95/p99 and throughput
at 1, 10 and 50 concurrent conversations (each from its own loopback address, every answer
checked against its conversation), and where the CPU went: seconds of CPU per second of the
run for the Rasa servers, the action servers, HAProxy, PostgreSQL, Redis and the load
generator. Compares 2 replicas with 1 against the targets (throughput >= 1.5x, p95 at 50
conversations <= 0.7x).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from core.fact_base import FactBase, default_fact_base
from core.settings import PROJECT_ROOT
from scripts.bench import checked_against
from scripts.cluster.cluster import remove_run_dir
from scripts.cluster.runner import RunningCluster
from scripts.load_test import run_load

OUT = PROJECT_ROOT / "results" / "bench"
LEVELS = {1: 40, 10: 10, 50: 6}  # concurrent conversations: turns each (as scripts/bench)
TARGETS = {"throughput_ratio": (">=", 1.5), "p95_ratio_at_50": ("<=", 0.7)}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SECTION = "## Scale-out: 1 and 2 Rasa servers behind HAProxy"


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (PostgreSQL's backends)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def process_groups(cluster: RunningCluster) -> dict[str, list[int]]:
    """The cluster's processes by role."""
    groups: dict[str, list[int]] = {}
    for name, info in cluster.state()["processes"].items():
        if info["pid"]:
            role = name.rstrip("0123456789")
            groups.setdefault(role, []).append(int(info["pid"]))
    groups["postgres"] += children(groups["postgres"][0])
    return groups


def cpu_snapshot(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far of each role, and of this process (the load generator)."""
    snapshot = {role: sum(cpu_seconds(pid) for pid in pids) for role, pids in groups.items()}
    snapshot["load generator"] = time.process_time()
    return snapshot


def measure(replicas: int, facts: FactBase, work: Path) -> dict[int, dict[str, Any]]:
    """Every concurrency level through the balancer of a fresh cluster with `replicas` servers."""
    cluster = RunningCluster(work / f"replicas-{replicas}", replicas).start()
    url = f"{cluster.proxy_url}/webhooks/rest/webhook"
    results: dict[int, dict[str, Any]] = {}
    try:
        asyncio.run(run_load(url, 4 * replicas, 3, facts, own_addresses=True))  # warm every server
        for conversations, turns in LEVELS.items():
            groups = process_groups(cluster)
            before, started = cpu_snapshot(groups), time.perf_counter()
            report = asyncio.run(run_load(url, conversations, turns, facts, own_addresses=True))
            after, seconds = cpu_snapshot(groups), time.perf_counter() - started
            summary = report.summary()
            summary.pop("problem_examples")
            summary["cpu_cores_used"] = {
                role: round((after[role] - before[role]) / seconds, 2) for role in after
            }
            results[conversations] = summary
            print(f"{replicas} replica(s), {conversations} conversations: {summary}", flush=True)
    finally:
        cluster.stop()
        remove_run_dir(cluster.run_dir)
    return results


def headline(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The targets with measured values."""
    one, two = data["replicas"]["1"], data["replicas"]["2"]
    values = {
        "throughput_ratio": round(two["50"]["throughput_per_s"] / one["50"]["throughput_per_s"], 3),
        "p95_ratio_at_50": round(two["50"]["p95_ms"] / one["50"]["p95_ms"], 3),
    }
    return checked_against(values, TARGETS)


def markdown(data: dict[str, Any]) -> str:
    """The report section (included in report.md by scripts/bench)."""
    rows = []
    for replicas in ("1", "2"):
        for level in map(str, LEVELS):
            r = data["replicas"][replicas][level]
            cpu = ", ".join(f"{role} {cores}" for role, cores in r["cpu_cores_used"].items())
            problems = f"{r['errors']} / {r['lost']} / {r['cross_wired']} / {r['wrong']}"
            latency = f"{r['p50_ms']} / {r['p95_ms']} / {r['p99_ms']}"
            rows.append(
                f"| {replicas} | {level} | {latency} | {r['throughput_per_s']} | {problems} | {cpu} |"
            )
    checks = [
        f"| {name} | {c['value']} | {c['target']} | {'yes' if c['met'] else '**no**'} |"
        for name, c in data["headline"].items()
    ]
    notes = OUT / "scale-notes.md"
    return "\n".join(
        [
            SECTION,
            "",
            f"Generated by `scripts/bench --scale` on {data['generated']}, {os.cpu_count()} cores, "
            f"load average {data['load_average_before']} before the run. Each set-up was started with "
            "`scripts/start --replicas N` (PostgreSQL, Redis, HAProxy, N Rasa and N action servers); "
            "every conversation came from its own loopback address and every answer was checked.",
            "",
            "| Measure | Measured | Target | Met |",
            "| --- | --- | --- | --- |",
            *checks,
            "",
            "| Replicas | Concurrent conversations | REST ms p50 / p95 / p99 | msg/s "
            "| Errors / lost / cross-wired / wrong | CPU cores used, by process |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
            notes.read_text(encoding="utf-8") if notes.is_file() else "",
        ]
    )


def update_report(section: str) -> None:
    """Put the section in report.md in place of an earlier one (scripts/bench keeps it from scale.md)."""
    report = OUT / "report.md"
    text = report.read_text(encoding="utf-8") if report.is_file() else "# Benchmark report\n"
    start = text.find(SECTION)
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + (text[end + 1 :] if end >= 0 else "")
    report.write_text(f"{text.rstrip()}\n\n{section}\n", encoding="utf-8")


def main() -> int:
    """Measure 1 then 2 replicas; write scale.json and scale.md."""
    facts = default_fact_base()
    work = PROJECT_ROOT / "run" / f"bench-scale-{os.getpid()}"
    data: dict[str, Any] = {
        "generated": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average_before": round(os.getloadavg()[0], 2),
        "levels": LEVELS,
        "replicas": {str(n): {str(k): v for k, v in measure(n, facts, work).items()} for n in (1, 2)},
    }
    data["headline"] = headline(data)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "scale.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (OUT / "scale.md").write_text(markdown(data) + "\n", encoding="utf-8")
    update_report(markdown(data))
    print(markdown(data))
    return 0 if all(check["met"] for check in data["headline"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
