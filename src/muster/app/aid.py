"""The coalition's aid to Ukraine: per donor, the value that reached each stage (committed,
allocated, delivered) by a day, its share of the donor's GDP, ranked; one function for the page
`/aid` and the API `/api/v1/aid`.

Stages are cumulative, as the Kiel Ukraine Support Tracker counts them: a record allocated (or
delivered) by the day counts as committed too, even when the tracker gave no commitment date.
Values are the records' `value_eur`: euros at current prices as each source reports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from muster.auth import User, filter_dataset
from muster.domain import Dataset

STAGES = ("committed", "allocated", "delivered")


@dataclass(frozen=True, slots=True)
class DonorAid:
    """One donor's aid by stage, in EUR; `share_of_gdp` in percent of its GDP (None without one).

    `records` counts the donor's records that reached a stage by the day; `unvalued` those of
    them without a value in euros; `illustrative` those marked as estimates."""

    rank: int
    iso3: str
    name: str
    committed_eur: float
    allocated_eur: float
    delivered_eur: float
    share_of_gdp: float | None
    gdp_eur_bn: float | None
    gdp_year: int | None
    records: int
    unvalued: int
    illustrative: int
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CoalitionAid:
    """Every donor's aid on `as_of`, ranked by value committed (ties by name), with totals."""

    as_of: date
    currency: str
    donors: tuple[DonorAid, ...]
    committed_eur: float
    allocated_eur: float
    delivered_eur: float
    records: int
    illustrative: bool


def _reached(stage_on: str | None, stage: str) -> bool:
    return stage_on is not None and STAGES.index(stage_on) >= STAGES.index(stage)


def coalition_aid(*, user: User, dataset: Dataset, as_of: date) -> CoalitionAid:
    """Aid per donor as `user` may read it, on `as_of` (stages reached by that day)."""
    ds = filter_dataset(user, dataset)
    nations = ds.index("nations")
    rows = []
    for donor in sorted({a.donor for a in ds.aid_records}):
        records = [(a, a.stage_on(as_of)) for a in ds.aid_records if a.donor == donor]
        reached = [(a, s) for a, s in records if s is not None]
        if not reached:
            continue
        value = {
            stage: sum(a.value_eur or 0.0 for a, s in reached if _reached(s, stage))
            for stage in STAGES
        }
        nation = nations.get(donor)
        gdp = nation.gdp_eur_bn if nation is not None else None
        rows.append(
            (
                donor,
                nation.name if nation is not None else donor,
                value,
                gdp,
                nation.gdp_year if nation is not None else None,
                len(reached),
                sum(1 for a, _ in reached if a.value_eur is None),
                sum(1 for a, _ in reached if a.illustrative),
                tuple(sorted({a.source for a, _ in reached if a.source})),
            )
        )
    rows.sort(key=lambda r: (-r[2]["committed"], r[1]))
    donors = tuple(
        DonorAid(
            rank=i,
            iso3=donor,
            name=name,
            committed_eur=value["committed"],
            allocated_eur=value["allocated"],
            delivered_eur=value["delivered"],
            share_of_gdp=100.0 * value["committed"] / (gdp * 1e9) if gdp else None,
            gdp_eur_bn=gdp,
            gdp_year=year,
            records=n,
            unvalued=unvalued,
            illustrative=illus,
            sources=sources,
        )
        for i, (donor, name, value, gdp, year, n, unvalued, illus, sources) in enumerate(rows, 1)
    )
    return CoalitionAid(
        as_of=as_of,
        currency="EUR, current prices as each source reports them",
        donors=donors,
        committed_eur=sum(d.committed_eur for d in donors),
        allocated_eur=sum(d.allocated_eur for d in donors),
        delivered_eur=sum(d.delivered_eur for d in donors),
        records=sum(d.records for d in donors),
        illustrative=any(d.illustrative for d in donors),
    )
