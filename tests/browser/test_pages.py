"""What a planner, a delegation and an analyst do in the browser, end to end."""

import pytest

from tests.browser.conftest import ARTIFACTS, PROPOSED_ID, sign_in

pytestmark = pytest.mark.browser


def _map_stances(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "svg.map-europe a.nation",
        "els => Object.fromEntries(els.map(e => [e.dataset.iso3, e.dataset.stance]))",
    )


def _slide_to(page, day: str) -> None:
    start = page.get_attribute("#as-of-slider", "data-start")
    from datetime import date

    offset = (date.fromisoformat(day) - date.fromisoformat(start)).days
    page.fill("#as-of-slider", str(offset))
    page.wait_for_selector(f'svg.map-europe[data-as-of="{day}"]')


def test_date_slider_changes_the_map(server, page):
    page.goto(server + "/")
    _slide_to(page, "2025-03-01")
    before = _map_stances(page)
    assert page.inner_text("#as-of-output") == "2025-03-01"
    _slide_to(page, "2025-03-03")
    after = _map_stances(page)
    assert before["GBR"] == "willing"  # Starmer, 16 February
    changed = {k for k in after if after[k] != before[k]}
    # London moves Denmark, the Netherlands, Italy and Germany (Hungary was already opposed).
    assert {"DNK", "NLD", "ITA", "DEU"} <= changed
    assert page.url.endswith("/?as_of=2025-03-03")


def test_the_map_works_without_javascript(server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/")
    page.fill("#as-of-date", "2025-03-01")
    page.click("#as-of-form button[type=submit]")
    page.wait_for_url("**/?as_of=2025-03-01")
    assert page.get_attribute('svg.map-europe a.nation[data-iso3="DNK"]', "data-stance") == "none"
    context.close()


def test_analyst_accepts_a_proposed_statement(server, page):
    sign_in(page, server, "analyst")
    page.goto(server + "/review")
    page.click("summary:has-text('The article')")
    assert page.is_visible("mark[data-testid=evidence]")
    page.click(f"[data-testid=accept-{PROPOSED_ID}]")
    page.wait_for_selector("p.notice")
    assert f"Accepted {PROPOSED_ID}" in page.inner_text("p.notice")
    page.goto(server + "/nations/FRA")
    assert "we Europeans are stronger than we believe" in page.inner_text("main")


def test_analyst_submits_an_article_and_reviews_its_proposals(server, page):
    from pathlib import Path

    seed = (Path(__file__).parents[1] / "data" / "news" / "seed.txt").read_text("utf-8")
    sign_in(page, server, "analyst")
    page.goto(server + "/review")
    page.click("summary:has-text('Submit an article')")
    page.fill("#article-text", seed)
    page.fill("#article-date", "2025-03-03")
    page.fill("#article-title", "How many countries will step up?")
    page.click("[data-testid=submit-article]")
    page.wait_for_selector("p.notice")
    assert "statement(s) from news-2025-03-03-" in page.inner_text("p.notice")
    page.screenshot(path=str(ARTIFACTS / "review-after-article.png"), full_page=True)
    scholz = page.locator("article.panel", has_text="Olaf Scholz")
    assert scholz.count() >= 1
    assert "How many countries will step up?" in scholz.first.inner_text()


def test_delegate_cannot_see_another_nations_national_pledge(server, page, page_errors):
    sign_in(page, server, "gbr-delegate")
    page.goto(server + "/pledges?nation=FRA")
    listed = page.eval_on_selector_all("tr[data-pledge]", "els => els.map(e => e.dataset.pledge)")
    assert "p-fra-inf" in listed  # public French pledges are listed
    national = ["p-fra-ad", "p-fra-mcm"]
    assert not set(national) & set(listed)
    response = page.goto(server + "/pledges/" + national[0])
    assert response.status == 404
    assert "Not found" in page.inner_text("h1")
    assert page_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    page_errors.clear()


def test_own_delegation_sees_its_national_pledge(server, page):
    sign_in(page, server, "fra-delegate")
    page.goto(server + "/pledges?nation=FRA")
    listed = page.eval_on_selector_all("tr[data-pledge]", "els => els.map(e => e.dataset.pledge)")
    assert {"p-fra-ad", "p-fra-mcm"} <= set(listed)


def _gap(page, server, line):
    page.goto(server + "/requirements")
    return float(page.inner_text(f"[data-testid=gap-{line}]").replace(",", ""))


def test_delegate_edits_a_pledge_and_the_gap_changes(server, page):
    sign_in(page, server, "gbr-delegate")
    before = _gap(page, server, "rl-pp-hq-staff")
    page.goto(server + "/pledges/p-gbr-hq")
    page.fill("#f-quantity", "100")
    page.fill("#f-reason", "40 more staff officers offered at the conference")
    page.click("button:has-text('Save pledge')")
    page.wait_for_selector("p.notice")
    assert "version 2" in page.inner_text("p.notice")
    after = _gap(page, server, "rl-pp-hq-staff")
    assert (before, after) == (160.0, 120.0)
    page.goto(server + "/")
    assert page.is_visible("[data-testid=top-gaps]")


def test_planner_runs_monte_carlo_with_progress_and_charts(server, page):
    sign_in(page, server, "planner")
    page.goto(server + "/scenarios/sc-peace-us-backstop")
    page.fill("#mc-worlds", "20000")
    page.click("#analysis button[type=submit]")
    page.wait_for_selector("#run progress, #run [data-testid=mission-mean]")
    page.wait_for_selector("[data-testid=mission-mean]", timeout=60_000)
    assert page.locator("#run .chart .main-svg").count() >= 3  # drawn by Plotly
    mean = float(page.inner_text("[data-testid=mission-mean]").rstrip(" %"))
    assert 0 < mean < 100


@pytest.mark.parametrize("width", [820, 1280])
def test_pages_fit_a_tablet_and_a_laptop(server, chromium, width):
    context = chromium.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    for path in ["/", "/nations/FRA", "/pledges/p-gbr-hq", "/requirements", "/scenarios"]:
        page.goto(server + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    page.screenshot(path=str(ARTIFACTS / f"scenarios-at-{width}px.png"))
    context.close()


def test_the_map_is_reachable_by_keyboard(server, page):
    page.goto(server + "/?as_of=2025-03-03")
    page.focus('svg.map-europe a.nation[data-iso3="GBR"]')
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label == "United Kingdom: Lead"
    page.keyboard.press("Enter")
    page.wait_for_url("**/nations/GBR")
