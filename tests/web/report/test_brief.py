"""`muster report`: the conference brief as HTML and PDF, for an audience, on a date."""

import re
from datetime import date

import pytest
from typer.testing import CliRunner

from muster.cli import app
from tests.web.pages.conftest import build_app, seed_dataset

runner = CliRunner()


@pytest.fixture
def db_env(tmp_path, monkeypatch):
    db = tmp_path / "brief.db"
    build_app(db, seed_dataset())
    monkeypatch.setenv("MUSTER_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("MUSTER_ENV", "test")
    return db


def _fills(html: str) -> dict[str, str]:
    """Nation name → fill colour of its shape on the brief's map."""
    found = re.findall(r'fill="(#[0-9a-f]{6})"[^>]*><title>([^:<]+):', html)
    return {name: colour for colour, name in found}


def test_html_brief_is_self_contained_and_dated(db_env, tmp_path):
    out = tmp_path / "brief.html"
    r = runner.invoke(app, ["report", "--as-of", "2025-03-03", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text()
    assert "3 March 2025" in html
    assert "<script" not in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    fills = _fills(html)
    assert fills["United Kingdom"] == "#08519c"  # lead
    assert fills["Denmark"] == "#fdd49e"  # undecided
    assert "Illustrative" in html
    assert "How many countries will step up?" in html  # the seed article is cited


def test_french_brief(db_env, tmp_path):
    out = tmp_path / "brief.html"
    r = runner.invoke(app, ["report", "--as-of", "2025-03-03", "--lang", "fr", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text()
    assert '<html lang="fr">' in html
    assert "3 mars 2025" in html
    assert "Coalition des volontaires : dossier de conférence" in html
    assert "Conditions that matter" not in html
    assert "How many countries will step up?" in html  # data stay as they are
    bad = runner.invoke(app, ["report", "--lang", "xx", str(tmp_path / "b.html")])
    assert bad.exit_code == 1
    assert "--lang" in bad.stderr


def test_coalition_brief_leaves_out_national_pledges(db_env, tmp_path):
    out = tmp_path / "brief.html"
    assert runner.invoke(app, ["report", str(out)]).exit_code == 0
    html = out.read_text()
    france = re.search(r"<th scope=\"row\">France</th><td>[^<]*</td><td class=\"num\">(\d+)", html)
    assert france is None  # no stance and no readable pledge: not listed
    out2 = tmp_path / "planners.html"
    assert runner.invoke(app, ["report", "--audience", "planners", str(out2)]).exit_code == 0
    france = re.search(
        r"<th scope=\"row\">France</th><td>[^<]*</td><td class=\"num\">(\d+)", out2.read_text()
    )
    assert france is not None
    assert france.group(1) == "1"


def test_unknown_scenario_is_a_clear_error(db_env, tmp_path):
    r = runner.invoke(app, ["report", "--scenario", "nope", str(tmp_path / "b.html")])
    assert r.exit_code == 1
    assert "no scenario 'nope'" in r.stderr
    assert not (tmp_path / "b.html").exists()


def test_bad_date_names_the_option(db_env, tmp_path):
    r = runner.invoke(app, ["report", "--as-of", "March", str(tmp_path / "b.html")])
    assert r.exit_code == 1
    assert "--as-of" in r.stderr


@pytest.mark.browser
def test_pdf_brief_printed_by_chromium(db_env, tmp_path):
    out = tmp_path / "brief.pdf"
    r = runner.invoke(app, ["report", "--as-of", date(2025, 3, 3).isoformat(), str(out)])
    assert r.exit_code == 0, r.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 20_000


def test_conditions_that_matter_are_ranked_by_their_exact_effect():
    from datetime import UTC, datetime

    from muster.web.report import brief_view
    from tests.web.pages.conftest import seed_dataset

    view = brief_view(
        seed_dataset(),
        as_of=date(2025, 3, 3),
        today=date(2025, 3, 3),
        generated_at=datetime.now(UTC),
        audience="planners",
    )
    [truce] = view.conditions
    # France's 2 national battalions need a truce: 10 required, 3 filled without, 5 with;
    # the fighter line stays empty, so the mission (mean of two lines) moves by 2/10 / 2.
    assert (truce.if_holds, truce.if_fails) == pytest.approx((25.0, 15.0))
    assert truce.pledges == 1


def test_missing_chromium_is_a_clear_error(db_env, tmp_path, monkeypatch):
    monkeypatch.setenv("MUSTER_CHROMIUM", str(tmp_path / "no-chromium"))
    r = runner.invoke(app, ["report", str(tmp_path / "b.pdf")])
    assert r.exit_code == 1
    assert "cannot print a PDF: no Chromium at" in r.stderr
    assert not (tmp_path / "b.pdf").exists()
