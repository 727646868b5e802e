"""The few changes this project makes to Rasa's own classes, installed on purpose.

`install()` is called by the server launcher (extensions/serve.py) before Rasa starts:
- every channel's messages are screened once (extensions/message_screen.py) before the
  model sees them;
- when the action server is down, slow or failing, the visitor gets the
  `utter_action_failed` apology (Rasa alone only logs it and the visitor gets nothing);
- action server responses are checked with a JSON schema validator compiled once (Rasa
  re-checks the schema itself on every call: about 46 % of the server's CPU, measured).
"""

from __future__ import annotations

import asyncio
import logging
from functools import cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import (
    ActionExecutionRejection,
    ActionSessionStart,
    RemoteAction,
    create_bot_utterance,
)
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import Event

from core.settings import settings
from core.wording import Wording
from extensions.message_screen import screening_response

logger = logging.getLogger(__name__)

APOLOGY_RESPONSE = "utter_action_failed"
SESSION_START = "action_session_start"


async def _screened_handle_message(self: Agent, message: UserMessage) -> Any:
    """Agent.handle_message, but empty and over-long messages get their reply at once."""
    screened = screening_response(message.text, settings().max_message_chars)
    if screened is None:
        return await _original_handle_message(self, message)
    name, values = screened
    wording = Wording(self.domain.responses if self.domain else {})
    await message.output_channel.send_text_message(message.sender_id, wording.text(name, **values))
    return None


async def _run_or_apologise(
    self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any
) -> list[Event]:
    """RemoteAction.run with a time limit; on failure, the apology instead of silence."""
    try:
        return await asyncio.wait_for(
            _original_remote_run(self, output_channel, nlg, tracker, domain),
            settings().action_timeout_seconds,
        )
    except ActionExecutionRejection:
        raise  # a form rejecting a slot is normal dialogue, not a failure
    except Exception as error:  # noqa: BLE001 - whatever failed, the visitor gets an answer
        logger.error("Custom action '%s' failed (%s); sending an apology instead.", self.name(), error)
        if self.name() == SESSION_START:
            # Start the session the way Rasa does by default, so the next turn works.
            return await ActionSessionStart().run(output_channel, nlg, tracker, domain)
        message = await nlg.generate(APOLOGY_RESPONSE, tracker, output_channel.name())
        return [create_bot_utterance(dict(message or {}))]


@cache
def action_response_validator() -> Validator:
    """A validator for Rasa's action response schema, checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server response, without re-checking the schema each time."""
    try:
        action_response_validator().validate(result)
    except ValidationError as error:
        error.message += ". Failed to validate the action server response (see Rasa's custom actions docs)."
        raise
    return True


_original_handle_message = Agent.handle_message
_original_remote_run = RemoteAction.run


def install() -> None:
    """Apply the changes above (calling it again changes nothing)."""
    Agent.handle_message = _screened_handle_message
    RemoteAction.run = _run_or_apologise
    RemoteAction._validate_action_result = _validate_action_result
