"""The web interface's languages: gettext catalogues, the reader's choice, locale formats.

The catalogues live in `muster/web/locale/<lang>/LC_MESSAGES/messages.po`; `LANGUAGES` is
English (the source language) plus every catalogue present, so adding German or Polish is a
catalogue and nothing else. The `.po` files are compiled in-process when first used (no `.mo`
to build or commit). A reader's language comes from `?lang=` (remembered in a cookie), then the
cookie, then the signed-in user's account (`users.language`, set by the switcher), then
`Accept-Language`, then English.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import cache
from http.cookies import SimpleCookie
from importlib import resources
from io import BytesIO

from babel import Locale, negotiate_locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

DEFAULT = "en"
LOCALE_STATE = "muster.locale"
LOCALE_ASKED = "muster.locale.asked"  # the language `?lang=` asked for, if any
LOCALE_PICKED = "muster.locale.picked"  # asked or remembered by the cookie: beats the account's
COOKIE = "muster_lang"
COOKIE_MAX_AGE_S = 400 * 24 * 3600  # the most browsers keep a cookie (RFC 6265bis)


def N_(message: str) -> str:
    """`message` unchanged, marked for extraction: translated where it is shown."""
    return message


class Message(str):
    """A message as English text (what views, JSON twins and logs carry) that remembers its
    marked template and arguments, so a page can show it in the reader's language."""

    template: str
    args: dict[str, object]

    def __new__(cls, template: str, **args: object) -> Message:
        made = super().__new__(cls, template % args if args else template)
        made.template = template
        made.args = args
        return made


def translate(code: str, value: object) -> str:
    """`value` in language `code`: a `Message` from its template (and its arguments that are
    `Message`s too, such as a kind of record), any other text as a msgid (text without one,
    such as data, comes back unchanged)."""
    if value is None:
        return ""
    if isinstance(value, Message):
        shown = gettext_for(code, value.template)
        if not value.args:
            return shown
        return shown % {
            name: translate(code, arg) if isinstance(arg, Message) else arg
            for name, arg in value.args.items()
        }
    return gettext_for(code, str(value))


def _catalogue_dir() -> resources.abc.Traversable:
    return resources.files("muster.web") / "locale"


def _available() -> tuple[str, ...]:
    found = sorted(
        entry.name
        for entry in _catalogue_dir().iterdir()
        if (entry / "LC_MESSAGES" / "messages.po").is_file()
    )
    return (DEFAULT, *(code for code in found if code != DEFAULT))


LANGUAGES: tuple[str, ...] = _available()


def language_name(code: str) -> str:
    """The language's name in itself, capitalised: "English", "Français"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalogue for `code` (English, the source language, needs none)."""
    if code == DEFAULT or code not in LANGUAGES:
        return gettext.NullTranslations()
    path = _catalogue_dir() / code / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=code)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(code: str, message: str) -> str:
    """`message` in language `code` (unchanged when the catalogue has no such message)."""
    if not message:  # gettext("") is the catalogue's header
        return message
    return translations(code).gettext(message)


def supported(code: str | None) -> str | None:
    """`code` if it names a language the interface has ("fr", "fr-FR", "FR"), else None."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def _accept_language(header: str) -> str | None:
    """The best of `LANGUAGES` for an `Accept-Language` header (quality values honoured)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, i, tag.strip()))
    preferred = [tag for _, _, tag in sorted(ranked)]
    return negotiate_locale(preferred, list(LANGUAGES), sep="-")


