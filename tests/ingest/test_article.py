"""Reading articles: formats, boilerplate, and clear errors for bad input."""

from __future__ import annotations

from datetime import date

import pytest

from muster.errors import InvalidInput
from muster.ingest import read_article
from muster.ingest.text import fold, sentences_of

DAY = date(2025, 3, 3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Pr\u00e9sident Macron said".encode("latin-1"), "not valid UTF-8 at byte 2"),
        (b"ADVERTISING\nShare this story\n", "no article text"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as e:
        read_article(data, name="a.txt", day=DAY)
    assert message in str(e.value)
    assert "a.txt" in str(e.value)


def test_boilerplate_bylines_and_datelines_are_dropped() -> None:
    text = (
        "By MARK LANDLER and JEANNA SMIALEK NYTimes News Service\nShare this story\n\n"
        "LONDON — Britain and France have promised to muster a coalition.\n\nADVERTISING\n\n"
        "© 2025 The New York Times Company"
    )
    article = read_article(text.encode(), name="a.txt", day=DAY)
    assert article.paragraphs == ("Britain and France have promised to muster a coalition.",)


def test_html_keeps_the_article_and_drops_scripts_navigation_and_images() -> None:
    html = (
        "<html><head><script>var x = 'Macron';</script></head><body><nav>Home | World</nav>"
        "<article><h1>Coalition</h1><p>Poland will not send troops, Tusk said.</p>"
        "<figure><img src='a.jpg'><figcaption>Photo: AP</figcaption></figure>"
        "<p>Italy &amp; Spain hesitate.</p></article><footer>© Outlet</footer></body></html>"
    )
    article = read_article(html.encode(), name="a.html", day=DAY)
    assert article.paragraphs == (
        "Coalition",
        "Poland will not send troops, Tusk said.",
        "Italy & Spain hesitate.",
    )


def test_markdown_links_and_images_become_text() -> None:
    md = "# Title\n\n![map](map.png)\n\n**Poland** will [not send](http://x) troops."
    article = read_article(md.encode(), name="a.md", day=DAY)
    assert article.paragraphs == ("Title", "Poland will not send troops.")


def test_sentences_keep_abbreviations_and_quotes_together() -> None:
    sentences = sentences_of(
        ("The U.S. President spoke. “We want peace,” Macron said. Mr. Trump left.",)
    )
    assert [s.text for s in sentences] == [
        "The U.S. President spoke.",
        "“We want peace,” Macron said.",
        "Mr. Trump left.",
    ]


def test_fold_keeps_offsets() -> None:
    text = "Orbán’s “open mind” — Élysée"
    assert len(fold(text)) == len(text)
    assert fold(text) == 'Orban\'s "open mind" - Elysee'
