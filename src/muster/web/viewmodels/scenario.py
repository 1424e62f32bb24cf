"""Scenarios: the list, the editor (conditions forced or left to chance, probabilities, nations in
or out) and the charts of a Monte Carlo run, read from the engine's JSON result form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from muster.domain import ConditionStatus, Dataset, Scenario
from muster.errors import InvalidInput, Problem
from muster.web.i18n import N_
from muster.web.viewmodels.coverage import CoverageView


@dataclass(frozen=True, slots=True)
class ScenarioRow:
    id: str
    name: str
    description: str | None
    forced: dict[str, bool]
    probabilities: dict[str, float]
    nations_in: tuple[str, ...]
    nations_out: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScenarioList:
    scenarios: tuple[ScenarioRow, ...]


@dataclass(frozen=True, slots=True)
class ConditionChoice:
    """One condition in the editor: the data's status and P(holds), and the scenario's choice."""

    id: str
    name: str
    status: ConditionStatus
    probability: float
    illustrative: bool
    forced: bool | None
    override: float | None
    pledges: int


@dataclass(frozen=True, slots=True)
class NationChoice:
    iso3: str
    name: str
    pledges: int
    choice: str  # "in" (only these when any is in), "out", or "" (as the data)


@dataclass(frozen=True, slots=True)
class ScenarioForm:
    id: str
    name: str
    description: str
    version: int | None
    conditions: tuple[ConditionChoice, ...]
    nations: tuple[NationChoice, ...]
    errors: dict[str, list[str]] = field(default_factory=dict)
    notice: str | None = None


def _row(s: Scenario) -> ScenarioRow:
    return ScenarioRow(
        s.id,
        s.name,
        s.description,
        dict(s.forced),
        dict(s.probabilities),
        s.nations_in,
        s.nations_out,
    )


def scenario_list(ds: Dataset) -> ScenarioList:
    return ScenarioList(tuple(_row(s) for s in sorted(ds.scenarios, key=lambda s: s.name)))


def scenario_form(
    ds: Dataset,
    scenario: Scenario,
    *,
    version: int | None,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
) -> ScenarioForm:
    """The editor for `scenario` over the conditions and nations of `ds`."""
    conditions = tuple(
        ConditionChoice(
            id=c.id,
            name=c.name,
            status=c.status,
            probability=c.probability,
            illustrative=c.illustrative,
            forced=scenario.forced.get(c.id),
            override=scenario.probabilities.get(c.id),
            pledges=sum(1 for p in ds.pledges if c.id in p.conditions),
        )
        for c in sorted(ds.conditions, key=lambda c: c.name)
    )
    pledging = {p.nation for p in ds.pledges}
    nations = tuple(
        NationChoice(
            iso3=n.iso3,
            name=n.name,
            pledges=sum(1 for p in ds.pledges if p.nation == n.iso3),
            choice="in"
            if n.iso3 in scenario.nations_in
            else ("out" if n.iso3 in scenario.nations_out else ""),
        )
        for n in sorted(ds.nations, key=lambda n: n.name)
        if n.iso3 in pledging or n.iso3 in scenario.nations_in or n.iso3 in scenario.nations_out
    )
    return ScenarioForm(
        id=scenario.id,
        name=scenario.name,
        description=scenario.description or "",
        version=version,
        conditions=conditions,
        nations=nations,
        errors=errors or {},
        notice=notice,
    )


def scenario_from_form(
    base: Scenario, *, name: str, description: str, form: Mapping[str, str]
) -> Scenario:
    """A scenario from the editor's fields: `cond:<id>` = holds|fails|'' and `p:<id>` = P(holds)
    ('' keeps the data's), `nation:<iso3>` = in|out|''. Raises InvalidInput naming each field."""
    problems: list[Problem] = []
    forced: dict[str, bool] = {}
    probabilities: dict[str, float] = {}
    nations_in: list[str] = []
    nations_out: list[str] = []
    for key, raw in form.items():
        value = raw.strip()
        kind, _, ident = key.partition(":")
        if not ident:
            continue
        if kind == "cond" and value:
            if value not in ("holds", "fails"):
                problems.append(Problem(f"expected holds or fails, got {value!r}", field=key))
            else:
                forced[ident] = value == "holds"
        elif kind == "p" and value:
            try:
                p = float(value)
            except ValueError:
                problems.append(
                    Problem(f"expected a probability between 0 and 1, got {value!r}", field=key)
                )
                continue
            if not 0 <= p <= 1:
                problems.append(
                    Problem(f"expected a probability between 0 and 1, got {value}", field=key)
                )
            else:
                probabilities[ident] = p
        elif kind == "nation" and value:
            if value == "in":
                nations_in.append(ident)
            elif value == "out":
                nations_out.append(ident)
            else:
                problems.append(Problem(f"expected in or out, got {value!r}", field=key))
    if not name.strip():
        problems.append(Problem("a scenario needs a name", field="name"))
    if problems:
        raise InvalidInput(problems)
    return Scenario(
        id=base.id,
        name=name.strip(),
        description=description.strip() or None,
        forced=forced,
        probabilities=probabilities,
        nations_in=tuple(sorted(nations_in)),
        nations_out=tuple(sorted(nations_out)),
        pledges_in=base.pledges_in,
        pledges_out=base.pledges_out,
        statuses=base.statuses,
    )


# ---- charts of a Monte Carlo result (the engine's `Simulation.to_dict()` form) ----

Figure = dict[str, Any]
_LAYOUT = {
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"},
    "margin": {"l": 20, "r": 30, "t": 40, "b": 40},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "#ffffff",
}


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout = {**_LAYOUT, "title": {"text": title, "font": {"size": 15}}, **extra}
    layout["yaxis"] = {"automargin": True, **layout.get("yaxis", {})}
    return layout


def phase_coverage_figure(result: Mapping[str, Any]) -> Figure:
    """Coverage distribution per phase: median with the 5–95 % range, and the mean."""
    phases = result.get("phases", [])
    names = [p["name"] for p in phases]
    q05 = [100 * p["coverage"]["q05"] for p in phases]
    q50 = [100 * p["coverage"]["q50"] for p in phases]
    q95 = [100 * p["coverage"]["q95"] for p in phases]
    mean = [100 * p["coverage"]["mean"] for p in phases]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "5–95 % of worlds",
                "y": names,
                "x": [b - a for a, b in zip(q05, q95, strict=True)],
                "base": q05,
                "marker": {"color": "#9ecae1"},
                "hovertemplate": "%{y}: 5 %% %{base:.0f} %% – 95 %% %{x:.0f} %%<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": "median",
                "y": names,
                "x": q50,
                "marker": {"color": "#08519c", "symbol": "line-ns-open", "size": 18},
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": "mean",
                "y": names,
                "x": mean,
                "marker": {"color": "#b30000", "size": 9},
            },
        ],
        "layout": _layout(
            N_("Coverage per phase over the sampled worlds"),
            xaxis={"title": {"text": N_("percent of requirement covered")}, "range": [0, 100]},
            yaxis={"autorange": "reversed"},
            legend={"orientation": "h", "y": -0.25},
        ),
    }


