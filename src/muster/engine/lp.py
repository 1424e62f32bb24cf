"""The allocation as linear programs, solved by HiGHS: stage by stage, then fairly.

Variables: x[e] ≥ 0, units of a supply sent along edge e (supply s → line j, efficiency e);
per line, z0 ≤ its minimum when critical (the *minimum piece*) and z1 ≤ the rest. Rows: Σ x
over a supply's edges ≤ its active quantity; Σ efficiency·x into a line = z0 + z1.

`solve_stages` maximises, stage by stage (steps.py): stage 0 the minimum pieces, then the rest
of each priority's lines in turn, each by weighted coverage Σ value·z (value = weight /
required), fixing each optimum (less a 1e-9 relative tolerance) before the next. The optimum of
every stage, hence each phase's weighted coverage, is unique; the split it returns is whatever
vertex HiGHS finds. `solve_canonical` then makes the split the canonical one, stage by stage:
max-min fair shares of the pieces' capacities (progressive filling: raise a common share t of
the open pieces as far as it goes, close the pieces that cannot go above it, repeat). For a
flow component that is the closed form's answer (the lexicographically optimal base); for
components whose gains differ around a cycle it defines the answer. `attribute` says which
supply fills what: the least Σ x²/quantity that achieves given line totals (unique; quadprog).

Used for the components the closed forms do not cover, as the per-world yardstick of the
benchmark, and as the independent reference the property tests compare the engine with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
import quadprog

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
TOLERANCE = 1e-9
SHARE_SLACK = 1e-9  # a fixed share is kept to within this (relative): HiGHS's answers are ±1e-10
SNAP = 1e-7  # relative: what is this close to 0, a line's minimum or its quantity is that
INF = highspy.kHighsInf


@dataclass(frozen=True, slots=True)
class Allocation:
    """One optimal allocation: `filled[j]`, `flow[e]`, and the optimum of each stage (stage 0:
    the minimums of critical lines; p ≥ 1: priority p), in weighted coverage."""

    filled: F64
    flow: F64
    levels: dict[int, float]


class QuietHighs(highspy.Highs):
    """A HiGHS instance that never writes to standard output.

    HiGHS prints its banner ("Running HiGHS ...") from the first method called while
    `output_flag` is on, and highspy's constructor calls one (`enableCallbacks`) before a
    caller can set any option; so the option is set first, there.
    """

    def enableCallbacks(self) -> Any:
        self.setOptionValue("output_flag", False)
        return super().enableCallbacks()  # type: ignore[no-untyped-call]


def _highs(*, tight: bool = False) -> highspy.Highs:
    h = QuietHighs()  # type: ignore[no-untyped-call]
    h.setOptionValue("threads", 1)
    if tight:  # fair shares are fixed one after another: keep each within 1e-10 of the truth
        h.setOptionValue("primal_feasibility_tolerance", 1e-10)
        h.setOptionValue("dual_feasibility_tolerance", 1e-10)
    return h


class _Program:
    """The stage LP of one component, kept in one HiGHS model that later stages add rows to."""

    def __init__(
        self,
        capacity: F64,
        edge_supply: I64,
        edge_line: I64,
        edge_efficiency: F64,
        demand: F64,
        minimum: F64,
    ) -> None:
        n_edges = len(edge_supply)
        n_lines = len(demand)
        n_supplies = len(capacity)
        self.n_edges, self.n_lines = n_edges, n_lines
        # Columns: edges, then z0 per line, then z1 per line.
        n_cols = n_edges + 2 * n_lines
        starts = [0]
        index: list[int] = []
        value: list[float] = []
        for e in range(n_edges):
            index += [int(edge_supply[e]), n_supplies + int(edge_line[e])]
            value += [1.0, float(edge_efficiency[e])]
            starts.append(len(index))
        for piece in range(2):
            del piece
            for j in range(n_lines):
                index.append(n_supplies + j)
                value.append(-1.0)
                starts.append(len(index))
        lp = highspy.HighsLp()
        lp.num_col_ = n_cols
        lp.num_row_ = n_supplies + n_lines
        lp.col_cost_ = np.zeros(n_cols)
        lp.col_lower_ = np.zeros(n_cols)
        upper_rest = np.maximum(demand - minimum, 0.0)
        lp.col_upper_ = np.concatenate([np.full(n_edges, INF), minimum, upper_rest])
        lp.row_lower_ = np.concatenate([np.full(n_supplies, -INF), np.zeros(n_lines)])
        lp.row_upper_ = np.concatenate([capacity, np.zeros(n_lines)]).astype(np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value, dtype=np.float64)
        lp.sense_ = highspy.ObjSense.kMaximize
        self.h = _highs(tight=True)
        self.h.passModel(lp)
        self.n_cols = n_cols
        self.floors: list[tuple[int, float]] = []  # (row, optimum) of each stage fixed so far

    def column(self, piece: int, j: int) -> int:
        return self.n_edges + piece * self.n_lines + j

    def solve(self) -> None:
        slack = TOLERANCE
        while True:
            self.h.run()
            if self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                return
            # HiGHS's own tolerances can put an earlier optimum a hair above what is reachable;
            # loosen the fixed optima a little and solve again.
            slack *= 10
            if slack > 1e-4 or not self.floors:
                status = self.h.modelStatusToString(self.h.getModelStatus())
                raise RuntimeError(f"HiGHS: {status}")
            for row, best in self.floors:
                self.h.changeRowBounds(row, best - slack * max(1.0, abs(best)), INF)

    def maximise(self, cols: list[int], cost: list[float]) -> float:
        """Maximise Σ cost·x over `cols`, then keep that optimum as a floor."""
        all_cols = np.arange(self.n_cols, dtype=np.int32)
        full = np.zeros(self.n_cols)
        full[cols] = cost
        self.h.changeColsCost(self.n_cols, all_cols, full)
        self.solve()
        best = float(self.h.getInfo().objective_function_value)
        if cols:
            self.h.addRow(
                best - TOLERANCE * max(1.0, abs(best)),
                INF,
                len(cols),
                np.array(cols, dtype=np.int32),
                np.array(cost, dtype=np.float64),
            )
            self.floors.append((self.h.getNumRow() - 1, best))
        return best

    def values(self) -> F64:
        return np.asarray(self.h.getSolution().col_value, dtype=np.float64)


def _stages(minimum: F64, priority: I64) -> list[tuple[int, list[tuple[int, int]]]]:
    """(stage, [(piece, line)]) in order: the minimum pieces, then each priority's rest."""
    out: list[tuple[int, list[tuple[int, int]]]] = []
    mins = [(0, j) for j in range(len(minimum)) if minimum[j] > 0]
    if mins:
        out.append((0, mins))
    for p in np.unique(priority):
        out.append((int(p), [(1, int(j)) for j in np.flatnonzero(priority == p)]))
    return out


