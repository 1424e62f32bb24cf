"""The allocation as a linear program, solved exactly by HiGHS, lexicographically by priority.

Variables x[e] ≥ 0: units of a supply sent along edge e (supply s → line j, efficiency e).
Rows: Σ x over a supply's edges ≤ its active quantity; Σ efficiency·x into a line ≤ its required
quantity. Stage p (priorities ascending) maximises the filled quantity of the priority-p lines
and then fixes that optimum (less a 1e-9 relative tolerance) as a constraint for later stages.
The per-line split is the optimal vertex HiGHS returns (deterministic for the same input).
Used for components whose substitution gains rule out the closed form, and as the
per-world yardstick the benchmark and the property tests compare the engine with.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Allocation:
    """One optimal allocation: `filled[j]`, `flow[e]`, and the optimum of each priority level."""

    filled: F64
    flow: F64
    levels: dict[int, float]


def _highs() -> highspy.Highs:
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


def solve_lex(
    *,
    capacity: F64,
    edge_supply: I64,
    edge_line: I64,
    edge_efficiency: F64,
    demand: F64,
    priority: I64,
) -> Allocation:
    """Solve the allocation exactly (one optimal allocation: the vertex HiGHS returns).

    Shapes: capacity (supplies,), edge_* (edges,), demand and priority (lines,).
    Raises RuntimeError if HiGHS fails (it cannot on these bounded, feasible LPs).
    """
    n_lines = len(demand)
    n_edges = len(edge_supply)
    levels: dict[int, float] = {}
    if n_edges == 0:
        for p in np.unique(priority):
            levels[int(p)] = 0.0
        return Allocation(np.zeros(n_lines), np.zeros(0), levels)
    n_supplies = len(capacity)
    # Column-wise matrix: edge e has a 1 in its supply row and its efficiency in its line row.
    starts = np.arange(0, 2 * n_edges + 1, 2, dtype=np.int32)
    index = np.empty(2 * n_edges, dtype=np.int32)
    index[0::2] = edge_supply
    index[1::2] = n_supplies + edge_line
    value = np.empty(2 * n_edges)
    value[0::2] = 1.0
    value[1::2] = edge_efficiency
    lp = highspy.HighsLp()
    lp.num_col_ = n_edges
    lp.num_row_ = n_supplies + n_lines
    lp.col_cost_ = np.zeros(n_edges)
    lp.col_lower_ = np.zeros(n_edges)
    lp.col_upper_ = np.full(n_edges, highspy.kHighsInf)
    lp.row_lower_ = np.full(n_supplies + n_lines, -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate([capacity, demand]).astype(np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    lp.sense_ = highspy.ObjSense.kMaximize
    h = _highs()
    h.passModel(lp)
    all_cols = np.arange(n_edges, dtype=np.int32)
    edge_priority = priority[edge_line]
    floors: list[tuple[int, float]] = []  # (row, optimum) of each stage fixed so far

    def maximise(mask: npt.NDArray[np.bool_]) -> float:
        cost = np.where(mask, edge_efficiency, 0.0)
        h.changeColsCost(n_edges, all_cols, cost)
        slack = TOLERANCE
        while True:
            h.run()
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                break
            # HiGHS's own tolerances can put an earlier optimum a hair above what is reachable;
            # loosen the fixed optima a little and solve again.
            slack *= 10
            if slack > 1e-4 or not floors:
                raise RuntimeError(f"HiGHS: {h.modelStatusToString(h.getModelStatus())}")
            for row, best in floors:
                h.changeRowBounds(row, best - slack * max(1.0, abs(best)), highspy.kHighsInf)
        best = float(h.getInfo().objective_function_value)
        cols = np.flatnonzero(mask).astype(np.int32)
        if len(cols):
            h.addRow(
                best - TOLERANCE * max(1.0, abs(best)),
                highspy.kHighsInf,
                len(cols),
                cols,
                cost[cols],
            )
            floors.append((n_supplies + n_lines + len(floors), best))
        return best

    for p in np.unique(priority):
        levels[int(p)] = maximise(edge_priority == p)
    flow = np.maximum(np.asarray(h.getSolution().col_value, dtype=np.float64), 0.0)
    filled = np.bincount(edge_line, weights=flow * edge_efficiency, minlength=n_lines)
    return Allocation(np.minimum(filled, demand), flow, levels)
