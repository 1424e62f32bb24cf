"""Hypothesis strategies for whole, consistent Datasets (every reference resolves)."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from muster.domain import (
    Actor,
    AidRecord,
    AidType,
    Capability,
    CapabilityDomain,
    Classification,
    Condition,
    ConditionStatus,
    Dataset,
    Mission,
    Nation,
    Office,
    Phase,
    Pledge,
    PledgeStatus,
    RequirementLine,
    Scenario,
    Source,
    Stance,
    Statement,
    StatementStatus,
    StatusChange,
    Substitution,
)

# Tabular formats cannot tell '' from a missing value, nor keep spaces around list items: the
# documented exceptions to their round trip. Text elsewhere is anything but NUL and surrogates.
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
TEXT = st.text(CHARS, min_size=1, max_size=12).filter(lambda s: s.strip() != "")
ITEM = st.text(CHARS, min_size=1, max_size=8).filter(lambda s: s == s.strip() and s != "")
IDENT = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,8}", fullmatch=True)
ISO3 = st.from_regex(r"[A-Z]{3}", fullmatch=True)
# a source's url must be an http(s) address; the path part carries arbitrary (spicy) text
WEB = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https", "HTTPS"]),
    st.from_regex(r"[a-z0-9]{1,8}(\.[a-z]{2,3})?", fullmatch=True),
    st.text(
        st.characters(
            min_codepoint=33,
            max_codepoint=0x2FFF,
            exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
        ),
        max_size=10,
    ),
)
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
SPICY = st.sampled_from(["=1+1", "+cmd", "-2", "@SUM(A1)", "'=x", "a;b", "back\\slash", "\tx"])


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


def text_or_spicy() -> st.SearchStrategy[str]:
    return st.one_of(TEXT, SPICY)


def items(strategy: st.SearchStrategy[str], pool: list[str] | None = None) -> st.SearchStrategy:
    if pool is not None:
        return (
            st.lists(st.sampled_from(pool), unique=True, max_size=3).map(tuple)
            if pool
            else st.just(())
        )
    return st.lists(strategy, unique=True, max_size=3).map(tuple)


def numbers(lo: float = 0, hi: float = 1e9) -> st.SearchStrategy[float]:
    return st.one_of(
        st.integers(int(lo), int(min(hi, 10**6))).map(float),
        st.floats(lo, hi, allow_nan=False, allow_infinity=False),
    )


def unique_by_key(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size, unique_by=lambda o: o.key).map(tuple)


def status_histories(
    sources: st.SearchStrategy[str | None],
) -> st.SearchStrategy[tuple[StatusChange, ...]]:
    """Up to three status changes in date order; only the first may be undated."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[StatusChange, ...]:
        days = sorted(set(draw(st.lists(DATES, max_size=3))))
        undated = draw(st.booleans())
        starts: list[date | None] = [None, *days] if undated else list(days)
        return tuple(
            StatusChange(
                status=draw(st.sampled_from(ConditionStatus)), start=d, source=draw(sources)
            )
            for d in starts[:3]
        )

    return build()


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    sources = draw(
        unique_by_key(
            st.builds(
                Source,
                id=IDENT,
                title=text_or_spicy(),
                outlet=maybe(TEXT),
                published=maybe(DATES),
                url=maybe(WEB),
                text=maybe(text_or_spicy()),
            )
        )
    )
    src = [s.id for s in sources]
    src_or_none = maybe(st.sampled_from(src)) if src else st.none()
    nations = draw(
        unique_by_key(
            st.builds(
                Nation,
                iso3=ISO3,
                name=TEXT,
                eu=st.booleans(),
                nato=st.booleans(),
                gdp_eur_bn=maybe(numbers()),
                gdp_year=maybe(st.integers(1900, 2100)),
                aliases=items(ITEM),
                demonyms=items(ITEM | SPICY.filter(lambda s: s == s.strip())),
                metonyms=items(ITEM),
                source=src_or_none,
            ),
            max_size=4,
        )
    )
    iso = [n.iso3 for n in nations]
    actors: tuple[Actor, ...] = ()
    if iso:
        office = st.builds(
            Office,
            title=TEXT,
            nation=st.sampled_from(iso),
            start=st.dates(max_value=date(2100, 1, 1)),
            end=st.none(),
            source=src_or_none,
        )
        actors = draw(
            unique_by_key(
                st.builds(
                    Actor,
                    name=text_or_spicy(),
                    aliases=items(ITEM),
                    gender=maybe(st.sampled_from(["f", "m", "x"])),
                    offices=st.lists(office, max_size=2).map(tuple),
                )
            )
        )
    conditions = draw(
        unique_by_key(
            st.builds(
                Condition,
                id=IDENT,
                name=TEXT,
                status_history=status_histories(src_or_none),
                probability=st.floats(0, 1),
                group=st.none(),
                loading=st.just(0.0),
                description=maybe(text_or_spicy()),
                illustrative=st.booleans(),
                source=src_or_none,
            )
        )
    )
    cond = [c.id for c in conditions]
    missions = draw(unique_by_key(st.builds(Mission, id=IDENT, name=TEXT, source=src_or_none)))
    phases: tuple[Phase, ...] = ()
    if missions:
        phases = draw(
            unique_by_key(
                st.builds(
                    Phase,
                    id=IDENT,
                    mission=st.sampled_from([m.id for m in missions]),
                    name=TEXT,
                    seq=st.integers(0, 20),
                    start=st.none(),
                    end=st.none(),
                    description=maybe(TEXT),
                    illustrative=st.booleans(),
                )
            )
        )
    pha = [p.id for p in phases]
    cap_ids = draw(st.lists(IDENT, unique=True, max_size=3))
    capabilities = []
    for cid in cap_ids:
        others = [c for c in cap_ids if c != cid]
        subs = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
        capabilities.append(
            Capability(
                id=cid,
                name=draw(TEXT),
                unit=draw(TEXT),
                domain=draw(st.sampled_from(CapabilityDomain)),
                substitutes=tuple(
                    Substitution(capability=s, efficiency=draw(st.floats(0.01, 1))) for s in subs
                ),
                description=draw(maybe(TEXT)),
            )
        )
    lines: tuple[RequirementLine, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    if pha and cap_ids:
        lines = draw(
            unique_by_key(
                st.builds(
                    RequirementLine,
                    id=IDENT,
                    phase=st.sampled_from(pha),
                    capability=st.sampled_from(cap_ids),
                    quantity=numbers(1, 1e6),
                    minimum=st.just(0.0) | st.just(1.0),
                    priority=st.integers(1, 100),
                    weight=numbers(0.001, 1000).filter(lambda w: w > 0),
                    critical=st.booleans(),
                    rotation=st.sampled_from([1.0, 2.0, 3.0, 2.5]),
                    required_tags=items(IDENT),
                    excluded_tags=st.just(()),
                    illustrative=st.booleans(),
                    source=src_or_none,
                    note=maybe(text_or_spicy()),
                )
            )
        )
    if pha and cap_ids and iso:
        pledges = draw(
            unique_by_key(
                st.builds(
                    Pledge,
                    id=IDENT,
                    nation=st.sampled_from(iso),
                    capability=st.sampled_from(cap_ids),
                    quantity=numbers(),
                    phases=st.lists(st.sampled_from(pha), min_size=1, max_size=2, unique=True).map(
                        tuple
                    ),
                    conditions=items(IDENT, cond),
                    caveats=items(IDENT),
                    status=st.sampled_from(PledgeStatus),
                    readiness_days=maybe(st.integers(0, 10**6)),
                    sustained=st.booleans(),
                    valid_from=maybe(DATES),
                    valid_to=st.none(),
                    classification=st.sampled_from(Classification),
                    sources=items(IDENT, src),
                    entered_by=st.just("analyst"),
                    illustrative=st.booleans(),
                    note=maybe(text_or_spicy()),
                ),
                max_size=4,
            )
        )
    statements: tuple[Statement, ...] = ()
    if iso:
        statements = draw(
            unique_by_key(
                st.builds(
                    Statement,
                    id=IDENT,
                    nation=st.sampled_from(iso),
                    date=DATES,
                    stance=st.sampled_from(Stance),
                    quote=text_or_spicy(),
                    actor=maybe(st.sampled_from([a.name for a in actors])) if actors else st.none(),
                    office=maybe(TEXT),
                    source=src_or_none,
                    entered_by=st.just("analyst"),
                    conditions=items(IDENT, cond),
                    status=st.sampled_from(StatementStatus),
                    evidence=maybe(TEXT),
                    confidence=maybe(st.floats(0, 1)),
                    contributions=items(ITEM),
                    note=maybe(text_or_spicy()),
                )
            )
        )
    aid: tuple[AidRecord, ...] = ()
    if iso:
        aid = draw(
            unique_by_key(
                st.builds(
                    AidRecord,
                    id=IDENT,
                    donor=st.sampled_from(iso),
                    type=st.sampled_from(AidType),
                    item=text_or_spicy(),
                    recipient=st.sampled_from(iso),
                    quantity=maybe(numbers()),
                    value_eur=maybe(numbers()),
                    committed=maybe(DATES),
                    allocated=st.none(),
                    delivered=st.none(),
                    source=src_or_none,
                    entered_by=st.just("analyst"),
                    illustrative=st.booleans(),
                    note=maybe(TEXT),
                )
            )
        )
    scenarios = draw(
        unique_by_key(
            st.builds(
                Scenario,
                id=IDENT,
                name=TEXT,
                description=maybe(TEXT),
                forced=st.dictionaries(st.sampled_from(cond), st.booleans(), max_size=2)
                if cond
                else st.just({}),
                probabilities=st.dictionaries(st.sampled_from(cond), st.floats(0, 1), max_size=2)
                if cond
                else st.just({}),
                nations_out=items(IDENT, iso),
                pledges_in=items(IDENT, [p.id for p in pledges]),
                statuses=st.lists(
                    st.sampled_from(PledgeStatus), min_size=1, max_size=3, unique=True
                ).map(tuple),
            )
        )
    )
    return Dataset(
        sources=sources,
        nations=nations,
        actors=actors,
        conditions=conditions,
        missions=missions,
        phases=phases,
        capabilities=tuple(capabilities),
        requirement_lines=lines,
        pledges=pledges,
        statements=statements,
        aid_records=aid,
        scenarios=scenarios,
    )