def _stage_program(
    capacity: F64,
    edge_supply: I64,
    edge_line: I64,
    edge_efficiency: F64,
    demand: F64,
    minimum: F64,
    priority: I64,
    value: F64,
) -> tuple[_Program, dict[int, float], list[tuple[int, list[tuple[int, int]]]]]:
    prog = _Program(capacity, edge_supply, edge_line, edge_efficiency, demand, minimum)
    levels: dict[int, float] = {}
    stages = _stages(minimum, priority)
    for stage, members in stages:
        cols = [prog.column(piece, j) for piece, j in members]
        levels[stage] = prog.maximise(cols, [float(value[j]) for _, j in members])
    return prog, levels, stages


def _result(
    prog: _Program,
    edge_line: I64,
    edge_efficiency: F64,
    demand: F64,
    minimum: F64,
    levels: dict[int, float],
) -> Allocation:
    x = prog.values()
    flow = np.maximum(x[: prog.n_edges], 0.0)
    filled: F64 = np.clip(
        np.bincount(edge_line, weights=flow * edge_efficiency, minlength=prog.n_lines),
        0.0,
        demand,
    ).astype(np.float64)
    # A solver's answer is exact to its tolerances: within 1e-7 of nothing, the minimum or the
    # whole line it is that (so a line at its minimum is never reported short of it).
    near = SNAP * np.maximum(1.0, demand)
    for mark in (np.zeros_like(demand), minimum, demand):
        filled = np.where(np.abs(filled - mark) <= near, mark, filled)
    return Allocation(filled, flow, levels)


def solve_stages(
    *,
    capacity: F64,
    edge_supply: I64,
    edge_line: I64,
    edge_efficiency: F64,
    demand: F64,
    minimum: F64,
    priority: I64,
    value: F64,
) -> Allocation:
    """The stage optima and one allocation achieving them (the vertex HiGHS returns).

    Shapes: capacity (supplies,), edge_* (edges,), demand, minimum (0 unless critical),
    priority and value (weight / required) per line. Raises RuntimeError if HiGHS fails (it
    cannot on these bounded, feasible LPs).
    """
    if len(edge_supply) == 0:
        levels = {s: 0.0 for s, _ in _stages(minimum, priority)}
        return Allocation(np.zeros(len(demand)), np.zeros(0), levels)
    prog, levels, _ = _stage_program(
        capacity, edge_supply, edge_line, edge_efficiency, demand, minimum, priority, value
    )
    return _result(prog, edge_line, edge_efficiency, demand, minimum, levels)


