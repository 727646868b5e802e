"""Start Rasa with this project's changes installed: `python -m extensions.serve run ...`.

Takes the same arguments as the `rasa` command. Before Rasa reads endpoints.yml it fills in
the defaults of the settings that file names (the action server's URL), so ports are set in
one place (core/settings.py), and it installs extensions/rasa_patches.py.
"""

from __future__ import annotations

import os

from rasa.__main__ import main as rasa_main

from core.settings import settings
from extensions import rasa_patches


def main() -> None:
    """Fill in the endpoint defaults, install the patches, then run Rasa's command line."""
    os.environ.setdefault("ACTION_SERVER_URL", settings().action_server_url)
    rasa_patches.install()
    rasa_main()


if __name__ == "__main__":
    main()
