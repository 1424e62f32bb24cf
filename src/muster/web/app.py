"""Builds the web application from one `Settings`: `create_app(settings) -> FastAPI`.

Nothing is built at import. The app holds its engine, login limiter and job runner in
`app.state` (the limiter's counts and the jobs live in the database, shared by every worker);
its start-up starts the job runner and warms the app (`warm_up`). Middleware adds security
headers, sessions and CSRF checks, and turns unexpected errors into a 500 with a reference id.
Routers: the JSON API (`muster.web.api`), its docs UI, and the pages (`muster.web.pages.install`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from muster import __version__
from muster.app.delivery import DeliveryThread
from muster.compute.tasks import TASKS
from muster.errors import InvalidInput, Problem
from muster.settings import Settings
from muster.store.db import make_engine
from muster.web.api import api_router
from muster.web.api import docs as api_docs
from muster.web.api.jobs import JobRunner
from muster.web.deps import WriterQueue
from muster.web.errors import CatchUnexpected, install_error_handlers
from muster.web.i18n import LanguageMiddleware
from muster.web.notices import notice_signer
from muster.web.pages import install as install_pages
from muster.web.security import (
    BodyLimitMiddleware,
    CrossOriginMiddleware,
    LoginLimiter,
    RedisLoginLimiter,
    SecurityHeadersMiddleware,
    SessionCodec,
    SessionMiddleware,
    SharedLoginLimiter,
)
from muster.web.security.login import Limiter

log = logging.getLogger("muster.web")

OPENAPI_URL = "/api/openapi.json"
API_DESCRIPTION = """\
Muster's data and analyses. Conventions (see docs/web.md):

- **Auth**: `Authorization: Bearer <token>` (make one with `muster token create` or
  `POST /api/v1/tokens`), or the browser session cookie plus an `X-CSRF-Token` header on writes.
- **Errors**: `application/problem+json` (RFC 9457) with an `errors` list locating each problem.
- **Writes** carry the row's version (`If-Match` header or a `version` field) and a
  `Muster-Reason` header saying why; a stale version gets 412 or 409.
- **Lists** are paged by an opaque `cursor`; the next page's cursor is in `next_cursor`.
"""


def load_settings() -> Settings:
    """Settings from the environment, or one clear line naming each bad `MUSTER_` variable."""
    try:
        return Settings()
    except ValidationError as e:
        problems = [
            Problem(str(err["msg"]), field="MUSTER_" + "_".join(map(str, err["loc"])).upper())
            for err in e.errors()
        ]
        raise InvalidInput(problems) from None


def session_secret(settings: Settings) -> str:
    """The secret that signs sessions; in dev/test without one, a random one for this process."""
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value()
    if settings.env == "prod":  # Settings refuses this already; never sign with nothing
        raise InvalidInput(Problem("is required when MUSTER_ENV=prod", field="MUSTER_SECRET_KEY"))
    log.warning(
        "MUSTER_SECRET_KEY is not set: using a random one, so sign-ins end when the server stops"
    )
    return secrets.token_urlsafe(48)


def login_limiter(settings: Settings) -> Limiter:
    """The limiter `MUSTER_LOGIN_LIMITER` names: database (default), redis or memory."""
    most, window = settings.login_max_failures, float(settings.login_window_seconds)
    if settings.login_limiter == "redis":
        assert settings.redis_url is not None  # Settings requires it
        return RedisLoginLimiter(url=settings.redis_url, max_failures=most, window_s=window)
    if settings.login_limiter == "memory":
        return LoginLimiter(max_failures=most, window_s=window)
    return SharedLoginLimiter(max_failures=most, window_s=window)


WARM_UP_PATHS = ("/api/v1/session", "/api/v1/pledges?limit=1", "/api/v1/coverage", "/")


async def warm_up(app: FastAPI) -> None:
    """Make the lazy set-up of the first requests now, before the server takes any: load the
    dataset into the page cache, and send each of `WARM_UP_PATHS` through the app in-process
    (routing, middleware, models, templates), so the first user after a restart does not wait
    (about 1 s otherwise). Failures are logged, never fatal: the app still serves."""
    import asyncio

    import httpx

    from muster.store.db import transaction
    from muster.store.history import current_data_version
    from muster.store.load import load_dataset
    from muster.web.pages.data import page_caches

    def load() -> None:
        caches = page_caches(app)
        with transaction(app.state.engine, write=False) as s:
            version = current_data_version(session=s).number
            caches.saw(version)
            caches.datasets.get_or_make(version, lambda: load_dataset(session=s))

    try:
        await asyncio.to_thread(load)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://warm-up") as client:
            for path in WARM_UP_PATHS:
                html = not path.startswith("/api/")  # pages render their templates then
                await client.get(path, headers={"Accept": "text/html" if html else "*/*"})
    except Exception:
        log.exception("warming up failed; the first requests will be slower")


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The Muster web app for `settings` (from the environment when None).

    `engine` overrides the database engine built from `settings.database_url` (tests pass one).
    Raises InvalidInput, naming the variable, when the configuration is unusable.
    """
    settings = settings or load_settings()
    secret = session_secret(settings)
    owns_engine = engine is None
    db = engine if engine is not None else make_engine(settings)

    def job_runner() -> JobRunner:
        return JobRunner(
            engine=db, tasks=TASKS, max_jobs=settings.max_jobs, lease_s=settings.job_lease_s
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.jobs.closed:  # started again after a shutdown (tests do): a fresh runner
            app.state.jobs = job_runner()
        app.state.jobs.start()  # run jobs queued through any worker, and fail lost ones
        if settings.warm_up:
            await warm_up(app)
        delivery = DeliveryThread(db, settings) if settings.deliver_in_server else None
        if delivery is not None:  # subscriptions' webhooks and digests (MUSTER_DELIVER_IN_SERVER)
            delivery.start()
        yield
        if delivery is not None:
            delivery.shutdown()
        app.state.jobs.shutdown()
        if owns_engine:
            db.dispose()

    app = FastAPI(
        title="Muster",
        version=__version__,
        description=API_DESCRIPTION,
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = db
    app.state.sqlite_writer = WriterQueue() if db.dialect.name == "sqlite" else None
    app.state.login_limiter = login_limiter(settings)
    app.state.jobs = job_runner()
    app.state.notice_signer = notice_signer(secret)
    install_error_handlers(app)
    app.include_router(api_router())
    app.include_router(api_docs.router)
    install_pages(app)
    # Added last = outermost: errors are caught inside the headers and session layers.
    app.add_middleware(CatchUnexpected)
    app.add_middleware(LanguageMiddleware, secure=settings.secure_cookies)
    app.add_middleware(
        SessionMiddleware,
        codec=SessionCodec(secret, max_age_s=int(settings.session_hours * 3600)),
        secure=settings.secure_cookies,
    )
    app.add_middleware(CrossOriginMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_upload_mb * 1024 * 1024)
    app.add_middleware(SecurityHeadersMiddleware, worker=settings.env in ("dev", "test"))
    return app
