"""Issue 11's done-criterion in the browser: a statement, a condition's status change and a
requirement line added through the pages, and the dashboard changes with each."""

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_pages import _map_stances

pytestmark = pytest.mark.browser


def _mission(page, server: str) -> float:
    page.goto(server + "/")
    return float(page.inner_text("[data-testid=mission-coverage]").split()[0].replace(",", ""))


def _save(page) -> None:
    page.fill("#f-reason", "entered in the browser test")
    page.click("[data-testid=record-form] button[type=submit]")
    page.wait_for_selector("p.notice")


def test_records_added_on_the_pages_move_the_dashboard(server, page, page_errors):
    sign_in(page, server, "planner")
    before = _mission(page, server)
    # a condition's status history gains "holds": the pledges waiting on it now count
    page.goto(server + "/records/conditions/truce-agreed")
    page.select_option("select[name='n.0.status']", "holds")
    page.fill("input[name='n.0.start']", "2026-11-30")
    _save(page)
    assert "Saved condition truce-agreed" in page.inner_text("p.notice")
    held = _mission(page, server)
    assert held > before
    # a new requirement line nobody fills lowers mission coverage
    page.goto(server + "/records/requirement_lines/new")
    page.fill("#f-id", "rl-pp-browser-medical")
    page.fill("#f-phase", "ph-post-peace")
    page.fill("#f-capability", "medical")
    page.fill("#f-quantity", "5")
    _save(page)
    page.goto(server + "/requirements")
    assert page.locator("tr[data-line=rl-pp-browser-medical]").count() == 1
    assert _mission(page, server) < held
    # a bad cell is refused next to its field and nothing changes
    page.goto(server + "/records/requirement_lines/new")
    page.fill("#f-id", "rl-bad")
    page.fill("#f-phase", "ph-post-peace")
    page.fill("#f-capability", "medical")
    page.fill("#f-quantity", "many")
    page.fill("#f-reason", "typo")
    page.click("[data-testid=record-form] button[type=submit]")
    page.wait_for_selector("div.errors")
    assert "quantity" in page.inner_text("div.errors")
    assert page_errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]
    page_errors.clear()
    page.goto(server + "/records/requirement_lines")
    assert page.locator("tr[data-key=rl-bad]").count() == 0


def test_an_analyst_adds_a_statement_and_the_map_shows_it(server, page):
    sign_in(page, server, "analyst")
    page.goto(server + "/")
    assert _map_stances(page).get("ALB") in (None, "", "none", "unknown")
    page.goto(server + "/records/statements/new")
    page.fill("#f-id", "st-alb-browser")
    page.fill("#f-nation", "ALB")
    page.fill("#f-date", "2026-12-01")
    page.select_option("#f-stance", "willing")
    page.fill("#f-quote", "Albania stands ready to contribute to the coalition.")
    _save(page)
    page.goto(server + "/")
    assert _map_stances(page)["ALB"] == "willing"
