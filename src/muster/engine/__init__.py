"""Coverage, Monte Carlo, sensitivity and criticality: pure numpy/scipy/HiGHS, no I/O.

Entry points (see docs/engine.md); import them from their modules, whose names they share:

- `muster.engine.coverage.coverage(dataset, scenario)`: exact coverage of the scenario's world.
- `muster.engine.montecarlo.prepare(dataset, scenario)`, then
  `muster.engine.results.simulate(prepared, worlds=, seed=)`: Monte Carlo.
- `muster.engine.criticality.criticality(...)`, `.stance_effects(...)`: Shapley values, stances.
- `muster.engine.gaps.gap_matching(dataset, scenario)`: who could fill each gap, how likely.
"""