def solve_canonical(
    *,
    capacity: F64,
    edge_supply: I64,
    edge_line: I64,
    edge_efficiency: F64,
    demand: F64,
    minimum: F64,
    priority: I64,
    value: F64,
) -> Allocation:
    """The canonical allocation: the stage optima, then max-min fair shares stage by stage."""
    if len(edge_supply) == 0:
        levels = {s: 0.0 for s, _ in _stages(minimum, priority)}
        return Allocation(np.zeros(len(demand)), np.zeros(0), levels)
    prog, levels, stages = _stage_program(
        capacity, edge_supply, edge_line, edge_efficiency, demand, minimum, priority, value
    )
    upper = {0: minimum, 1: np.maximum(demand - minimum, 0.0)}
    for _, members in stages:
        open_ = [(piece, j) for piece, j in members if upper[piece][j] > 0]
        while open_:
            share, rows, t_col = _raise_share(prog, open_, upper)
            # Pieces that cannot go above the common share keep it; the others stay open.
            closed = [m for m in open_ if _cannot_exceed(prog, m, share, upper)]
            if not closed:  # numerically none: every open piece has reached its share
                closed = list(open_)
            # A closed piece keeps at least its share: it cannot get more while the others
            # keep theirs, and later rounds only raise what the others keep.
            for piece, j in closed:
                col = prog.column(piece, j)
                level = share * float(upper[piece][j])
                prog.h.changeColBounds(col, max(0.0, level - _slack(level)), INF)
            prog.h.deleteRows(len(rows), np.array(rows, dtype=np.int32))
            prog.h.deleteCols(1, np.array([t_col], dtype=np.int32))
            open_ = [m for m in open_ if m not in closed]
    prog.h.changeColsCost(
        prog.n_cols, np.arange(prog.n_cols, dtype=np.int32), np.zeros(prog.n_cols)
    )
    prog.solve()
    return _result(prog, edge_line, edge_efficiency, demand, minimum, levels)


def _slack(level: float) -> float:
    return SHARE_SLACK * max(1.0, abs(level))


def _raise_share(
    prog: _Program, open_: list[tuple[int, int]], upper: dict[int, F64]
) -> tuple[float, list[int], int]:
    """The largest t with every open piece at ≥ t of its capacity: (t, the rows and the
    column added, which the caller deletes once the pieces that stop at t are fixed)."""
    h = prog.h
    h.addCol(1.0, 0.0, 1.0, 0, np.zeros(0, dtype=np.int32), np.zeros(0))
    t_col = h.getNumCol() - 1
    rows: list[int] = []
    for piece, j in open_:
        col = prog.column(piece, j)
        h.addRow(
            0.0,
            INF,
            2,
            np.array([col, t_col], dtype=np.int32),
            np.array([1.0, -float(upper[piece][j])]),
        )
        rows.append(h.getNumRow() - 1)
    cost = np.zeros(t_col + 1)
    cost[t_col] = 1.0
    h.changeColsCost(t_col + 1, np.arange(t_col + 1, dtype=np.int32), cost)
    prog.solve()
    share = float(np.asarray(h.getSolution().col_value)[t_col])
    # Fix t just under its optimum: the saturation tests then keep every open piece at it.
    h.changeColBounds(t_col, max(0.0, share - _slack(share)), share)
    return share, rows, t_col


def _cannot_exceed(
    prog: _Program, member: tuple[int, int], share: float, upper: dict[int, F64]
) -> bool:
    piece, j = member
    col = prog.column(piece, j)
    h = prog.h
    n = h.getNumCol()
    cost = np.zeros(n)
    cost[col] = 1.0
    h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    prog.solve()
    most = float(np.asarray(h.getSolution().col_value)[col])
    level = share * float(upper[piece][j])
    return most <= level + 1e-7 * max(1.0, level)


def attribute(
    *,
    capacity: F64,
    edge_supply: I64,
    edge_line: I64,
    edge_efficiency: F64,
    filled: F64,
) -> F64:
    """Units of each supply sent along each edge to fill `filled` per line: the allocation with
    the least Σ x²/capacity (so interchangeable supplies share in proportion to their quantity).
    Unique, so who fills what does not depend on the order of pledges or lines.

    Solved exactly by quadprog's dual active-set method (HiGHS's QP solver stops with "solve
    error" on some of these degenerate problems). Line totals come from the engine, rounded to
    its plan's precision (float32: 6e-8 relative), so a supply may give a hair (1e-6) more
    than it has.
    """
    n_edges = len(edge_supply)
    if n_edges == 0:
        return np.zeros(0)
    n_lines = len(filled)
    n_supplies = len(capacity)
    q = np.maximum(capacity[edge_supply], 1e-12)
    # quadprog: min ½ xᵀGx − aᵀx subject to Cᵀx ≥ b, the first `meq` as equalities.
    g = np.diag(1.0 / q)
    fill = np.zeros((n_edges, n_lines))
    fill[np.arange(n_edges), edge_line] = edge_efficiency
    supply = np.zeros((n_edges, n_supplies))
    supply[np.arange(n_edges), edge_supply] = -1.0
    c = np.hstack([fill, supply, np.eye(n_edges)])
    b = np.concatenate([filled, -capacity * (1 + 1e-6), np.zeros(n_edges)])
    x = quadprog.solve_qp(g, np.zeros(n_edges), c, b, n_lines)[0]
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)
