"""Chart trace names and hover texts in the reader's language: a phase with "pledged" or
"covered", a donor with a stage; hover boxes name the (translated) trace."""

from __future__ import annotations

import html
import json
import re
from datetime import date

from muster.app.trends import AidTrend, DonorSeries
from muster.web.templates import environment
from muster.web.viewmodels.charts import aid_trend_figure
from tests.web.pages.conftest import sign_in

FIGURE = re.compile(r'data-figure="([^"]*)"')


def _figures(text: str) -> list[dict]:
    return [json.loads(html.unescape(f)) for f in FIGURE.findall(text)]


def _traces(client, lang: str) -> list[dict]:
    r = client.get("/charts", headers={"accept": "text/html", "accept-language": lang})
    assert r.status_code == 200
    return [t for fig in _figures(r.text) for t in fig["data"]]


def test_phase_traces_say_pledged_and_covered_in_french(client) -> None:
    sign_in(client, "analyst")
    english = {t["name"] for t in _traces(client, "en")}
    french = _traces(client, "fr")
    names = {t["name"] for t in french}
    assert any(n.endswith(": pledged") for n in english)
    assert any(n.endswith(" : engagé") for n in names), names
    assert any(n.endswith(" : couvert") for n in names), names
    assert not any(n.endswith((": pledged", ": covered")) for n in names)
    hovers = {t.get("hovertemplate", "") for t in french}
    assert not [h for h in hovers if re.search(r"pledged|covered|draft|offered|Lead", h)]
    assert all("%{fullData.name}" in h for h in hovers if h and "%{text}" not in h)


def test_a_donor_stage_is_translated() -> None:
    trend = AidTrend(
        days=(date(2025, 3, 1),),
        donors=(
            DonorSeries(
                donor="DNK",
                name="Denmark",
                values={"committed": (5.0,), "allocated": (0.0,), "delivered": (2.0,)},
                unvalued=0,
            ),
        ),
    )
    figure = aid_trend_figure(trend)
    assert [t["name"] for t in figure["data"]] == ["Denmark: committed", "Denmark: delivered"]
    shown = json.loads(environment("fr").filters["figure_json"](figure))
    assert [t["name"] for t in shown["data"]] == ["Denmark : promise", "Denmark : livrée"]
