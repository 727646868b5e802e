"""A Redis lock store for several Rasa servers: one atomic lock per conversation that expires.

Rasa 3.6's RedisLockStore keeps a queue of tickets per conversation, updated with a read, a
change and a write (two servers can issue the same ticket), checked once a second, and with a
flaw that shows when a server dies holding a lock: a message waiting for it whose own ticket
expires meanwhile waits forever (its ticket is gone, so its turn never comes). This store takes
one Redis key per conversation with SET NX and an expiry (redis-py's Lock): a message waits
until the key is free, checking every 50 ms, and a dead server's lock is freed by the expiry
(TICKET_LOCK_LIFETIME seconds, Rasa's setting; 60 by default).

endpoints.yml: `lock_store: {type: extensions.lock_store.ExpiringRedisLockStore, url, port,
password, db}` (deploy/endpoints.yml).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator

import redis.asyncio as redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import LockNotOwnedError

POLL_SECONDS = 0.05


class ExpiringRedisLockStore(LockStore):
    """Conversation locks as expiring Redis keys, safe across servers."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        settings = endpoint_config.kwargs
        self.red = redis.Redis(
            host=endpoint_config.url or "localhost",
            port=int(settings.get("port", 6379)),
            db=int(settings.get("db", 1)),
            username=settings.get("username"),
            password=settings.get("password"),
            ssl=bool(settings.get("use_ssl", False)),
            socket_timeout=float(settings.get("socket_timeout", 10)),
        )
        super().__init__()

    @contextlib.asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's lock; wait for it up to twice its lifetime."""
        lock = self.red.lock(
            f"lock:{conversation_id}",
            timeout=lock_lifetime,
            sleep=POLL_SECONDS,
            blocking_timeout=2 * lock_lifetime,
        )
        if not await lock.acquire():
            raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
        try:
            yield TicketLock(conversation_id)
        finally:
            with contextlib.suppress(LockNotOwnedError):  # it expired: someone else may hold it now
                await lock.release()
