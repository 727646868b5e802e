"""How many messages a conversation may send per minute (MESSAGES_PER_MINUTE, default 20).

No person types faster than about 20 messages a minute; a script that does gets a polite
"slow down" reply instead of the model's time. The count is kept in this process's memory,
which is right for one Rasa server. For several servers behind a balancer, give
`rasa_patches` a limiter with the same `allow(key)` method over a shared store (for example
Redis: INCR on `key:minute` with a two-minute EXPIRE); the balancer's own per-address limit
covers clients that spread their messages over many conversations.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Protocol

WINDOW_SECONDS = 60.0
MAX_CONVERSATIONS = 100_000  # memory bound: the least recently active conversations are forgotten


class RateLimiter(Protocol):
    """Decides whether one more message of a conversation is allowed now."""

    def allow(self, key: str) -> bool:
        """Count a message of `key` and say whether it is within the limit."""
        ...


class SlidingWindowLimiter:
    """At most `limit` messages per key in any `window` seconds, kept in memory."""

    def __init__(
        self, limit: int, window: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.sent: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """True (and counted) when `key` sent fewer than `limit` messages in the last window."""
        now = self.clock()
        times = self.sent.pop(key, None) or deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self.sent[key] = times
        if len(self.sent) > MAX_CONVERSATIONS:
            self.sent.popitem(last=False)
        return allowed
