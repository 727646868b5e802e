"""Rasa's SQL tracker store, plus "forget me", secure deletion and a retention period.

- A conversation in which the visitor asked to delete their data is deleted from the store
  instead of being saved.
- On SQLite, deleted rows are overwritten (`PRAGMA secure_delete=ON`), so a deleted
  conversation cannot be read back from the database file.
- Conversations whose last message is older than RETENTION_DAYS (default 30) are deleted
  when the server starts and then once a day, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from core.settings import settings

logger = logging.getLogger(__name__)

FORGET_ACTION = "utter_data_deleted"
DAY_SECONDS = 24 * 3600


def asked_to_forget(tracker: DialogueStateTracker) -> bool:
    """True when the latest turn confirmed deleting the visitor's data."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return True
    return False


def _overwrite_deleted_rows(connection: Any, _: Any) -> None:
    connection.execute("PRAGMA secure_delete=ON")


class ForgetfulSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that forgets on request, overwrites what it deletes, and expires old data."""

    sweep_seconds: float = DAY_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self.engine.dispose()  # connections opened so far lack the pragma
            sa.event.listen(self.engine, "connect", _overwrite_deleted_rows)
        self.retention_days = settings().retention_days
        self.forget_expired()
        threading.Thread(target=self._sweep_daily, name="retention", daemon=True).start()

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save the tracker, or delete every stored event of it after "forget me"."""
        if asked_to_forget(tracker):
            await self.delete(tracker.sender_id)
        else:
            await super().save(tracker)

    async def delete(self, sender_id: str) -> None:
        """Delete every stored event of one conversation."""
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()

    def forget_expired(self, now: float | None = None) -> int:
        """Delete the conversations last active over `retention_days` ago; return the events deleted."""
        cutoff = (time.time() if now is None else now) - self.retention_days * DAY_SECONDS
        event = self.SQLEvent
        expired = (
            sa.select(event.sender_id).group_by(event.sender_id).having(sa.func.max(event.timestamp) < cutoff)
        )
        with self.session_scope() as session:
            deleted = int(
                session.query(event).filter(event.sender_id.in_(expired)).delete(synchronize_session=False)
            )
            session.commit()
        if deleted:
            logger.info("Deleted %d events of conversations older than RETENTION_DAYS.", deleted)
        return deleted

    def _sweep_daily(self) -> None:
        while True:
            time.sleep(self.sweep_seconds)
            try:
                self.forget_expired()
            except sa.exc.SQLAlchemyError as error:  # the database may be down for a while
                logger.error("Could not delete expired conversations: %s", error)
