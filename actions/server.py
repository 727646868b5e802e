"""Run the action server: rasa-sdk's app, on loopback, with a token and no leaky errors.

    python -m actions.server [--port 5055]

Environment:
  SANIC_HOST            interface to listen on (default 127.0.0.1)
  ACTION_SERVER_TOKEN   required: every call but /health must carry the header
                        `Authorization: Bearer <it>` (endpoints.yml sends it); a token in the
                        query string is not accepted (it would end up in logs)

The fact base and the token are checked before the server starts: with a broken fact base
(the message names the file, entry and field), or without a token, it does not start.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from core.fact_base import FactBaseError, default_fact_base
from core.settings import settings

logger = logging.getLogger(__name__)


def build_app(token: str) -> Sanic:
    """The rasa-sdk app with token checking and a 500 handler that reveals nothing."""
    app = create_app("actions.actions", cors_origins=None)
    expected = f"Bearer {token}".encode()

    @app.middleware("request")
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path != "/health":
            given = request.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), expected):
                return response.json({"error": "unauthorized"}, status=401)
        return None

    async def internal_error(request: Request, exception: Exception) -> HTTPResponse:
        logger.error("Action server error on %s", request.path, exc_info=exception)
        return response.json({"error": "internal error"}, status=500)

    app.error_handler.add(Exception, internal_error)
    return app


def main() -> None:
    """Validate the fact base, then serve."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=settings().actions_port)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    try:
        default_fact_base()
    except FactBaseError as error:
        sys.exit(f"Cannot start the action server: {error}")
    token = settings().action_server_token
    if token is None:
        sys.exit(
            "Cannot start the action server: ACTION_SERVER_TOKEN is not set. Set it to a long random "
            "value, the same for the Rasa server (scripts/start generates one when it is unset)."
        )
    build_app(token).run(settings().actions_host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
