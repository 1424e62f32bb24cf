"""An article as the ingester reads it: bytes in, clean paragraphs out, or a located InvalidInput.

Accepts plain text, Markdown and HTML. HTML keeps the text of block elements (dropping scripts,
navigation, figures, asides); all formats then lose boilerplate lines such as "Share this story",
"ADVERTISING", bylines and copyright notices. Nothing here reads files: the shell passes bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser

from muster.errors import InvalidInput, Problem

FORMATS = ("txt", "md", "html")
# A long news article is ~100 KB; beyond this it is not one article (and the pipeline would
# spend minutes on it, then store it whole as a source's text).
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# Pasted into the web form or sent to the API: the longest news article is a few tens of
# thousands of characters; this bound keeps a request's work (inside its write turn) under a
# second or so. Files given to `muster ingest` may be larger (MAX_ARTICLE_BYTES).
MAX_PASTED_CHARS = 200_000
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "br",
        "tr",
        "section",
        "article",
        "main",
        "header",
        "dd",
        "dt",
        "pre",
    ]
)
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "nav",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "form",
        "button",
        "svg",
        "iframe",
        "template",
        "select",
        "label",
    ]
)
_BOILERPLATE = re.compile(
    r"""^(
        share\ this(\ story|\ article)?|advertis(ing|ement)|sponsored(\ content)?|
        (read|see)\ (more|next|also)\b.*|related(\ articles?|\ stories)?:?|
        sign\ up\b.*|subscribe\b.*|leave\ a\ reply|comments?|
        by\ [A-Z][\w.'\-]+(\ [A-Z][\w.'\-]+)*
            (\ (and|&)\ [A-Z][\w.'\-]+(\ [A-Z][\w.'\-]+)*)?\b.{0,60}|
        this\ (article|story)\ (originally\ )?(appeared|was\ (first\ )?published)\b.*|
        (©|\(c\)|copyright)\ .*|
        (photo|image|picture|credit)s?(\ credit)?:.*|
        (updated|published|posted)\ (on\ )?\d.*|
        \[?(image|photo|video)\]?|
        credited\ from:.*|key\ points:?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_MARKS = re.compile(
    r"(^#{1,6}\s+|^>\s?|^\s*[-*+]\s+|\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w))"
)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# "LONDON —", "BUDAPEST, October 23 —", "KYIV (Reuters) -": where, not who speaks
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+)*(?:, [A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?)?"
    r"(?: \([^)]{1,40}\))? ?[\u2014\u2013-]{1,2} "
)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its paragraphs (boilerplate removed), date and optional metadata."""

    paragraphs: tuple[str, ...]
    date: date
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    name: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The readable text of an HTML document, one block element per paragraph."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(p|div|article|body|h1|br)\b", head)
    )


def decode(data: bytes, *, name: str) -> str:
    """`data` as text, or InvalidInput saying why not (empty, binary, not UTF-8) and where."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InvalidInput(
            Problem(
                f"the file holds more than {MAX_ARTICLE_BYTES // 1048576} MiB, the most an "
                "article may have (is this one article?)",
                file=name,
            )
        )
    if not data.strip():
        raise InvalidInput(Problem("the file is empty: expected an article's text", file=name))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # anywhere, not only near the start: a NUL cannot be stored as text (PostgreSQL refuses it)
    if b"\x00" in data:
        raise InvalidInput(
            Problem(
                "this is a binary file, not text: expected a .txt, .md or .html article",
                file=name,
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise InvalidInput(
            Problem(
                f"not valid UTF-8 at byte {e.start} (byte 0x{data[e.start]:02x}): "
                "save the article as UTF-8 and try again",
                file=name,
                row=line,
                column=str(column),
            )
        ) from None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 8:
        raise InvalidInput(
            Problem(
                f"this looks like a binary file ({controls} control characters in its first "
                "4 KiB): expected a .txt, .md or .html article",
                file=name,
            )
        )
    return text


def _is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.match(line)) or (line.isupper() and len(line.split()) <= 3)


def paragraphs_of(text: str, *, kind: str = "txt") -> tuple[str, ...]:
    """Clean paragraphs of `text` in format `kind` ("txt", "md" or "html")."""
    if kind == "html" or (kind == "txt" and looks_like_html(text)):
        text = html_text(_HTML_IMG.sub("", text))
    elif kind == "md":
        text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        current: list[str] = []
        for raw in block.split("\n"):
            line = raw.strip()
            if kind == "md":
                line = _MD_MARKS.sub("", line).strip()
            line = _SPACES.sub(" ", line)
            if not current:
                line = _DATELINE.sub("", line)
            if not line or _is_boilerplate(line):
                continue
            current.append(line)
            # a line that ends a sentence ends a paragraph; a hard-wrapped line does not
            if line[-1] in '.!?"”’:' or len(line) < 60:
                out.append(" ".join(current))
                current = []
        if current:
            out.append(" ".join(current))
    return tuple(out)


def read_article(
    data: bytes,
    *,
    name: str,
    day: date,
    kind: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
) -> Article:
    """Decode and clean one article; `kind` defaults to the extension of `name`.

    Raises InvalidInput for empty, binary or non-UTF-8 input, an unknown format, or an article
    with no text left once boilerplate is removed.
    """
    if kind is None:
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else "txt"
        kind = {"htm": "html", "markdown": "md", "text": "txt"}.get(ext, ext)
        if kind not in FORMATS:
            kind = "txt"
    if kind not in FORMATS:
        raise InvalidInput(
            Problem(f"unknown format {kind!r}: expected one of {', '.join(FORMATS)}", file=name)
        )
    paragraphs = paragraphs_of(decode(data, name=name), kind=kind)
    if not paragraphs:
        raise InvalidInput(
            Problem("no article text left once markup and boilerplate are removed", file=name)
        )
    return Article(paragraphs, day, title=title, outlet=outlet, url=url, name=name)


def read_pasted(
    text: str,
    *,
    day: date,
    kind: str,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
) -> Article:
    """An article pasted as text (the web form, the API); problems name the field `text`.

    Blank title, outlet and URL count as not given.
    """
    try:
        return read_article(
            text.encode("utf-8"),
            name="text",
            day=day,
            kind=kind,
            title=(title or "").strip() or None,
            outlet=(outlet or "").strip() or None,
            url=(url or "").strip() or None,
        )
    except InvalidInput as e:
        raise InvalidInput(
            [replace(p, file=None, field=p.field or "text") for p in e.problems]
        ) from None
