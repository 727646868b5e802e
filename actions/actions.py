"""The assistant's custom actions. Each is small: the logic lives in pure modules."""

from __future__ import annotations

from datetime import date

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from core.answers import (
    DESCRIPTION_INTENT,
    NARROWING_INTENT,
    Answer,
    answerable_aspect,
    asked_aspect,
    aspect_by_meaning,
    choose_subject,
    clearly_named_subject,
    compose_answer,
    described_form,
    kept_aspect,
    likely_topics,
    names_its_topic,
)
from core.care import CareContact, advice_text
from core.fact_base import AGE_ENTITY, Entry, default_fact_base
from core.message import MEANING_RANKING, QUESTION_MEANING_RANKING, Message
from core.settings import settings
from core.triage import (
    NEW_OR_MORE_FREQUENT,
    QUESTIONS,
    Answers,
    Recommendation,
    needed_questions,
    recommend,
)
from core.wording import Button, Wording

TOPIC_SLOT = "topic"
FEEDBACK_BUTTONS = "utter_feedback_buttons"
ASPECT_SLOT = "aspect"
FALLBACK_INTENT = "nlu_fallback"
SUGGESTED_TOPICS = ("what_is_myoclonus", "types", "causes", "treatment", "when_to_see_provider")


def _utter(dispatcher: CollectingDispatcher, answer: Answer, more: tuple[Button, ...] = ()) -> None:
    buttons = (*answer.buttons, *more)
    dispatcher.utter_message(
        text=answer.text, buttons=[{"title": b.title, "payload": b.payload} for b in buttons]
    )


def _triage_answers(tracker: Tracker) -> Answers:
    return {question: tracker.get_slot(question) for question in QUESTIONS}


def _wording(domain: DomainDict) -> Wording:
    return Wording(domain.get("responses", {}))


def _ranking(tracker: Tracker, key: str = "intent_ranking") -> dict[str, float]:
    """Intent -> confidence, from a ranking of the latest message.

    `intent_ranking` is the classifiers' blend; `meaning_ranking` and
    `question_meaning_ranking` are the embedding classifier's own reading of the message and
    of its question (components/embedding_classifier.py).
    """
    return {
        str(r.get("name")): float(r.get("confidence") or 0)
        for r in tracker.latest_message.get(key) or []
        if isinstance(r, dict)
    }


def _message(tracker: Tracker) -> Message:
    """The latest message, with the names tagged in it."""
    latest = tracker.latest_message
    return Message.parsed(str(latest.get("text") or ""), latest.get("entities") or [])


def _say_not_covered(dispatcher: CollectingDispatcher, domain: DomainDict) -> list[EventType]:
    wording = _wording(domain)
    dispatcher.utter_message(
        text=wording.text("utter_not_covered", provider=settings().care_provider_name),
        buttons=[{"title": b.title, "payload": b.payload} for b in wording.buttons("utter_not_covered")],
    )
    return []


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


def _answer_fact(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, intent: str | None
) -> list[EventType]:
    """Answers the latest message from the fact base, as `intent` asks, and remembers the topic."""
    facts = default_fact_base()
    message = _message(tracker)
    if message.uncovered_is_asked(facts):
        return _say_not_covered(dispatcher, domain)
    question = message.asked_aspects()
    current = tracker.get_slot(TOPIC_SLOT)
    subject = choose_subject(
        facts,
        intent,
        message.named("topic"),
        current,
        message.refers_back,
        asks_an_aspect=bool(question),
        asked_named=message.asked_named("topic"),
        ranking=_ranking(tracker),
        # a follow-up naming an age group narrows by age, not to an item of a list
        meaning={} if message.named(AGE_ENTITY) else _ranking(tracker, MEANING_RANKING),
        asks_for_the_other=message.asks_for_the_other,
    )
    if subject is None:
        dispatcher.utter_message(response="utter_please_rephrase")
        return []
    personal = message.is_personal
    if message.asks_for_a_name or names_its_topic(subject, intent, message.asked_named("topic")):
        aspect = None
    else:
        aspect = asked_aspect(
            facts,
            intent,
            [] if personal else message.named("aspect"),  # "since I was diagnosed with X" asks nothing of X
            kept_aspect(subject, current, tracker.get_slot(ASPECT_SLOT)),
            question,
            message.implied_aspects(facts),
            follows_up=message.is_short_follow_up,
            by_meaning=aspect_by_meaning(facts, _ranking(tracker, QUESTION_MEANING_RANKING)),
            asks_of_an_age=bool(message.asked_named(AGE_ENTITY)),
        )
        aspect = answerable_aspect(subject, aspect, message.named("aspect"))
    return _say_answer(dispatcher, domain, subject, aspect, offer=intent == DESCRIPTION_INTENT or personal)


