"""Input problems (the 422 and 409 texts shown next to a form field) in the reader's language.

The domain and the store write their problems in English, and the API's problem documents keep
them so; a page shows them translated by recognising their common shapes here (`SHAPES`: a
pattern and its marked template). What a shape quotes from the input (a value, a key, a field
name) stays as it is; a message of no known shape is shown in English.
"""

from __future__ import annotations

import re

from muster.web.i18n import DEFAULT, N_, gettext_for

_QUOTED = r"(?:'[^']*'|\"[^\"]*\"|[^,;]+?)"  # a value as `describe` or repr() writes it

# (pattern, template): the pattern's named groups fill the template's placeholders.
SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), template)
    for pattern, template in (
        (r"is required", N_("is required")),
        (r"must not be empty", N_("must not be empty")),
        (r"expected text, got (?P<got>.+)", N_("expected text, got %(got)s")),
        (r"expected a number, got (?P<got>.+)", N_("expected a number, got %(got)s")),
        (r"expected a finite number, got (?P<got>.+)", N_("expected a finite number, got %(got)s")),
        (
            r"expected a whole number (?P<bounds>[≥>≤][^,]*), got (?P<got>.+)",
            N_("expected a whole number %(bounds)s, got %(got)s"),
        ),
        (
            r"expected a number (?P<bounds>[≥>≤][^,]*), got (?P<got>.+)",
            N_("expected a number %(bounds)s, got %(got)s"),
        ),
        (r"expected a whole number, got (?P<got>.+)", N_("expected a whole number, got %(got)s")),
        (
            r"expected a date as YYYY-MM-DD, got (?P<got>.+)",
            N_("expected a date as YYYY-MM-DD, got %(got)s"),
        ),
        (
            r"expected one of (?P<choices>.+), got (?P<got>" + _QUOTED + ")",
            N_("expected one of %(choices)s, got %(got)s"),
        ),
        (
            r"expected an identifier \(letters, digits, '_', '-', '\.', ':'; up to 100 "
            r"characters, starting with a letter or digit\), got (?P<got>.+)",
            N_(
                "expected an identifier (letters, digits, '_', '-', '.', ':'; up to 100 "
                "characters, starting with a letter or digit), got %(got)s"
            ),
        ),
        (
            r"expected an ISO 3166-1 alpha-3 code such as 'GBR', got (?P<got>.+)",
            N_("expected an ISO 3166-1 alpha-3 code such as 'GBR', got %(got)s"),
        ),
        (
            r"expected an ISO 639-1 language code such as 'fr', got (?P<got>.+)",
            N_("expected an ISO 639-1 language code such as 'fr', got %(got)s"),
        ),
        (
            r"expected a web address starting with http:// or https://, got (?P<got>.+)",
            N_("expected a web address starting with http:// or https://, got %(got)s"),
        ),
        (
            r"(?P<end>\w+) (?P<end_day>\d{4}-\d\d-\d\d) is before "
            r"(?P<start>\w+) (?P<start_day>\d{4}-\d\d-\d\d)",
            N_("%(end)s %(end_day)s is before %(start)s %(start_day)s"),
        ),
        (r"lists (?P<value>.+) twice", N_("lists %(value)s twice")),
        (
            r"expected a probability between 0 and 1, got (?P<got>.+)",
            N_("expected a probability between 0 and 1, got %(got)s"),
        ),
        (
            r"unknown nation (?P<value>" + _QUOTED + r"): import or add it first",
            N_("unknown nation %(value)s: import or add it first"),
        ),
        (
            r"unknown (?P<what>[a-z_ ]+?) (?P<value>'[^']*'|\"[^\"]*\")",
            N_("unknown %(what)s %(value)s"),
        ),
        (
            r"the (?P<what>[a-z_ ]+) id (?P<key>.+) cannot be used: it is taken; choose another id",
            N_("the %(what)s id %(key)s cannot be used: it is taken; choose another id"),
        ),
        (r"a user named (?P<name>.+) already exists", N_("a user named %(name)s already exists")),
        (
            r"(?P<what>[a-z_ ]+) (?P<key>.+) was changed by someone else: you edited version "
            r"(?P<expected>\d+), the current version is (?P<current>\d+); reload and try again",
            N_(
                "%(what)s %(key)s was changed by someone else: you edited version "
                "%(expected)s, the current version is %(current)s; reload and try again"
            ),
        ),
        (
            r"offer (?P<key>.+) changed since you read it \(version (?P<version>\d+)\)",
            N_("offer %(key)s changed since you read it (version %(version)s)"),
        ),
        (
            r"(?P<what>[a-z_ ]+) (?P<key>.+) is still referred to by other rows "
            r"\(among them (?P<rows>.+)\); change those first",
            N_(
                "%(what)s %(key)s is still referred to by other rows (among them %(rows)s); "
                "change those first"
            ),
        ),
        (
            r"(?P<what>[a-z_ ]+) (?P<key>.+) is still referred to by other rows; "
            r"change those first",
            N_("%(what)s %(key)s is still referred to by other rows; change those first"),
        ),
        # Feeds (store/feed.py, feeds/schedule.py)
        (
            r"expected an http:// or https:// address, got (?P<got>.+)",
            N_("expected an http:// or https:// address, got %(got)s"),
        ),
        (r"expected 1 to (?P<max>\d+) characters", N_("expected 1 to %(max)s characters")),
        (
            r"a name may not hold control characters",
            N_("a name may not hold control characters"),
        ),
        (r"the interval must be positive", N_("the interval must be positive")),
        (
            r"expected an interval such as 15m, 1h, 1h30m or 1d, got (?P<got>.+)",
            N_("expected an interval such as 15m, 1h, 1h30m or 1d, got %(got)s"),
        ),
        (
            r"expected an interval from (?P<low>\S+) to (?P<high>\S+), got (?P<got>.+)",
            N_("expected an interval from %(low)s to %(high)s, got %(got)s"),
        ),
        (
            r"feed (?P<id>\d+) \((?P<name>.+)\) already watches (?P<url>\S+)",
            N_("feed %(id)s (%(name)s) already watches %(url)s"),
        ),
        (r"a feed already watches (?P<url>\S+)", N_("a feed already watches %(url)s")),
        (
            r"feed (?P<id>\d+) is at version (?P<current>\d+), not (?P<expected>\d+)",
            N_("feed %(id)s is at version %(current)s, not %(expected)s"),
        ),
        (
            r"feed (?P<id>\d+) changed meanwhile; try again",
            N_("feed %(id)s changed meanwhile; try again"),
        ),
        # Users and tokens (store/user.py)
        (
            r"expected 2 to 64 lowercase letters, digits, '\.', '_' or '-', starting with a "
            r"letter or digit, got (?P<got>.+)",
            N_(
                "expected 2 to 64 lowercase letters, digits, '.', '_' or '-', starting with a "
                "letter or digit, got %(got)s"
            ),
        ),
        (
            r"(?P<name>'[^']*') is reserved for the CLI's --local-admin; choose another name",
            N_("%(name)s is reserved for the CLI's --local-admin; choose another name"),
        ),
        (
            r"anonymous is not a role a user can have",
            N_("anonymous is not a role a user can have"),
        ),
        (r"user (?P<name>'[^']*') is disabled", N_("user %(name)s is disabled")),
        (
            r"a token needs a label of 1 to (?P<max>\d+) characters",
            N_("a token needs a label of 1 to %(max)s characters"),
        ),
        (
            r"expected read or write, got (?P<got>.+)",
            N_("expected read or write, got %(got)s"),
        ),
        (
            r"(?P<user>\S+) already has an active token named (?P<name>.+)",
            N_("%(user)s already has an active token named %(name)s"),
        ),
        (r"say why \(kept in the history\)", N_("say why (kept in the history)")),
        (r"say why you import this file", N_("say why you import this file")),
    )
)
_AND = N_("and")  # between a number's bounds: "≥ 0 and ≤ 1"
# Messages quote input cut short (`describe`); one longer than this quotes something that was
# not, and a few shapes' lazy groups would try every split of it: it is shown as written.
MAX_SHAPED = 1_000


def translate_problem(code: str, message: object) -> str:
    """`message` (a problem's English text) in language `code` when it has a known shape;
    unchanged otherwise, and always in English."""
    text = str(message)
    if code == DEFAULT or len(text) > MAX_SHAPED:
        return text
    for pattern, template in SHAPES:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        args = found.groupdict()
        if "bounds" in args:
            args["bounds"] = args["bounds"].replace(" and ", f" {gettext_for(code, _AND)} ")
        return gettext_for(code, template) % args
    return text
