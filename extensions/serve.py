"""Start Rasa with this project's changes installed: `python -m extensions.serve run ...`.

Takes the same arguments as the `rasa` command. Before Rasa reads endpoints.yml it fills in
the defaults of the settings that file names (the action server's URL), so ports are set in
one place (core/settings.py); it limits request bodies to MAX_REQUEST_BYTES (Sanic reads
SANIC_REQUEST_MAX_SIZE; a larger body gets a 413); for `run` it makes the start-up checks of
extensions/startup_checks.py; then it installs extensions/rasa_patches.py.
"""

from __future__ import annotations

import os
import sys

from rasa.__main__ import main as rasa_main

from core.settings import settings
from extensions import rasa_patches
from extensions.startup_checks import (
    StartupError,
    action_endpoint,
    check_action_server,
    check_rest_exposure,
    run_arguments,
)


def main() -> None:
    """Fill in the endpoint defaults, check the set-up, install the patches, run Rasa's CLI."""
    current = settings()
    os.environ.setdefault("ACTION_SERVER_URL", current.action_server_url)
    os.environ["SANIC_REQUEST_MAX_SIZE"] = str(current.max_request_bytes)
    os.environ["SANIC_WEBSOCKET_MAX_SIZE"] = str(current.max_request_bytes)
    args = run_arguments(sys.argv[1:])
    if args is not None:
        try:
            check_rest_exposure(args, current)
            endpoint = action_endpoint(args.endpoints)
            if endpoint is not None:
                check_action_server(endpoint)
        except StartupError as error:
            sys.exit(f"Cannot start the Rasa server: {error}")
    rasa_patches.install()
    rasa_main()


if __name__ == "__main__":
    main()
