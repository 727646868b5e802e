"""Keep library warnings, log lines and progress bars off an editor's terminal."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _drop(*args: Any, **kwargs: Any) -> None:
    """A warning shown nowhere."""


@contextmanager
def quiet_rasa() -> Iterator[None]:
    """Run Rasa (imports included) without warnings, log lines below errors, or progress bars.

    Filters alone are not enough: some libraries add their own filters while importing
    (Sanic shows every DeprecationWarning once), so warnings are not shown at all here.
    """
    level = os.environ.get("LOG_LEVEL")
    os.environ["LOG_LEVEL"] = "ERROR"  # Rasa hides its progress bars at this level
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.showwarning = _drop
            yield
    finally:
        logging.disable(logging.NOTSET)
        if level is None:
            os.environ.pop("LOG_LEVEL", None)
        else:
            os.environ["LOG_LEVEL"] = level
