"""When the action server is down, slow or failing, the visitor gets an apology.

By default Rasa only logs that a custom action failed, and the visitor gets no reply. This
wraps Rasa's RemoteAction so that a failure (or no answer within ACTION_TIMEOUT_SECONDS,
default 10) sends the `utter_action_failed` response instead: an apology and the pointer to a
healthcare provider. Nothing from the action server's error reaches the visitor.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from rasa.core.actions.action import (
    ActionExecutionRejection,
    ActionSessionStart,
    RemoteAction,
    create_bot_utterance,
)
from rasa.shared.core.events import Event

logger = logging.getLogger(__name__)

APOLOGY_RESPONSE = "utter_action_failed"
SESSION_START = "action_session_start"
APOLOGY_TEXT = (
    "Sorry, something went wrong on my side and I can't answer that right now. Please try again "
    "in a moment. For questions about your health, your healthcare provider can help."
)


def action_timeout() -> float:
    """Seconds to wait for the action server before apologising."""
    return float(os.environ.get("ACTION_TIMEOUT_SECONDS", "10"))


def install_action_failure_apology() -> None:
    """Wrap RemoteAction.run once; later calls change nothing."""
    original = RemoteAction.run
    if getattr(original, "apologises", False):
        return

    async def run_or_apologise(
        self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any
    ) -> list[Event]:
        try:
            return await asyncio.wait_for(
                original(self, output_channel, nlg, tracker, domain), action_timeout()
            )
        except ActionExecutionRejection:
            raise  # a form rejecting a slot is normal dialogue, not a failure
        except Exception as error:  # noqa: BLE001 - whatever failed, the visitor gets an answer
            logger.error("Custom action '%s' failed (%s); sending an apology instead.", self.name(), error)
            if self.name() == SESSION_START:
                # Start the session the way Rasa does by default, so the next turn works.
                return await ActionSessionStart().run(output_channel, nlg, tracker, domain)
            message = await nlg.generate(APOLOGY_RESPONSE, tracker, output_channel.name())
            return [create_bot_utterance(dict(message or {"text": APOLOGY_TEXT}))]

    run_or_apologise.apologises = True  # type: ignore[attr-defined]
    RemoteAction.run = run_or_apologise
