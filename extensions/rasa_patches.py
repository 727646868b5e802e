"""The few changes this project makes to Rasa's own classes, installed on purpose.

`install()` is called by the server launcher (extensions/serve.py) before Rasa starts:
- every channel's messages get a conversation id namespaced by channel
  (extensions/conversation_scope.py), keep only the metadata the server itself adds (the
  balancer's request id, extensions/replay.py; nothing a client attaches is stored or sent to
  the action server), are counted
  against the per-conversation rate limit (extensions/rate_limit.py) and are screened
  (extensions/message_screen.py) before the model sees them;
- a message is taken as a button payload only when the whole message is one well-formed
  payload, and never when the red-flag guard found an emergency in it (Rasa's
  RegexMessageHandler would otherwise read "/greet@1 my dad collapsed" as a greeting);
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
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from core.settings import settings
from core.wording import Wording
from extensions.conversation_scope import ChannelScopedOutput, scoped_sender_id
from extensions.message_screen import TOO_MANY, is_whole_payload, screening_response
from extensions.rate_limit import RateLimiter, SlidingWindowLimiter
from extensions.replay import METADATA_KEY as REQUEST_ID_KEY

logger = logging.getLogger(__name__)

APOLOGY_RESPONSE = "utter_action_failed"
SESSION_START = "action_session_start"
EMERGENCY_INTENT = "emergency"  # the intent components/red_flag_guard.py forces on a red flag
KEPT_METADATA = (REQUEST_ID_KEY,)  # set by the server, never by the visitor


@cache
def message_limiter() -> RateLimiter:
    """The per-conversation message limit of this process."""
    return SlidingWindowLimiter(settings().messages_per_minute)


async def _screened_handle_message(self: Agent, message: UserMessage) -> Any:
    """Agent.handle_message for a channel-scoped conversation, limited and screened first."""
    channel = message.input_channel or message.output_channel.name()
    sender_id = scoped_sender_id(channel, message.sender_id)
    limit = settings().messages_per_minute
    screened = (
        screening_response(message.text, settings().max_message_chars)
        if message_limiter().allow(sender_id)
        else (TOO_MANY, {"limit": limit})
    )
    if screened is None:
        scoped = UserMessage(
            message.text,
            ChannelScopedOutput(message.output_channel, channel),
            sender_id,
            input_channel=channel,
            message_id=message.message_id,
            metadata={k: v for k, v in (message.metadata or {}).items() if k in KEPT_METADATA} or None,
        )
        return await _original_handle_message(self, scoped)
    name, values = screened
    wording = Wording(self.domain.responses if self.domain else {})
    await message.output_channel.send_text_message(message.sender_id, wording.text(name, **values))
    return None


def _read_whole_payloads(
    self: RegexMessageHandler, messages: list[Message], domain: Domain | None = None
) -> list[Message]:
    """RegexMessageHandler.process, for whole well-formed payloads without an emergency only."""
    return [
        YAMLStoryReader.unpack_regex_message(message, domain, entity_extractor_name=self.name)
        if is_whole_payload(message.get(TEXT)) and not _is_emergency(message)
        else message
        for message in messages
    ]


def _is_emergency(message: Message) -> bool:
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == EMERGENCY_INTENT


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
    RegexMessageHandler.process = _read_whole_payloads
