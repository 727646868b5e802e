"""What the Rasa servers of a scaled-out set-up share, through Redis when REDIS_URL is set.

- `seen_before(key)`: whether any server saw this key in the last hour (Slack retry
  de-duplication, REST replay protection). Without REDIS_URL: this process's memory only.
- `socketio_manager()`: python-socketio's AsyncRedisManager, so a reply emitted on one server
  reaches the visitor's browser tabs connected to other servers; None without REDIS_URL.
"""

from __future__ import annotations

from collections import OrderedDict

import redis.asyncio as redis
from socketio import AsyncRedisManager

from core.settings import settings

REMEMBER_SECONDS = 3600
REMEMBERED_IN_MEMORY = 10_000


class SeenKeys:
    """Keys seen recently, in Redis (shared by every server) or in memory (one server)."""

    def __init__(self, redis_url: str | None) -> None:
        self.client = redis.Redis.from_url(redis_url) if redis_url else None
        self.memory: OrderedDict[str, None] = OrderedDict()

    async def seen_before(self, key: str) -> bool:
        """Remember `key`; True when it was already remembered."""
        if self.client is not None:
            added = await self.client.set(f"seen:{key}", 1, nx=True, ex=REMEMBER_SECONDS)
            return not added
        if key in self.memory:
            return True
        self.memory[key] = None
        if len(self.memory) > REMEMBERED_IN_MEMORY:
            self.memory.popitem(last=False)
        return False


_seen: SeenKeys | None = None


def seen_keys() -> SeenKeys:
    """The SeenKeys of this process, made on first use from REDIS_URL."""
    global _seen
    if _seen is None:
        _seen = SeenKeys(settings().redis_url)
    return _seen


def socketio_manager() -> AsyncRedisManager | None:
    """A socket.io client manager shared through Redis, when REDIS_URL is set."""
    url = settings().redis_url
    return AsyncRedisManager(url) if url else None
