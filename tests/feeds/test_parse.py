"""Feed documents: RSS 2.0, Atom, broken XML, not a feed; entries as the watcher needs them."""

from datetime import UTC, datetime

import pytest

from muster.feeds.extract import TextFrom, article_text, entry_text, page_text
from muster.feeds.parse import FeedEntry, FeedError, language_code, parse_feed
from tests.feeds import samples

BASE = "http://feeds.example.org/news.xml"


def test_rss_20_entries_with_links_guids_dates_and_summaries():
    doc = samples.rss(
        [
            {"title": "A &amp; B", "link": "/a/1", "guid": "g1",
             "date": "Mon, 03 Mar 2025 10:00:00 GMT",
             "description": "<p>Hello <b>world</b></p><script>x()</script>"},
            {"title": "no link", "link": "javascript:alert(1)"},
        ]
    )  # fmt: skip
    feed = parse_feed(doc, url=BASE)
    assert feed.title == "Example News"
    assert feed.language == "en"
    assert feed.warning is None
    first, second = feed.entries
    assert first.guid == "g1"
    assert first.url == "http://feeds.example.org/a/1"  # relative links resolved
    assert first.title == "A &amp; B"
    assert first.published == datetime(2025, 3, 3, 10, tzinfo=UTC)
    assert "script" not in (first.summary or "")
    assert second.url is None  # not a web link
    assert second.key is None  # neither link nor guid: malformed


def test_atom_entries_take_their_id_link_and_full_content():
    doc = samples.atom(
        [{"title": "E1", "id": "urn:e1", "link": "http://x.example/e1",
          "content": samples.article_html("starmer")}],
        lang="de-DE",
    )  # fmt: skip
    feed = parse_feed(doc, url=BASE)
    (entry,) = feed.entries
    assert (entry.guid, entry.url, entry.title) == ("urn:e1", "http://x.example/e1", "E1")
    assert feed.language == "de"
    text = entry_text(entry)
    assert text is not None
    assert text.split("\n\n")[1].startswith("Speaking after a summit")


def test_truncated_xml_is_a_feed_error_naming_the_place():
    doc = samples.rss([{"title": "x", "link": "http://x.example/1"}])[:150]
    with pytest.raises(FeedError, match=r"not well-formed XML \(line \d+, column \d+"):
        parse_feed(doc, url=BASE)


def test_an_unescaped_ampersand_is_read_leniently_with_a_warning():
    doc = samples.rss([{"title": "x", "link": "http://x.example/1", "guid": "g"}]).replace(
        b"<title>x</title>", b"<title>Tom & Jerry</title>"
    )
    feed = parse_feed(doc, url=BASE)
    assert [e.title for e in feed.entries] == ["Tom & Jerry"]
    assert feed.warning is not None
    assert "not well-formed XML" in feed.warning


@pytest.mark.parametrize("doc", [b"<html><body><p>hello</p></body></html>", b"plain text", b""])
def test_what_is_not_a_feed_is_refused(doc):
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(doc, url=BASE)


def test_a_document_naming_a_local_file_is_not_opened():
    # feedparser opens a string or bytes naming a file; the document is handed over as a stream
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(b"/etc/hostname", url=BASE)


@pytest.mark.parametrize(("raw", "code"), [("fr-FR", "fr"), ("en_gb", "en"), ("DE", "de"),
                                           ("english", None), (None, None)])  # fmt: skip
def test_language_codes(raw, code):
    assert language_code(raw) == code


def test_page_text_leaves_navigation_cookies_and_footer_out():
    text = page_text(samples.page("starmer"), url="http://x.example/a")
    assert text is not None
    assert "Lancaster House" in text
    for junk in ("cookies", "Most read", "All rights reserved", "tracker", "Football"):
        assert junk not in text
    assert len(text.split("\n\n")) == 5  # the headline and the four paragraphs


def test_the_fuller_text_wins_and_a_repeated_headline_goes():
    title = samples.ARTICLES["starmer"][0]
    entry = FeedEntry(guid="g", url=None, title=title, published=None, summary="<p>Short.</p>",
                      content=None)  # fmt: skip
    page = page_text(samples.page("starmer"), url=None)
    picked = article_text(page, entry)
    assert picked is not None
    text, source = picked
    assert source is TextFrom.PAGE
    assert text.startswith("LONDON")
    assert article_text(None, entry) == ("Short.", TextFrom.FEED)
    empty = FeedEntry(guid="g", url=None, title=None, published=None, summary=None, content=None)
    assert article_text(None, empty) is None