def viable_figure(result: Mapping[str, Any]) -> Figure:
    """P(minimum viable force) per phase."""
    phases = result.get("phases", [])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [p["name"] for p in phases],
                "x": [100 * p["p_viable"] for p in phases],
                "error_x": {
                    "type": "data",
                    "array": [100 * 1.96 * p["p_viable_se"] for p in phases],
                },
                "marker": {"color": "#3182bd"},
                "text": [f"{100 * p['p_viable']:.0f} %" for p in phases],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{y}: %{x:.1f} %%<extra></extra>",
            }
        ],
        "layout": _layout(
            N_("P(minimum viable force) per phase"),
            xaxis={"title": {"text": N_("percent of worlds")}, "range": [0, 100]},
            yaxis={"autorange": "reversed"},
        ),
    }


def tornado_figure(result: Mapping[str, Any], top: int = 10) -> Figure:
    """Sensitivity: mission coverage when each condition fails vs when it holds."""
    effects = list(result.get("sensitivity", []))[:top][::-1]
    names = [e["name"] for e in effects]
    mission = 100 * float(result.get("mission", {}).get("mean", 0.0))
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "if it fails",
                "y": names,
                "x": [100 * e["if_fails"] - mission for e in effects],
                "base": mission,
                "marker": {"color": "#fc8d59"},
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": "if it holds",
                "y": names,
                "x": [100 * e["if_holds"] - mission for e in effects],
                "base": mission,
                "marker": {"color": "#3182bd"},
            },
        ],
        "layout": _layout(
            N_("Conditions that matter most (expected mission coverage)"),
            barmode="overlay",
            xaxis={"title": {"text": N_("percent of the mission's requirement covered")}},
            legend={"orientation": "h", "y": -0.25},
        ),
    }


