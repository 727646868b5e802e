"""Run the scaled-out set-up until Ctrl-C (or, with a chat, until /stop or Ctrl-D).

    python -m scripts.cluster --replicas 2 [--serve] [--run-dir run] [-- RASA_RUN_FLAGS...]

Environment: PROXY_PORT (8080), PROXY_RATE_LIMIT (100 requests per client address in 10 s),
DB_PASSWORD and REDIS_PASSWORD (generated once into RUN_DIR/secrets.json when unset),
ACTION_SERVER_TOKEN (random per start when unset). scripts/start --replicas N calls this.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from core.settings import settings
from scripts.cluster.cluster import Cluster
from scripts.servers import BIN

stopping = False


def _stop(signum: int, _: FrameType | None) -> None:
    global stopping
    stopping = True


def _interrupt(signum: int, _: FrameType | None) -> None:
    raise KeyboardInterrupt  # while starting: give up at once, then stop what was started


def main(argv: list[str] | None = None) -> int:
    """Start everything, keep it running, stop it all on a signal or when the chat ends."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--replicas", type=int, required=True, help="number of Rasa servers (1 or more)")
    parser.add_argument("--serve", action="store_true", help="serve only (no chat in this terminal)")
    parser.add_argument("--run-dir", type=Path, default=settings().run_dir)
    parser.add_argument("rasa_flags", nargs="*", help="extra flags for `rasa run` (after --)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be 1 or more")
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    cluster = Cluster(
        args.run_dir.resolve(),
        args.replicas,
        proxy_port=settings().proxy_port,
        rate_limit=settings().proxy_rate_limit,
        rasa_flags=args.rasa_flags,
    )
    try:
        cluster.start()
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        print(
            f"Ready: {args.replicas} Rasa server(s) behind {cluster.proxy_url} "
            f"(widget: {cluster.proxy_url}/webhooks/web/; logs and state: {args.run_dir}/)",
            file=sys.stderr,
            flush=True,
        )
        chat = None
        if not args.serve and sys.stdin.isatty():
            chat = subprocess.Popen([str(BIN / "python"), "-m", "scripts.chat", cluster.proxy_url])
        while not stopping and (chat is None or chat.poll() is None):
            cluster.revive()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave processes behind
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("Stopping every service...", file=sys.stderr, flush=True)
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
