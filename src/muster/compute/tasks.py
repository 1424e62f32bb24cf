"""The background jobs' work, by name, so any process can run a job another one accepted.

Each task loads what the submitting user may read (`auth.filter_dataset`) when it starts, from
its JSON parameters alone: a delegate's figures never include another nation's national
pledges, whichever process runs them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from muster.auth import User, filter_dataset
from muster.compute.jobs import ProgressFn, Task
from muster.domain import Dataset, Scenario
from muster.errors import NotFound
from muster.store import load_dataset
from muster.store.db import transaction


def readable(engine: Engine, user: User) -> Dataset:
    """The stored dataset as `user` may read it."""
    with transaction(engine, write=False) as s:
        return filter_dataset(user, load_dataset(session=s))


def pick_scenario(dataset: Dataset, scenario_id: str | None) -> Scenario | None:
    """The scenario named `scenario_id` (None for none); NotFound if `dataset` has no such."""
    if scenario_id is None:
        return None
    found = dataset.index("scenarios").get(scenario_id)
    if found is None:
        raise NotFound(f"no scenario {scenario_id!r}")
    assert isinstance(found, Scenario)
    return found


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def simulation(
    engine: Engine, user: User, params: dict[str, Any], progress: ProgressFn
) -> dict[str, Any]:
    """Monte Carlo over the conditions (`POST /api/v1/simulations`)."""
    from muster.engine.montecarlo import prepare
    from muster.engine.results import simulate

    dataset = readable(engine, user)
    scenario = pick_scenario(dataset, params.get("scenario"))
    prepared = prepare(
        dataset, scenario, as_of=_day(params.get("as_of")), grace_days=params.get("grace_days", 0)
    )
    result = simulate(prepared, worlds=params["worlds"], seed=params["seed"], progress=progress)
    return result.to_dict()


def criticality(
    engine: Engine, user: User, params: dict[str, Any], progress: ProgressFn
) -> dict[str, Any]:
    """Each nation's Shapley value (`POST /api/v1/criticality`)."""
    from muster.engine.criticality import criticality as shapley

    progress(0, 1)
    dataset = readable(engine, user)
    found = shapley(
        dataset,
        pick_scenario(dataset, params.get("scenario")),
        seed=params["seed"],
        permutations=params["permutations"],
        worlds=params["worlds"],
        metric=params["metric"],
        phase=params.get("phase"),
        as_of=_day(params.get("as_of")),
        grace_days=params.get("grace_days", 0),
    )
    progress(1, 1)
    return found.to_dict()


def scenario_run(
    engine: Engine, user: User, params: dict[str, Any], progress: ProgressFn
) -> dict[str, Any]:
    """A scenario page's run: Monte Carlo, then criticality with the nations' names."""
    from muster.engine.criticality import criticality as shapley
    from muster.engine.montecarlo import prepare
    from muster.engine.results import simulate

    dataset = readable(engine, user)
    scenario = pick_scenario(dataset, params["scenario"])
    names = {x.iso3: x.name for x in dataset.nations}
    n, s = params["worlds"], params["seed"]
    result = simulate(prepare(dataset, scenario), worlds=n, seed=s, progress=progress).to_dict()
    found = shapley(dataset, scenario, seed=s).to_dict()
    for row in found["nations"]:
        row["name"] = names.get(row["nation"], row["nation"])
    return {**result, "criticality": found}


TASKS: dict[str, Task] = {
    "simulation": simulation,
    "criticality": criticality,
    "scenario-run": scenario_run,
}
