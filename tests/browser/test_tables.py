"""A delegate works the pledges and statements tables in the browser: sort, filter, search,
download; the file holds exactly the rows shown and none the delegate may not read.

Expectations come from the browser dataset and the read rule written out here (a delegate
reads public and coalition pledges, national ones only of its own nation; every statement,
proposals included, since a delegate is a coalition user).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from tests.browser.conftest import browser_dataset, sign_in

pytestmark = pytest.mark.browser


def _shown_ids(page, selector: str, attribute: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{selector} tbody tr[{attribute}]", f"els => els.map(e => e.getAttribute('{attribute}'))"
    )


def _download(page, testid: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(f"[data-testid={testid}]")
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _csv_ids(content: bytes) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    return [r["id"] for r in rows]


def test_delegate_sorts_filters_searches_and_downloads_pledges(server, page):
    ds = browser_dataset()
    readable = [
        p
        for p in ds.pledges
        if p.classification.value in ("public", "coalition") or p.nation == "GBR"
    ]
    hidden = {p.id for p in ds.pledges} - {p.id for p in readable}
    assert hidden, "the demo must hold pledges a GBR delegate may not read"
    sign_in(page, server, "gbr-delegate")
    page.goto(server + "/pledges")
    assert set(_shown_ids(page, "table[data-testid=pledges]", "data-pledge")) <= {
        p.id for p in readable
    }

    # sort by quantity, then again for descending
    page.click("a[data-sort=quantity]")
    page.wait_for_url("**/pledges?sort=quantity")
    page.click("a[data-sort=quantity]")
    page.wait_for_url("**/pledges?sort=-quantity")
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"

    # filter: pledges in one phase with at least some quantity
    phase = readable[0].phases[0]
    page.click("summary:has-text('Filter by any column')")
    page.fill("input[name=phases]", phase)
    page.fill("input[name=quantity_min]", "1")
    page.click("details button[type=submit]")
    page.wait_for_url("**/pledges?*phases=*")
    # descending by quantity, ties by the key, descending too
    expected = sorted(
        (p for p in readable if phase in p.phases and p.quantity >= 1),
        key=lambda p: (p.quantity, p.id),
        reverse=True,
    )
    shown = _shown_ids(page, "table[data-testid=pledges]", "data-pledge")
    assert shown == [p.id for p in expected]
    assert f"{len(expected)} row(s)" in page.inner_text("[data-testid=table-count]")

    # search: a word of a readable pledge's note narrows the table further
    with_note = next(p for p in expected if p.note)
    word = max(with_note.note.split(), key=len).strip(".,;:()")
    page.fill("#tq-q", word)
    page.click("p.slider button[type=submit]")
    page.wait_for_url("**q=*")
    shown = _shown_ids(page, "table[data-testid=pledges]", "data-pledge")
    assert with_note.id in shown
    assert set(shown) <= {p.id for p in expected}

    # the downloads hold exactly the rows shown (one page here), in the order shown
    name, content = _download(page, "download-csv")
    assert name == "pledges.csv"
    ids = _csv_ids(content)
    assert ids == shown
    assert not hidden & set(ids)
    name, content = _download(page, "download-xlsx")
    assert name == "pledges.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[rows[0].index("id")] for r in rows[1:]] == shown

    # and with no filter at all, the whole file still has no hidden row
    page.goto(server + "/pledges?sort=id")
    _, content = _download(page, "download-csv")
    assert _csv_ids(content) == sorted(p.id for p in readable)


def test_delegate_works_the_statements_table(server, page):
    ds = browser_dataset()
    sign_in(page, server, "fra-delegate")
    page.goto(server + "/tables/statements")
    page.click("a[data-sort=date]")
    page.wait_for_url("**/tables/statements?sort=date")
    page.click("summary:has-text('Filter by any column')")
    page.fill("input[name=nation]", "FRA")
    page.click("details button[type=submit]")
    page.wait_for_url("**nation=FRA*")
    page.fill("#tq-q", "Europeans")
    page.click("p.slider button[type=submit]")
    page.wait_for_url("**q=Europeans*")
    shown = _shown_ids(page, "table[data-testid=statements]", "data-key")
    expected = [
        s.id
        for s in sorted(ds.statements, key=lambda s: (s.date, s.id))
        if s.nation == "FRA"
        and any(
            "europeans" in (getattr(s, f) or "").casefold()
            for f in ("quote", "gloss", "evidence", "note")
        )
    ]
    assert expected
    assert shown == expected
    _, content = _download(page, "download-csv")
    assert _csv_ids(content) == expected


def test_a_visitor_downloads_no_proposed_statement(server, page):
    ds = browser_dataset()
    page.goto(server + "/tables/statements?sort=id")
    _, content = _download(page, "download-csv")
    accepted = sorted(s.id for s in ds.statements if s.status.value == "accepted")
    assert _csv_ids(content) == accepted
    assert len(accepted) < len(ds.statements)
