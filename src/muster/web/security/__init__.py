"""The browser-facing defences, one module per concern: `sessions` (signed cookies, sign-in
and sign-out, no-store for credentialed responses), `csrf` (cross-site requests refused by their
headers), `headers` (CSP and friends, body size limit) and `login` (password sign-in, rate
limited)."""

from muster.web.security.csrf import UNSAFE_METHODS, CrossOriginMiddleware, cross_site_refusal
from muster.web.security.headers import (
    CONTENT_SECURITY_POLICY,
    SECURITY_HEADERS,
    WORKER_HEADER,
    BodyLimitMiddleware,
    BodyTooLarge,
    SecurityHeadersMiddleware,
)
from muster.web.security.login import (
    LoginLimiter,
    RedisLoginLimiter,
    SharedLoginLimiter,
    TooManyAttempts,
    client_address,
    password_sign_in,
)
from muster.web.security.sessions import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    SessionCodec,
    SessionMiddleware,
    WebSession,
    csrf_token,
    sign_in,
    sign_out,
    web_session,
)

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SECURITY_HEADERS",
    "SESSION_COOKIE",
    "UNSAFE_METHODS",
    "WORKER_HEADER",
    "BodyLimitMiddleware",
    "BodyTooLarge",
    "CrossOriginMiddleware",
    "LoginLimiter",
    "RedisLoginLimiter",
    "SecurityHeadersMiddleware",
    "SessionCodec",
    "SessionMiddleware",
    "SharedLoginLimiter",
    "TooManyAttempts",
    "WebSession",
    "client_address",
    "cross_site_refusal",
    "csrf_token",
    "password_sign_in",
    "sign_in",
    "sign_out",
    "web_session",
]