def _say_answer(
    dispatcher: CollectingDispatcher, domain: DomainDict, subject: Entry, aspect: str | None, offer: bool
) -> list[EventType]:
    """Says the answer about `subject` (and `aspect`), 👍/👎 last, and remembers the topic."""
    wording = _wording(domain)
    answer = compose_answer(default_fact_base(), wording, subject, aspect, offer)
    _utter(dispatcher, answer, more=wording.buttons(FEEDBACK_BUTTONS))
    return [SlotSet(TOPIC_SLOT, answer.topic), SlotSet(ASPECT_SLOT, aspect)]


class ActionAnswerFact(Action):
    """Answers a question about myoclonus from the fact base and remembers the topic.

    The answer's buttons end with the 👍/👎 feedback pair, which sends the `feedback` intent.
    """

    def name(self) -> str:
        return "action_answer_fact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return _answer_fact(dispatcher, tracker, domain, tracker.latest_message.get("intent", {}).get("name"))


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
        facts = default_fact_base()
        message = _message(tracker)
        if message.uncovered_is_asked(facts):
            return _say_not_covered(dispatcher, domain)
        ranking = [(name, p) for name, p in _ranking(tracker).items() if name != FALLBACK_INTENT]
        narrows = (ranking and ranking[0][0] == NARROWING_INTENT) or message.named(AGE_ENTITY)
        if narrows and tracker.get_slot(TOPIC_SLOT):
            return _answer_fact(dispatcher, tracker, domain, NARROWING_INTENT)  # "in grown-ups?"
        topics = message.named("topic")
        candidates = likely_topics(facts, topics, ranking)
        question = message.asked_aspects()
        subject = clearly_named_subject(facts, message.asked_named("topic"), topics, _ranking(tracker))
        if subject is None and not topics:  # "whenever a door slams I practically hit the ceiling"
            subject = described_form(facts, _ranking(tracker, MEANING_RANKING))
        if subject is not None:
            # like a description: only an aspect its question names ("a tick from my mouth" asks none)
            implied = message.implied_aspects(facts)
            by_meaning = aspect_by_meaning(facts, _ranking(tracker, QUESTION_MEANING_RANKING))
            aspect = asked_aspect(
                facts, DESCRIPTION_INTENT, [], None, question, implied, by_meaning=by_meaning
            )
            # "when should I see someone?" -> "and hiccups?"
            if aspect is None and message.is_short_follow_up:
                aspect = kept_aspect(subject, tracker.get_slot(TOPIC_SLOT), tracker.get_slot(ASPECT_SLOT))
            return _say_answer(dispatcher, domain, subject, aspect, offer=False)
        if question and not any(facts.entries[t].is_specific for t in topics if t in facts.entries):
            # "can surgery help?" about the current topic, or "do I need to see someone?" in general
            current = facts.entries.get(str(tracker.get_slot(TOPIC_SLOT)))
            general = current or facts.general_entry_for(question[-1])
            if general is not None:
                return _say_answer(dispatcher, domain, general, question[-1], offer=message.is_personal)
        if len(candidates) >= 2:
            dispatcher.utter_message(
                response="utter_did_you_mean",
                buttons=[{"title": e.title, "payload": "/" + e.intent} for e in candidates[:3]],
            )
            return []
        entries = facts.entries
        dispatcher.utter_message(
            response="utter_please_rephrase",
            buttons=[
                {"title": entries[t].title, "payload": "/" + entries[t].intent} for t in SUGGESTED_TOPICS
            ],
        )
        return []


class ActionNotCovered(Action):
    """Says plainly that the article does not cover a question, and who can answer it.

    The classifier's guess is checked first: a question naming no uncovered subject that asks
    an aspect of a form or cause the article covers is answered instead.
    """

    def name(self) -> str:
        return "action_not_covered"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        facts = default_fact_base()
        message = _message(tracker)
        if not message.uncovered_is_asked(facts) and message.asks_what_the_article_answers(facts):
            return _answer_fact(dispatcher, tracker, domain, None)  # "can OMS happen with lung cancer?"
        return _say_not_covered(dispatcher, domain)


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
    """Advises seeing a provider when a visitor reports jerks that are new or getting worse."""

    def name(self) -> str:
        return "action_recommend_provider"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=_advice(recommend({NEW_OR_MORE_FREQUENT: True}), domain))
        return []
