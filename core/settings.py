"""Every setting of the assistant, read from the environment in one place.

`settings()` reads the environment once per process; tests build a `Settings` from a dict
with `Settings.from_env(...)`. Paths are relative to the project folder unless absolute.

    python -m core.settings      prints the shell exports the set-up scripts use
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = PROJECT_ROOT / "models" / "current.tar.gz"
DEFAULT_PROVIDER = "your healthcare provider"
WEB_SESSION_SECRET_FILE = PROJECT_ROOT / "secrets" / "web_session_secret"

# Quiet, offline-friendly defaults for every Rasa process (the set-up scripts export them too).
RASA_QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}


def _text(env: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    value = env.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    """The deployment's settings (see the README's configuration table)."""

    fact_base: Path
    care_provider_name: str
    care_phone: str | None
    care_appointment_url: str | None
    max_message_chars: int
    action_timeout_seconds: float
    actions_host: str
    actions_port: int
    action_server_url: str
    action_server_token: str | None
    slack_bot_token: str | None
    slack_signing_secret: str | None
    slack_channel: str | None
    slack_api_url: str
    telegram_bot_token: str | None
    telegram_secret_token: str | None
    telegram_api_url: str
    rest_token: str | None
    web_session_secret: str | None
    web_session_secret_file: Path
    max_request_bytes: int
    messages_per_minute: int
    retention_days: int
    redis_url: str | None
    proxy_port: int
    proxy_rate_limit: int
    run_dir: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Read the settings from an environment mapping; blank values count as unset."""
        fact_base = Path(_text(env, "FACT_BASE", "facts/myoclonus.yml") or "")
        secret_file = Path(_text(env, "WEB_SESSION_SECRET_FILE", str(WEB_SESSION_SECRET_FILE)) or "")
        actions_port = int(_text(env, "ACTIONS_PORT", "5055") or 0)
        return cls(
            fact_base=fact_base if fact_base.is_absolute() else PROJECT_ROOT / fact_base,
            care_provider_name=_text(env, "CARE_PROVIDER_NAME", DEFAULT_PROVIDER) or DEFAULT_PROVIDER,
            care_phone=_text(env, "CARE_PHONE"),
            care_appointment_url=_text(env, "CARE_APPOINTMENT_URL"),
            max_message_chars=int(_text(env, "MAX_MESSAGE_CHARS", "1000") or 0),
            action_timeout_seconds=float(_text(env, "ACTION_TIMEOUT_SECONDS", "10") or 0),
            actions_host=_text(env, "SANIC_HOST", "127.0.0.1") or "",
            actions_port=actions_port,
            action_server_url=_text(env, "ACTION_SERVER_URL", f"http://127.0.0.1:{actions_port}/webhook")
            or "",
            action_server_token=_text(env, "ACTION_SERVER_TOKEN"),
            slack_bot_token=_text(env, "SLACK_BOT_TOKEN"),
            slack_signing_secret=_text(env, "SLACK_SIGNING_SECRET"),
            slack_channel=_text(env, "SLACK_CHANNEL"),
            slack_api_url=_text(env, "SLACK_API_URL", "https://slack.com/api/") or "",
            telegram_bot_token=_text(env, "TELEGRAM_BOT_TOKEN"),
            telegram_secret_token=_text(env, "TELEGRAM_SECRET_TOKEN"),
            telegram_api_url=_text(env, "TELEGRAM_API_URL", "https://api.telegram.org") or "",
            rest_token=_text(env, "REST_TOKEN"),
            web_session_secret=_text(env, "WEB_SESSION_SECRET"),
            web_session_secret_file=secret_file if secret_file.is_absolute() else PROJECT_ROOT / secret_file,
            max_request_bytes=int(_text(env, "MAX_REQUEST_BYTES", "16384") or 0),
            messages_per_minute=int(_text(env, "MESSAGES_PER_MINUTE", "20") or 0),
            retention_days=int(_text(env, "RETENTION_DAYS", "30") or 0),
            redis_url=_text(env, "REDIS_URL"),
            proxy_port=int(_text(env, "PROXY_PORT", "8080") or 0),
            proxy_rate_limit=int(_text(env, "PROXY_RATE_LIMIT", "100") or 0),
            run_dir=Path(_text(env, "RUN_DIR") or PROJECT_ROOT / "run"),
        )


@cache
def settings() -> Settings:
    """The settings of this process, read from the environment once."""
    return Settings.from_env(os.environ)


def shell_exports(current: Settings) -> str:
    """`export NAME=value` lines for the set-up scripts: one source for ports and paths."""
    values = {
        **RASA_QUIET_ENV,
        "MODEL": str(MODEL_PATH),
        "ACTIONS_PORT": str(current.actions_port),
        "SANIC_HOST": current.actions_host,
    }
    return "\n".join(f"export {name}={shlex.quote(value)}" for name, value in values.items())


if __name__ == "__main__":
    print(shell_exports(settings()))
