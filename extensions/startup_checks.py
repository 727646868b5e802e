"""What the launcher checks before Rasa serves, so that a wrong set-up fails loudly at once.

- A server bound to anything but loopback refuses to start with the REST channel open and no
  REST_TOKEN (REST is for trusted back-ends; the open REST channel is for local use).
- The action server must accept Rasa's token: without this check a token mismatch silently
  turns every answer into the apology. The launcher asks the action server's `/actions`
  (next to its `/webhook`) with the headers of endpoints.yml, waiting for it to come up.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import ipaddress
import time
from pathlib import Path
from urllib.parse import urljoin

import aiohttp
from rasa.cli.arguments.run import add_server_arguments
from rasa.core.channels.rest import RestInput
from rasa.shared.utils.common import class_from_module_path
from rasa.shared.utils.io import read_config_file
from rasa.utils.endpoints import ClientResponseError, EndpointConfig, read_endpoint_config

from core.settings import Settings

ACTION_SERVER_WAIT_SECONDS = 60.0
PROBE_TIMEOUT_SECONDS = 10.0


class StartupError(Exception):
    """The server must not start; the message says why and what to do."""


def run_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The server arguments of a `rasa run` command line (None for other commands)."""
    if not argv or argv[0] != "run":
        return None
    parser = argparse.ArgumentParser(add_help=False)
    add_server_arguments(parser)
    return parser.parse_known_args(argv[1:])[0]


def is_loopback(interface: str) -> bool:
    """True for an interface only this machine can reach."""
    if interface == "localhost":
        return True
    try:
        return ipaddress.ip_address(interface).is_loopback
    except ValueError:
        return False


def rest_channel_configured(credentials: Path) -> bool:
    """True when the credentials file turns on a REST channel (Rasa's or a subclass)."""
    if not credentials.is_file():
        return False
    for name in read_config_file(str(credentials)):
        channel = RestInput if name == "rest" else _channel_class(name)
        if isinstance(channel, type) and issubclass(channel, RestInput):
            return True
    return False


def _channel_class(name: str) -> object:
    try:
        return class_from_module_path(name)
    except (AttributeError, ImportError):
        return None  # Rasa itself reports an unknown channel when it starts


def check_rest_exposure(args: argparse.Namespace, current: Settings) -> None:
    """Refuse an open REST channel on an interface other machines can reach."""
    credentials = Path(args.credentials or "credentials.yml")
    if is_loopback(args.interface) or current.rest_token or not rest_channel_configured(credentials):
        return
    raise StartupError(
        f"the REST channel would be open to anyone who can reach {args.interface}. Set REST_TOKEN "
        "(REST clients then send 'Authorization: Bearer <REST_TOKEN>'), or listen on 127.0.0.1 "
        "(RASA_HOST) behind a reverse proxy. REST is meant for trusted back-ends only."
    )


def action_endpoint(endpoints: str) -> EndpointConfig | None:
    """The action server endpoint of endpoints.yml, with its environment variables filled in."""
    try:
        return read_endpoint_config(endpoints, "action_endpoint")
    except ValueError as error:  # Rasa's message names the unset environment variables
        raise StartupError(f"{endpoints}: {error}") from None


def check_action_server(endpoint: EndpointConfig, wait_seconds: float = ACTION_SERVER_WAIT_SECONDS) -> None:
    """Wait for the action server and make sure it accepts Rasa's token."""
    probe = copy.copy(endpoint)
    probe.url = urljoin(endpoint.url, "actions")
    asyncio.run(_probe(probe, wait_seconds))


async def _probe(probe: EndpointConfig, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            await asyncio.wait_for(probe.request(method="get"), PROBE_TIMEOUT_SECONDS)
            return
        except ClientResponseError as error:
            if error.status in (401, 403):
                raise StartupError(
                    f"the action server at {probe.url} refused Rasa's token (HTTP {error.status}): "
                    "set the same ACTION_SERVER_TOKEN for both servers."
                ) from None
            raise StartupError(f"the action server at {probe.url} answered HTTP {error.status}.") from None
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            if time.monotonic() > deadline:
                raise StartupError(
                    f"the action server at {probe.url} did not answer within {wait_seconds:.0f} s "
                    f"({error or type(error).__name__}): start it first, or fix ACTION_SERVER_URL."
                ) from None
            await asyncio.sleep(0.5)
