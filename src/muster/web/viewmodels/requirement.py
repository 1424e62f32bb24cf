"""The requirements page: each phase's requirement lines, with coverage when it is computed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from muster.domain import CapabilityDomain, Dataset
from muster.web.viewmodels.coverage import CoverageView, LineCoverage


@dataclass(frozen=True, slots=True)
class RequirementRow:
    id: str
    version: int | None
    capability: str
    capability_name: str
    domain: CapabilityDomain
    unit: str
    quantity: float
    minimum: float
    priority: int
    required_tags: tuple[str, ...]
    excluded_tags: tuple[str, ...]
    illustrative: bool
    source: str | None
    coverage: LineCoverage | None


@dataclass(frozen=True, slots=True)
class PhaseBlock:
    id: str
    name: str
    mission: str
    seq: int
    illustrative: bool
    lines: tuple[RequirementRow, ...]


@dataclass(frozen=True, slots=True)
class RequirementsView:
    phases: tuple[PhaseBlock, ...]
    coverage_shown: bool
    illustrative: bool
    errors: dict[str, list[str]]
    notice: str | None = None


def requirements_view(
    ds: Dataset,
    *,
    versions: Mapping[str, int],
    coverage: CoverageView | None,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
) -> RequirementsView:
    """Requirement lines grouped by phase (in sequence), by priority then id."""
    caps = ds.index("capabilities")
    covered = {x.line: x for x in coverage.lines} if coverage else {}
    blocks = []
    for ph in sorted(ds.phases, key=lambda p: (p.seq, p.id)):
        rows = []
        for r in sorted(
            (r for r in ds.requirement_lines if r.phase == ph.id), key=lambda r: (r.priority, r.id)
        ):
            cap = caps.get(r.capability)
            rows.append(
                RequirementRow(
                    id=r.id,
                    version=versions.get(r.id),
                    capability=r.capability,
                    capability_name=cap.name if cap else r.capability,
                    domain=cap.domain if cap else CapabilityDomain.ENABLERS,
                    unit=cap.unit if cap else "",
                    quantity=r.quantity,
                    minimum=r.minimum,
                    priority=r.priority,
                    required_tags=r.required_tags,
                    excluded_tags=r.excluded_tags,
                    illustrative=r.illustrative,
                    source=r.source,
                    coverage=covered.get(r.id),
                )
            )
        blocks.append(PhaseBlock(ph.id, ph.name, ph.mission, ph.seq, ph.illustrative, tuple(rows)))
    return RequirementsView(
        phases=tuple(blocks),
        coverage_shown=coverage is not None,
        illustrative=any(r.illustrative for r in ds.requirement_lines),
        errors=errors or {},
        notice=notice,
    )
