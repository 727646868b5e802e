"""Shared fixtures: the fact base, the domain, and the trained model."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.utils.io import read_yaml_file

from core.fact_base import FactBase, default_fact_base
from core.settings import PROJECT_ROOT, settings
from scripts.servers import MODEL

RESULTS = PROJECT_ROOT / "results"
DOMAIN_DICT = Domain.load(str(PROJECT_ROOT / "domain.yml")).as_dict()


@pytest.fixture(autouse=True)
def _settings_from_this_tests_environment() -> Iterator[None]:
    """Settings are read once per process: re-read them for each test's environment."""
    settings.cache_clear()
    yield
    settings.cache_clear()


@pytest.fixture(scope="session")
def facts() -> FactBase:
    return default_fact_base()


@pytest.fixture(scope="session")
def domain() -> Domain:
    return Domain.from_dict(DOMAIN_DICT)


@pytest.fixture(scope="session")
def training_texts() -> dict[str, str]:
    """Training example text (lower case) -> intent."""
    data = load_data(str(PROJECT_ROOT / "data" / "nlu.yml"))
    return {m.get("text").lower(): m.get("intent") for m in data.intent_examples}


@pytest.fixture(scope="session")
def parse() -> Iterator[Callable[[str], dict[str, Any]]]:
    """Parse a message with the trained model (NLU only, no action server needed)."""
    if not MODEL.is_file():
        pytest.fail(f"No trained model at {MODEL}: run scripts/test, which trains one first.")
    loop = asyncio.new_event_loop()
    agent = loop.run_until_complete(_load(MODEL))

    def _parse(text: str) -> dict[str, Any]:
        return loop.run_until_complete(agent.parse_message(text))

    yield _parse
    loop.close()


async def _load(model: Path) -> Agent:
    from rasa.core.agent import load_agent

    return await load_agent(model_path=str(model))


def load_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs from an NLU YAML file."""
    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def load_phrases(path: Path, key: str) -> list[str]:
    """A list of phrases stored under `key` in a YAML file."""
    return list(read_yaml_file(path)[key])


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The real assistant (action server + Rasa server) on free ports, with its own store."""
    if not MODEL.is_file():
        pytest.fail(f"No trained model at {MODEL}: run scripts/test, which trains one first.")
    from scripts.servers import Assistant

    running = Assistant(
        tmp_path_factory.mktemp("assistant"),
        # The hostile-input tests send 23 messages in one conversation, within a minute.
        extra_env={
            "ACTION_TIMEOUT_SECONDS": "3",
            "REST_TOKEN": secrets.token_hex(16),
            "MESSAGES_PER_MINUTE": "30",
        },
        extra_args=["--cors", "https://allowed.example"],
    ).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def stub() -> Iterator[Any]:
    """A local stand-in for the Slack and Telegram Web APIs (tests/channel_stub.py)."""
    from tests.channel_stub import ChannelStub

    running = ChannelStub()
    yield running
    running.close()
