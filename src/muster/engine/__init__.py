"""Coverage, Monte Carlo, sensitivity and criticality: pure numpy/scipy/HiGHS, no I/O.

Entry points (see docs/engine.md):

- `coverage(dataset, scenario)`: exact coverage of the scenario's world, line by line.
- `prepare(dataset, scenario)` then `simulate(prepared, worlds=, seed=)`: Monte Carlo.
- `criticality(dataset, scenario, seed=)`, `stance_effects(...)`: Shapley values, stances.
- `gap_matching(dataset, scenario)`: who could fill each gap, and how likely that is.
"""

from muster.engine.coverage import Coverage, coverage
from muster.engine.criticality import Criticality, StanceEffects, criticality, stance_effects
from muster.engine.gaps import GapReport, gap_matching
from muster.engine.model import Model, compile_model
from muster.engine.results import Simulation, simulate
from muster.engine.simulate import Prepared, prepare

__all__ = [
    "Coverage",
    "Criticality",
    "GapReport",
    "Model",
    "Prepared",
    "Simulation",
    "StanceEffects",
    "compile_model",
    "coverage",
    "criticality",
    "gap_matching",
    "prepare",
    "simulate",
    "stance_effects",
]