def choose(*, query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The language to answer in: the one asked for, else remembered, else the browser's."""
    return (
        supported(query)
        or supported(cookie)
        or supported(_accept_language(accept_language or ""))
        or DEFAULT
    )


class LanguageMiddleware:
    """Puts the reader's language in the scope (`LOCALE_STATE`) and, when `?lang=` picks one,
    remembers it in a cookie."""

    def __init__(self, app: ASGIApp, *, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        asked = supported(QueryParams(scope.get("query_string", b"")).get("lang"))
        jar = SimpleCookie(headers.get("cookie", ""))
        remembered = jar[COOKIE].value if COOKIE in jar else None
        scope[LOCALE_STATE] = choose(
            query=asked, cookie=remembered, accept_language=headers.get("accept-language")
        )
        scope[LOCALE_ASKED] = asked
        scope[LOCALE_PICKED] = asked or supported(remembered)
        if asked is None or asked == remembered:
            await self.app(scope, receive, send)
            return
        cookie = f"{COOKIE}={asked}; Path=/; Max-Age={COOKIE_MAX_AGE_S}; SameSite=Lax"
        if self.secure:
            cookie += "; Secure"

        async def remember(message: ASGIMessage) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, remember)


def apply_account_language(scope: Scope, account_language: str | None) -> str | None:
    """Use a signed-in account's language when neither `?lang=` nor the cookie picked one;
    returns the language `?lang=` asked for when the account should remember it, else None."""
    asked = scope.get(LOCALE_ASKED)
    if isinstance(asked, str):
        return asked if asked != account_language else None
    chosen = supported(account_language)
    if scope.get(LOCALE_PICKED) is None and chosen is not None:
        scope[LOCALE_STATE] = chosen
    return None


def scope_locale(scope: Scope) -> str:
    value = scope.get(LOCALE_STATE)
    return value if isinstance(value, str) else DEFAULT


# -- Locale formats, bound to a language by the template environment ---------------------------


def _formats(code: str) -> str:
    # English is written the British way, as the pages always were: "7 March 2025".
    return "en_GB" if code == DEFAULT else code


def format_day(value: date | datetime | str | None, code: str, style: str = "long") -> str:
    """A day as the locale writes it: "7 March 2025", "7 mars 2025"; "–" for none."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format=style, locale=_formats(code))


def format_moment(value: datetime | None, code: str) -> str:
    """A timestamp as the locale writes it, in UTC: "7 Mar 2025, 14:05 UTC"."""
    if value is None:
        return "–"
    return f"{format_datetime(value, format='medium', locale=_formats(code))} UTC"


def format_number(value: float | None, code: str, digits: int = 0) -> str:
    """A number with the locale's separators and `digits` decimals: "1,234.5", "1 234,5"."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=_formats(code))


# Words the views carry in English (enum values, kinds of change, error titles, the clocks of
# `muster.app.changes`) marked here so the catalogue holds them; templates show them translated
# with the `label` filter, and the JSON twins keep them as they are.
_MARKED: tuple[str, ...] = (
    N_("Lead"),
    N_("Willing"),
    N_("Conditional"),
    N_("Undecided"),
    N_("Skeptical"),
    N_("Opposed"),
    N_("No statement yet"),
    N_("draft"),
    N_("offered"),
    N_("confirmed"),
    N_("deployed"),
    N_("withdrawn"),
    N_("proposed"),
    N_("accepted"),
    N_("rejected"),
    N_("public"),
    N_("coalition"),
    N_("national"),
    N_("holds"),
    N_("fails"),
    N_("unknown"),
    N_("land"),
    N_("air"),
    N_("maritime"),
    N_("cyber"),
    N_("enablers"),
    N_("funding"),
    N_("committed"),
    N_("allocated"),
    N_("delivered"),
    N_("military"),
    N_("financial"),
    N_("humanitarian"),
    N_("pending"),
    N_("accept"),
    N_("decline"),
    N_("hold"),
    N_("Muster error"),
    N_("Invalid input"),
    N_("Not found"),
    N_("Forbidden"),
    N_("Conflict"),
    N_("Infeasible"),
    N_("Internal error"),
    N_("Unauthorized"),
    N_("Method Not Allowed"),
    N_("Too Many Requests"),
    N_("Payload Too Large"),
    N_("Error"),
    N_("added"),
    N_("deleted"),
    N_("changed"),
    N_("ends"),
    N_("dated"),
    N_("recorded"),
    N_("create"),
    N_("update"),
    N_("delete"),
    N_("new"),
    N_("read"),
    N_("not polled yet"),
    N_("healthy"),
    N_("failing"),
    N_("down"),
    N_("ok"),
    N_("not modified"),
    N_("duplicate"),
    N_("seen"),
    N_("failed"),
    N_("retry"),
    N_("error"),
    N_("removed"),
    N_("write"),
    N_("dated: the date of the statement that changed the stance"),
    N_(
        "dated for a pledge's start (valid_from, else its first source's date) and end "
        "(valid_to); recorded for status changes, edits, deletions and pledges entered "
        "undated"
    ),
    N_(
        "dated: the start of each entry of a condition's status history; recorded: when "
        "an undated status was recorded (a condition entered with one: its source's date)"
    ),
    N_("recorded: when the proposed statement entered the review queue"),
    N_("dated: the day each stage (committed, allocated, delivered) was reached"),
    N_(
        "dated: the data as of the day before the window and as of its last day, as "
        "recorded now; pledge statuses are today's (they carry no date)"
    ),
    N_("recorded inside the window, dated before it"),
    # muster.app.subscription.EVENTS, word for word (tests/web/pages/test_i18n.py checks)
    N_("a nation's current stance changed (a statement was accepted, edited or withdrawn)"),
    N_("a pledge was withdrawn"),
    N_("a requirement line's coverage crossed the threshold (percent), either way"),
    N_("a statement was proposed for the review queue"),
    N_("a condition's status changed (holds, fails, unknown)"),
    N_("withheld"),
    N_("parked"),
    N_("webhook"),
    N_("email"),
    N_("exact"),
    N_("sampled"),
)
LABELS: dict[str, str] = {message: message for message in _MARKED}


# The tables' field names (`/tables/...`, the pledges' filters) as readers see them; the names
# themselves stay the query parameters, CSV columns and JSON keys.
FIELD_LABELS: dict[str, str] = {
    "actor": N_("actor"),
    "aliases": N_("aliases"),
    "allocated": N_("allocated"),
    "call": N_("call"),
    "capability": N_("capability"),
    "caveats": N_("caveats"),
    "classification": N_("classification"),
    "committed": N_("committed"),
    "conditions": N_("conditions"),
    "confidence": N_("confidence"),
    "contributions": N_("contributions"),
    "critical": N_("critical"),
    "date": N_("date"),
    "deadline": N_("deadline"),
    "decision": N_("decision"),
    "delivered": N_("delivered"),
    "demonyms": N_("demonyms"),
    "description": N_("description"),
    "domain": N_("domain"),
    "donor": N_("donor"),
    "end": N_("end"),
    "entered_by": N_("entered by"),
    "eu": N_("eu"),
    "evidence": N_("evidence"),
    "excluded_tags": N_("excluded tags"),
    "forced": N_("forced"),
    "gdp_eur_bn": N_("gdp eur bn"),
    "gdp_year": N_("gdp year"),
    "gender": N_("gender"),
    "gloss": N_("gloss"),
    "group": N_("group"),
    "id": N_("id"),
    "illustrative": N_("illustrative"),
    "invited": N_("invited"),
    "iso3": N_("iso3"),
    "item": N_("item"),
    "language": N_("language"),
    "line": N_("line"),
    "lines": N_("lines"),
    "loading": N_("loading"),
    "metonyms": N_("metonyms"),
    "minimum": N_("minimum"),
    "mission": N_("mission"),
    "name": N_("name"),
    "nation": N_("nation"),
    "nations_in": N_("nations in"),
    "nations_out": N_("nations out"),
    "nato": N_("nato"),
    "note": N_("note"),
    "offered": N_("offered"),
    "office": N_("office"),
    "opened": N_("opened"),
    "outlet": N_("outlet"),
    "phase": N_("phase"),
    "phases": N_("phases"),
    "pledge": N_("pledge"),
    "pledges_in": N_("pledges in"),
    "pledges_out": N_("pledges out"),
    "prerequisites": N_("prerequisites"),
    "priority": N_("priority"),
    "probabilities": N_("probabilities"),
    "probability": N_("probability"),
    "published": N_("published"),
    "quantity": N_("quantity"),
    "quote": N_("quote"),
    "readiness_days": N_("readiness days"),
    "reason": N_("reason"),
    "recipient": N_("recipient"),
    "required_tags": N_("required tags"),
    "rotation": N_("rotation"),
    "seq": N_("seq"),
    "source": N_("source"),
    "sources": N_("sources"),
    "stance": N_("stance"),
    "start": N_("start"),
    "status": N_("status"),
    "statuses": N_("statuses"),
    "sustained": N_("sustained"),
    "text": N_("text"),
    "title": N_("title"),
    "type": N_("type"),
    "unit": N_("unit"),
    "url": N_("url"),
    "valid_from": N_("valid from"),
    "valid_to": N_("valid to"),
    "value_eur": N_("value eur"),
    "weight": N_("weight"),
}


def field_label(code: str, name: str) -> str:
    """A field's name in language `code` ("valid_from" → "valid from", "valable du"); any
    other text (a file and row, a line and field) unchanged."""
    label = FIELD_LABELS.get(name)
    return translate(code, label) if label is not None else name
