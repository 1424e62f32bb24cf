"""The demo's force-sourcing conference: a call against the post-peace lines and a few offers.

No source reports a force-sourcing conference of the coalition (its force generation is not
public), so the call, every offer and the pledge the accepted offer became are illustrative,
entered by the demo's planner; the offering nations are ones with a recorded stance that is not
opposed. One offer is accepted (and is a confirmed pledge), one held, one declined, one pending,
so every state shows. Shown as illustrative on every screen that lists them
(docs/demo-data.md).
"""

from __future__ import annotations

from datetime import date

from muster.domain import Call, Classification, Decision, Offer, Pledge, PledgeStatus

CALL = "fsc-post-peace-2026"
PLANNER = "demo-planner"


def calls() -> tuple[Call, ...]:
    return (
        Call(
            id=CALL,
            name="Force sourcing conference: post-peace deployment (illustrative)",
            lines=("rl-pp-inf-bn", "rl-pp-mech-bn", "rl-pp-isr", "rl-pp-air-defence"),
            opened=date(2026, 1, 12),
            deadline=date(2026, 2, 27),
            entered_by=PLANNER,
            illustrative=True,
            note="An illustrative call after the Paris summit of 6 January 2026.",
        ),
    )


ACCEPTED = f"{CALL}-nor-rl-pp-isr"
COA, NAT = Classification.COALITION, Classification.NATIONAL
# (nation, line, quantity, readiness days, classification, decision, reason)
ROWS = [
    ("NLD", "rl-pp-inf-bn", 1, 60, COA, Decision.PENDING, None),
    ("BEL", "rl-pp-inf-bn", 1, 90, COA, Decision.HOLD, "awaiting the Belgian cabinet's mandate"),
    ("NOR", "rl-pp-isr", 1, 30, COA, Decision.ACCEPT, "meets the ISR line's readiness"),
    ("SWE", "rl-pp-air-defence", 1, 45, NAT, Decision.DECLINE, "caveat excludes the east"),
]


def offers() -> tuple[Offer, ...]:
    return tuple(
        Offer(
            id=f"{CALL}-{nation.lower()}-{line}",
            call=CALL,
            line=line,
            nation=nation,
            quantity=quantity,
            readiness_days=readiness,
            classification=level,
            offered=date(2026, 2, 2),
            decision=decision,
            reason=reason,
            pledge=f"p-{ACCEPTED}" if decision is Decision.ACCEPT else None,
            entered_by=PLANNER,
            illustrative=True,
        )
        for nation, line, quantity, readiness, level, decision, reason in ROWS
    )


def pledges() -> tuple[Pledge, ...]:
    """The pledge the accepted offer became (as `muster conference allocate` makes it)."""
    return (
        Pledge(
            id=f"p-{ACCEPTED}",
            nation="NOR",
            capability="isr",
            quantity=1,
            phases=("ph-post-peace",),
            status=PledgeStatus.CONFIRMED,
            readiness_days=30,
            valid_from=date(2026, 2, 27),  # accepted when the call closed
            classification=COA,
            entered_by=PLANNER,
            illustrative=True,
            note=f"accepted from offer {ACCEPTED} (call {CALL})",
        ),
    )
