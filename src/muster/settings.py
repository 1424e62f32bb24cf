"""One typed settings object for the shell (CLI, web, store), read from `MUSTER_*` variables.

Built once at an entry point (the CLI callback, `create_app`) and passed down; the core never
reads it. Outside `dev`/`test` it refuses a missing or weak secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_PATH = Path("muster.db")
WEAK_SECRETS = frozenset({"", "changethis", "secret", "muster", "dev", "dev-secret"})


class Settings(BaseSettings):
    """Muster's configuration. Every field is `MUSTER_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="MUSTER_", extra="ignore")

    env: Literal["dev", "test", "prod"] = Field(
        "dev", description="Deployment mode; outside dev/test a strong secret is required."
    )
    database_url: str = Field(
        f"sqlite:///{DEFAULT_DATABASE_PATH}",
        description="SQLAlchemy URL: SQLite file (default ./muster.db) or "
        "postgresql+psycopg://user@host/db.",
    )
    secret_key: SecretStr | None = Field(
        None, description="Signs sessions and CSRF tokens; required (≥ 32 characters) outside dev."
    )
    public_read: bool = Field(
        False, description="Let anonymous visitors read public pages and data."
    )
    sqlite_busy_timeout_ms: int = Field(
        10_000, ge=0, description="How long a SQLite writer waits for the lock before retrying."
    )
    session_hours: float = Field(
        12, gt=0, le=24 * 30, description="How long a sign-in lasts before the user signs in again."
    )
    cookie_secure: bool | None = Field(
        None,
        description="Send the session cookie over HTTPS only; unset means on outside dev/test "
        "(and always when a request arrives over HTTPS). Must not be off in prod.",
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed sign-ins per user name and address before a pause."
    )
    login_window_seconds: int = Field(
        300, ge=1, description="The window (and pause) for counting failed sign-ins."
    )
    login_limiter: Literal["database", "memory", "redis"] = Field(
        "database",
        description="Where failed sign-ins are counted: in the database (shared by every worker "
        "and machine), in Redis (MUSTER_REDIS_URL; install muster[redis]) or in this process's "
        "memory (one worker only).",
    )
    redis_url: str | None = Field(
        None, description="Redis for MUSTER_LOGIN_LIMITER=redis, e.g. redis://127.0.0.1:6379/0."
    )
    max_upload_mb: int = Field(
        50, ge=1, description="Largest request body accepted (imports, forms), in MiB."
    )
    max_jobs: int = Field(
        4, ge=1, description="Background jobs (Monte Carlo, criticality) run or queued at once."
    )
    warm_up: bool = Field(
        True,
        description="At start-up, load the data and make one request to each main route "
        "in-process, so the first user after a restart does not wait.",
    )
    job_lease_s: float = Field(
        30,
        gt=0,
        description="Seconds without a heartbeat after which a running background job is "
        "failed as lost (its process died).",
    )
    keep_alive_s: int = Field(
        65,
        ge=1,
        le=3600,
        description="Seconds the server keeps an idle connection open; above a client's or "
        "proxy's own idle timeout (often 5 or 60 s), so it never closes one as it is reused.",
    )
    watch: bool = Field(
        False,
        description="Run the feed watcher inside `muster serve` (as `muster serve --watch` does).",
    )
    feeds_allow_private: bool = Field(
        False,
        description="Let the feed watcher fetch from loopback and private-network addresses "
        "(off: a feed's links cannot make Muster read services inside its network).",
    )
    chromium: str = Field(
        "/usr/bin/chromium",
        description="Headless Chromium that prints the conference brief as PDF.",
    )
    deliver_in_server: bool = Field(
        False,
        description="Run the subscription delivery worker inside `muster serve` (else run "
        "`muster deliver`).",
    )
    delivery_max_attempts: int = Field(
        8, ge=1, le=30, description="Attempts of one delivery before it is parked."
    )
    delivery_backoff_s: float = Field(
        30,
        gt=0,
        description="First retry delay in seconds; doubled each attempt (capped at 6 h), with "
        "jitter.",
    )
    digest_minutes: int = Field(
        60, ge=0, description="Minutes between two e-mail digests of one subscription."
    )
    webhook_allow_private: bool | None = Field(
        None,
        description="Allow webhooks to loopback and private addresses; unset means allowed in "
        "dev/test only.",
    )
    smtp_host: str | None = Field(
        None, description="SMTP server for e-mail digests; unset: digests wait unsent."
    )
    smtp_port: int = Field(587, ge=1, le=65535, description="SMTP server port.")
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        "starttls", description="starttls (port 587), tls (implicit, port 465) or none."
    )
    smtp_username: str | None = Field(None, description="SMTP user name, if it needs one.")
    smtp_password: SecretStr | None = Field(None, description="SMTP password.")
    smtp_from: str = Field("muster@localhost", description="The From address of e-mail digests.")

    @model_validator(mode="after")
    def _refuse_weak_secret(self) -> Settings:
        if self.env == "prod":
            secret = self.secret_key.get_secret_value() if self.secret_key else ""
            if secret.lower() in WEAK_SECRETS or len(secret) < 32:
                raise ValueError(
                    "MUSTER_SECRET_KEY must be set to a random value of at least 32 characters "
                    "when MUSTER_ENV=prod (make one with: "
                    "python -c 'import secrets; print(secrets.token_urlsafe(48))')"
                )
            if self.cookie_secure is False:
                raise ValueError(
                    "MUSTER_COOKIE_SECURE must not be false when MUSTER_ENV=prod: session "
                    "cookies would travel unencrypted"
                )
        return self

    @model_validator(mode="after")
    def _redis_needs_a_url(self) -> Settings:
        if self.login_limiter == "redis" and not self.redis_url:
            raise ValueError("MUSTER_LOGIN_LIMITER=redis needs MUSTER_REDIS_URL")
        return self

    @property
    def secure_cookies(self) -> bool:
        """Whether session cookies carry the Secure flag whatever the request's scheme."""
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.env not in ("dev", "test")

    @property
    def webhooks_to_private(self) -> bool:
        """Whether webhooks may go to loopback or private addresses."""
        if self.webhook_allow_private is not None:
            return self.webhook_allow_private
        return self.env in ("dev", "test")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
