"""Notices a form's redirect carries to the next page ("Saved nation GBR."), shown there in the
reader's language.

A notice travels in the redirect's `?done=` as an id from `NOTICES` and its arguments, signed
with the server's secret and good for `MAX_AGE_S`: a crafted or stale link shows no notice, so
nobody can make a Muster page say what they like. The page turns it back into a
`muster.web.i18n.Message`: English in the view and its JSON twin, translated on the page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer

from muster.web.i18n import N_, Message

PARAM = "done"
SALT = "muster.notice"
MAX_AGE_S = 600  # a redirect is followed at once; a bookmarked or shared one shows nothing

# Every notice a redirect may carry: id → template (`%(name)s` for its arguments).
NOTICES: dict[str, str] = {
    "record-added": N_("Added %(entity)s %(key)s."),
    "record-saved": N_("Saved %(entity)s %(key)s."),
    "record-deleted": N_("Deleted %(key)s; restore it from its history (%(history)s)."),
    "file-imported": N_(
        "%(file)s: created %(created)s, updated %(updated)s, unchanged %(unchanged)s."
    ),
    "file-checked": N_(
        "%(file)s: would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged."
    ),
    "version-restored": N_("Version %(version)s restored as version %(new)s"),
    "version-unchanged": N_("The row already holds version %(version)s's record; nothing changed"),
    "offer-recorded": N_("Offer recorded: %(nation)s offers %(quantity)s against %(line)s."),
    "offer-accept": N_("Offer %(offer)s accepted."),
    "offer-accept-pledged": N_("Offer %(offer)s accepted: pledge %(pledge)s."),
    "offer-decline": N_("Offer %(offer)s declined."),
    "offer-hold": N_("Offer %(offer)s on hold."),
    "statements-proposed": N_("Proposed %(count)s statement(s) from %(source)s"),
    "statements-proposed-skipped": N_(
        "Proposed %(count)s statement(s) from %(source)s; not stored: %(skipped)s"
    ),
    "statement-accepted": N_("Accepted %(statement)s"),
    "statement-rejected": N_("Rejected %(statement)s"),
    "statement-edited": N_("Edited and accepted %(statement)s"),
    "feed-added": N_("Feed %(feed)s (%(name)s) added; its first poll is due now"),
    "feed-removed": N_("Feed %(feed)s (%(name)s) removed"),
    "subscription-removed": N_("Subscription removed."),
    "deliveries-queued": N_("%(count)s deliveries queued again."),
}

# Words a notice's arguments may name (kinds of record, decisions), shown translated.
_WORDS: tuple[str, ...] = (
    N_("source"),
    N_("nation"),
    N_("actor"),
    N_("condition"),
    N_("mission"),
    N_("phase"),
    N_("capability"),
    N_("requirement line"),
    N_("pledge"),
    N_("statement"),
    N_("aid record"),
    N_("scenario"),
    N_("call"),
    N_("offer"),
)


def _signer(request: Request) -> URLSafeTimedSerializer:
    signer = request.app.state.notice_signer
    assert isinstance(signer, URLSafeTimedSerializer)
    return signer


def notice_signer(secret: str) -> URLSafeTimedSerializer:
    """What signs and reads notices, with the secret that signs sessions."""
    return URLSafeTimedSerializer(secret, salt=SALT)


def redirect(
    request: Request,
    path: str,
    notice: str,
    *,
    words: tuple[str, ...] = (),
    **args: str | int | float,
) -> RedirectResponse:
    """A 303 to `path` carrying notice `notice` (an id of `NOTICES`) with `args`; the arguments
    named in `words` are words of the catalogue, shown translated. Raises KeyError for an
    unknown id or missing argument (a programming error)."""
    template = NOTICES[notice]
    template % args
    token = _signer(request).dumps({"n": notice, "a": args, "w": list(words)})
    return RedirectResponse(f"{path}?{urlencode({PARAM: token})}", status_code=303)


def received(request: Request) -> Message | None:
    """The notice this request's `?done=` carries, or None (none, forged, stale, unknown)."""
    token = request.query_params.get(PARAM)
    if not token:
        return None
    try:
        data = _signer(request).loads(token, max_age=MAX_AGE_S)
    except (BadSignature, ValueError):
        return None
    if not isinstance(data, dict) or data.get("n") not in NOTICES:
        return None
    raw_args, words = data.get("a"), data.get("w")
    if not isinstance(raw_args, dict) or not isinstance(words, list):
        return None
    args: dict[str, Any] = {
        name: Message(value) if name in words and isinstance(value, str) else value
        for name, value in raw_args.items()
    }
    try:
        return Message(NOTICES[data["n"]], **args)
    except (KeyError, TypeError, ValueError):
        return None
