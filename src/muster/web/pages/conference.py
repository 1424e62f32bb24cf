"""`/conference`: force generation on the web. The calls for contributions; for one call, per
line what it needs, what pledges fill, the offers with their decisions and the suggested
contributors; planners accept, decline or hold offers here and delegates make offers. Every
action goes through `muster.app.conference` (the same use cases as the CLI and the API); the
page's JSON twin is the API's sourcing.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from muster.app import conference
from muster.auth.policy import has
from muster.auth.roles import Capability
from muster.domain import Classification, Decision, Offer
from muster.errors import InvalidInput, Problem
from muster.web import notices
from muster.web.deps import DbSession, Delegate, Planner, Reader
from muster.web.i18n import N_
from muster.web.pages.clock import today
from muster.web.pages.render import page
from muster.web.viewmodels.pledge import field_errors

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=2000)]


@router.get("/conference", response_class=HTMLResponse)
def calls_page(request: Request, user: Reader, db: DbSession) -> Response:
    """Every call for contributions, newest deadline first."""
    found = sorted(
        conference.calls(session=db, user=user),
        key=lambda c: (c.deadline is None, c.deadline or today(), c.id),
    )
    view = {
        "calls": [
            {
                "id": c.id,
                "name": c.name,
                "lines": len(c.lines),
                "deadline": c.deadline.isoformat() if c.deadline else None,
                "illustrative": c.illustrative,
            }
            for c in found
        ]
    }
    return page(
        request, "conference_calls.html", view, title=N_("Conference"), section="conference"
    )


def _render(
    request: Request,
    user: Reader,
    db: DbSession,
    call_id: str,
    *,
    notice: str | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Response:
    view = conference.view(session=db, user=user, call_id=call_id, on=today())
    data = conference.as_json(view)
    return page(
        request,
        "conference.html",
        data,
        title=N_("Conference: %(name)s"),
        title_args={"name": view.call.name},
        section="conference",
        status=status,
        notice=notice,
        errors=errors or {},
        may_decide=has(user, Capability.REQUIREMENT_EDIT),
        may_offer=has(user, Capability.PLEDGE_EDIT),
        own_nation=user.nation,
        illustrative=view.call.illustrative or any(o.illustrative for o in view.offers),
        classifications=[c.value for c in Classification],
    )


@router.get("/conference/{call_id}", response_class=HTMLResponse)
def call_page(request: Request, call_id: str, user: Reader, db: DbSession) -> Response:
    """One call: need vs pledges vs offers per line, decisions, suggestions, the XLSX."""
    return _render(request, user, db, call_id, notice=notices.received(request))


def _number(text: str, field: str, *, whole: bool = False) -> float | int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise InvalidInput(Problem(f"expected {kind}, got {text!r}", field=field)) from None


@router.post("/conference/{call_id}/offers", response_class=HTMLResponse)
def make_offer(
    request: Request,
    call_id: str,
    user: Delegate,
    db: DbSession,
    line: FormText,
    quantity: FormText,
    nation: FormText = "",
    readiness_days: FormText = "",
    classification: FormText = "coalition",
    reason: FormText = "",
) -> Response:
    """A delegate's offer for its nation against one line of the call."""
    iso3 = (nation.strip() or user.nation or "").upper()
    try:
        qty = _number(quantity, "quantity")
        if qty is None:
            raise InvalidInput(Problem("how many units do you offer?", field="quantity"))
        try:
            level = Classification(classification.strip() or "coalition")
        except ValueError:
            raise InvalidInput(
                Problem(f"unknown classification {classification!r}", field="classification")
            ) from None
        made = Offer(
            id=f"{call_id}-{iso3.lower()}-{line.strip()}",
            call=call_id,
            line=line.strip(),
            nation=iso3,
            quantity=qty,
            readiness_days=_number(readiness_days, "readiness_days", whole=True),  # type: ignore[arg-type]
            classification=level,
            entered_by=user.name,
        )
        conference.submit_offer(
            session=db,
            user=user,
            offer=made,
            reason=reason.strip() or "offered on the conference page",
            today=today(),
        )
    except InvalidInput as e:
        db.rollback()
        by_field, general = field_errors(e.problems)
        errors = {**by_field, **({"": list(general)} if general else {})}
        return _render(request, user, db, call_id, errors=errors, status=422)
    return notices.redirect(
        request, f"/conference/{quote(call_id)}", "offer-recorded",
        nation=iso3, quantity=f"{qty:g}", line=line.strip(),
    )  # fmt: skip


@router.post("/conference/{call_id}/offers/{offer_id}/decision", response_class=HTMLResponse)
def decide_offer(
    request: Request,
    call_id: str,
    offer_id: str,
    user: Planner,
    db: DbSession,
    decision: FormText,
    version: Annotated[int | None, Form()] = None,
    reason: FormText = "",
) -> Response:
    """Accept (the offer becomes a confirmed pledge), decline or hold, with a reason."""
    try:
        try:
            chosen = Decision(decision.strip().lower())
        except ValueError:
            raise InvalidInput(
                Problem(f"expected accept, decline or hold, got {decision!r}", field="decision")
            ) from None
        if not reason.strip():
            raise InvalidInput(Problem("say why (kept in the history)", field="reason"))
        done = conference.decide(
            session=db,
            user=user,
            offer_id=offer_id,
            decision=chosen,
            reason=reason.strip(),
            expected_version=version,
        )
    except InvalidInput as e:
        db.rollback()
        by_field, general = field_errors(e.problems)
        errors = {f"{offer_id}.{k}": v for k, v in by_field.items()}
        if general:
            errors[f"{offer_id}."] = list(general)
        return _render(request, user, db, call_id, errors=errors, status=422)
    target, decided = f"/conference/{quote(call_id)}", f"offer-{done.obj.decision.value}"
    if done.obj.pledge and done.obj.decision is Decision.ACCEPT:
        return notices.redirect(
            request, target, "offer-accept-pledged", offer=offer_id, pledge=done.obj.pledge
        )
    return notices.redirect(request, target, decided, offer=offer_id)