def shapley_figure(criticality: Mapping[str, Any]) -> Figure:
    """Each nation's contribution to expected coverage (Shapley value ± 1.96 SE)."""
    rows = sorted(criticality.get("nations", []), key=lambda r: r["shapley"])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [r.get("name", r["nation"]) for r in rows],
                "x": [100 * r["shapley"] for r in rows],
                "error_x": {"type": "data", "array": [100 * 1.96 * r.get("se", 0) for r in rows]},
                "marker": {"color": "#08519c"},
            }
        ],
        "layout": _layout(
            N_("Nation criticality (Shapley value)"),
            xaxis={"title": {"text": N_("percentage points of expected coverage")}},
        ),
    }


@dataclass(frozen=True, slots=True)
class RunView:
    """A Monte Carlo run of a scenario: its progress, then its result (the engine's JSON form)."""

    scenario: str
    scenario_name: str
    job: str
    status: str
    done: int
    total: int
    percent: float
    worlds: int
    seed: int
    result: dict[str, Any] | None
    error: dict[str, Any] | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


def run_view(scenario: Scenario, snapshot: Mapping[str, Any]) -> RunView:
    """The view of a job snapshot (`muster.web.api.jobs.Job.snapshot()`)."""
    params = snapshot.get("params", {})
    return RunView(
        scenario=scenario.id,
        scenario_name=scenario.name,
        job=str(snapshot["id"]),
        status=str(snapshot["status"]),
        done=int(snapshot.get("done", 0)),
        total=int(snapshot.get("total", 0)),
        percent=100.0 * float(snapshot.get("progress", 0.0)),
        worlds=int(params.get("worlds", 0)),
        seed=int(params.get("seed", 0)),
        result=snapshot.get("result"),
        error=snapshot.get("error"),
    )


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One requirement line's gap under two scenarios (b − a: negative is a smaller gap)."""

    line: str
    capability: str
    phase: str
    unit: str
    required: float
    gap_a: float
    gap_b: float
    difference: float
    illustrative: bool


@dataclass(frozen=True, slots=True)
class CompareView:
    a: str
    a_name: str
    b: str
    b_name: str
    mission_a: float | None
    mission_b: float | None
    cells: tuple[tuple[str, str, float | None, float | None], ...]  # phase, domain, a %, b %
    rows: tuple[CompareRow, ...]
    scenarios: tuple[tuple[str, str], ...]


def compare_view(
    ds: Dataset, a: Scenario, b: Scenario, cov_a: CoverageView, cov_b: CoverageView
) -> CompareView:
    """Exact coverage of two scenarios side by side, lines ordered by how much they differ."""
    lines_b = {x.line: x for x in cov_b.lines}
    rows = [
        CompareRow(
            line=x.line,
            capability=x.capability_name,
            phase=x.phase_name,
            unit=x.unit,
            required=x.required,
            gap_a=x.gap,
            gap_b=lines_b[x.line].gap,
            difference=lines_b[x.line].gap - x.gap,
            illustrative=x.illustrative,
        )
        for x in cov_a.lines
        if x.line in lines_b
    ]
    rows.sort(key=lambda r: (-abs(r.difference) / r.required if r.required else 0, r.line))
    cells_b = {(c.phase, c.domain): c.percent for c in cov_b.cells}
    cells = tuple(
        (c.phase_name, c.domain.value, c.percent, cells_b.get((c.phase, c.domain)))
        for c in cov_a.cells
    )
    return CompareView(
        a=a.id,
        a_name=a.name,
        b=b.id,
        b_name=b.name,
        mission_a=cov_a.mission,
        mission_b=cov_b.mission,
        cells=cells,
        rows=tuple(rows),
        scenarios=tuple((s.id, s.name) for s in sorted(ds.scenarios, key=lambda s: s.name)),
    )
