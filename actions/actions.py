"""The assistant's custom actions. Each is small: the logic lives in pure modules."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from core.answers import Answer, asked_aspect, choose_subject, compose_answer
from core.care import CareContact, advice_text
from core.fact_base import default_fact_base
from core.settings import settings
from core.triage import (
    AFTER_MEDICATION_OR_DRUG,
    NEW_OR_MORE_FREQUENT,
    QUESTIONS,
    Answers,
    Recommendation,
    needed_questions,
    recommend,
)
from core.wording import Wording

TOPIC_SLOT = "topic"
SUGGESTED_TOPICS = ("what_is_myoclonus", "types", "causes", "treatment", "when_to_see_provider")


def _utter(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    dispatcher.utter_message(
        text=answer.text, buttons=[{"title": b.title, "payload": b.payload} for b in answer.buttons]
    )


def _triage_answers(tracker: Tracker) -> Answers:
    return {question: tracker.get_slot(question) for question in QUESTIONS}


def _wording(domain: DomainDict) -> Wording:
    return Wording(domain.get("responses", {}))


def _advice(recommendation: Recommendation, domain: DomainDict) -> str:
    return advice_text(
        recommendation,
        CareContact.from_settings(settings()),
        _wording(domain),
        default_fact_base().source.publisher,
    )


class ActionSessionStart(Action):
    """Starts every conversation by saying what the assistant is and is not."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_intro", retention_days=settings().retention_days)
        return [SessionStarted(), ActionExecuted("action_listen")]


class ActionAnswerFact(Action):
    """Answers a question about myoclonus from the fact base and remembers the topic."""

    def name(self) -> str:
        return "action_answer_fact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        facts = default_fact_base()
        intent = tracker.latest_message.get("intent", {}).get("name")
        subject = choose_subject(
            facts, intent, list(tracker.get_latest_entity_values("topic")), tracker.get_slot(TOPIC_SLOT)
        )
        if subject is None:
            dispatcher.utter_message(response="utter_please_rephrase")
            return []
        aspect = asked_aspect(facts, intent, list(tracker.get_latest_entity_values("aspect")))
        answer = compose_answer(facts, _wording(domain), subject, aspect)
        _utter(dispatcher, answer)
        return [SlotSet(TOPIC_SLOT, answer.topic)]


class ActionCiteSource(Action):
    """Says where the facts come from: publisher, title and last review date."""

    def name(self) -> str:
        return "action_cite_source"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        source = default_fact_base().source
        reviewed = date.fromisoformat(source.last_reviewed).strftime("%B %-d, %Y")
        dispatcher.utter_message(
            text=_wording(domain).text(
                "utter_cite_source",
                title=source.title,
                publisher=source.publisher,
                reviewed_by=source.reviewed_by,
                reviewed=reviewed,
            )
        )
        return []


class ActionSuggestTopics(Action):
    """Replies to a message the assistant did not understand: rephrase, or pick a topic."""

    def name(self) -> str:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        entries = default_fact_base().entries
        dispatcher.utter_message(
            response="utter_please_rephrase",
            buttons=[
                {"title": entries[t].title, "payload": "/" + entries[t].intent} for t in SUGGESTED_TOPICS
            ],
        )
        return []


class ValidateTriageForm(FormValidationAction):
    """Asks only the triage questions the answers so far still need."""

    def name(self) -> str:
        return "validate_triage_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return needed_questions(_triage_answers(tracker))


class ActionTriageRecommendation(Action):
    """Gives the triage recommendation, then clears the answers."""

    def name(self) -> str:
        return "action_triage_recommendation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=_advice(recommend(_triage_answers(tracker)), domain))
        return [SlotSet(question, None) for question in QUESTIONS]


class ActionRecommendProvider(Action):
    """Advises seeing a provider when a visitor reports worsening jerks or a new substance."""

    REPORTS: dict[str, dict[str, Any]] = {
        "report_worsening": {NEW_OR_MORE_FREQUENT: True},
        "report_new_medication": {AFTER_MEDICATION_OR_DRUG: True},
    }

    def name(self) -> str:
        return "action_recommend_provider"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        recommendation = recommend(self.REPORTS.get(str(intent), {NEW_OR_MORE_FREQUENT: True}))
        dispatcher.utter_message(text=_advice(recommendation, domain))
        return []
