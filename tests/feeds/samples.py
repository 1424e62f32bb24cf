"""Feed documents and article pages for the feed tests, written for them (not copied news)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

NEWS = Path(__file__).resolve().parents[1] / "data" / "news"

# Two real-sounding but invented articles, long enough for the ingester and the extractor.
ARTICLES = {
    "starmer": (
        "Starmer says Britain ready to put troops on the ground",
        [
            "LONDON — Prime Minister Keir Starmer said on Sunday that Britain was ready and "
            "willing to put boots on the ground in Ukraine to help secure a peace deal.",
            "Speaking after a summit of European leaders at Lancaster House, Starmer said a "
            "coalition of the willing would be formed to guarantee any settlement.",
            "French President Emmanuel Macron said France was ready to send troops as part of "
            "the force once a ceasefire is agreed.",
            "Italian Prime Minister Giorgia Meloni said sending Italian soldiers was not on "
            "the agenda and that she had doubts about the plan.",
        ],
    ),
    "frederiksen": (
        "Denmark open to sending troops, Frederiksen says",
        [
            "COPENHAGEN — Danish Prime Minister Mette Frederiksen said on Monday that Denmark "
            "was open to sending troops to Ukraine as part of a European force.",
            "Frederiksen said Denmark would only take part if the United States provided a "
            "backstop for the mission, and that many questions remained open.",
            "Polish Prime Minister Donald Tusk said Poland would not send soldiers to Ukraine "
            "but would help with logistics from its territory.",
        ],
    ),
}


def page(slug: str, *, noise: bool = True) -> bytes:
    """The article as a web page with navigation, teasers, a cookie notice and a footer."""
    title, paragraphs = ARTICLES[slug]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    junk = (
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        '<div class="cookies">We use cookies to improve your experience. Accept all cookies'
        "</div><aside><h3>Most read</h3><ul><li>Ten recipes for summer</li>"
        "<li>Football transfer news</li></ul></aside>"
        if noise
        else ""
    )
    footer = "<footer>© 2025 Example News Ltd. All rights reserved.</footer>" if noise else ""
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title></head><body>{junk}"
        f"<main><article><h1>{escape(title)}</h1>{body}</article></main>{footer}"
        "<script>window.tracker = 1;</script></body></html>"
    ).encode()


def rss(items: list[dict[str, str]], *, title: str = "Example News") -> bytes:
    """An RSS 2.0 document; each item's keys: title, link, guid, date, description."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>http://example.org/</link>",
        "<language>en-gb</language>",
    ]
    for it in items:
        out.append("<item>")
        if "title" in it:
            out.append(f"<title>{escape(it['title'])}</title>")
        if "link" in it:
            out.append(f"<link>{escape(it['link'])}</link>")
        if "guid" in it:
            out.append(f'<guid isPermaLink="false">{escape(it["guid"])}</guid>')
        if "date" in it:
            out.append(f"<pubDate>{it['date']}</pubDate>")
        if "description" in it:
            out.append(f"<description>{escape(it['description'])}</description>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode()


def atom(entries: list[dict[str, str]], *, lang: str = "en") -> bytes:
    """An Atom 1.0 document; each entry's keys: title, link, id, updated, content (HTML)."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
        "<title>Example Atom</title><id>urn:example:feed</id>",
        "<updated>2025-03-03T10:00:00Z</updated>",
    ]
    for e in entries:
        out.append("<entry>")
        out.append(f"<title>{escape(e['title'])}</title><id>{escape(e['id'])}</id>")
        if "link" in e:
            out.append(f'<link rel="alternate" href="{escape(e["link"])}"/>')
        out.append(f"<updated>{e.get('updated', '2025-03-03T10:00:00Z')}</updated>")
        if "content" in e:
            out.append(f'<content type="html">{escape(e["content"])}</content>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out).encode()


def article_html(slug: str) -> str:
    """The article's paragraphs as HTML, as a feed's content:encoded or Atom content holds it."""
    return "".join(f"<p>{escape(p)}</p>" for p in ARTICLES[slug][1])


def real_pages(count: int) -> list[tuple[str, bytes]]:
    """`count` real labelled articles of tests/data/news as (name, web page), distinct texts."""
    out = []
    for path in sorted(NEWS.glob("*.txt"))[:count]:
        paragraphs = [p for p in path.read_text("utf-8").split("\n\n") if p.strip()]
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        html = f"<html><body><nav>Home</nav><article>{body}</article></body></html>"
        out.append((path.stem, html.encode()))
    return out
