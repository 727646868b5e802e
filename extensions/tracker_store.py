"""Rasa's SQL tracker store, plus "forget me".

A conversation in which the visitor asked to delete their data is deleted from the store
instead of being saved.
"""

from __future__ import annotations

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

FORGET_ACTION = "utter_data_deleted"


def asked_to_forget(tracker: DialogueStateTracker) -> bool:
    """True when the latest turn confirmed deleting the visitor's data."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGET_ACTION:
            return True
    return False


class ForgetfulSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that deletes a conversation when the visitor asks it to."""

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
