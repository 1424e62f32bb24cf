"""The demo coalition's planning side: conditions, mission, capabilities, requirements, pledges,
aid records and scenarios (used by build_demo_data.py).

Every requirement figure, pledge quantity, phase date and probability here is illustrative: no
source gives them. They are shaped by what the cited statements say (who leads, who needs which
condition, who sends no troops) so the demo behaves like the coalition did. Aid figures are the
Kiel Institute's and other cited reports', not illustrative.
"""

from __future__ import annotations

from datetime import date

from muster.domain import (
    AidRecord,
    AidType,
    Capability,
    CapabilityDomain,
    Classification,
    Condition,
    ConditionStatus,
    Mission,
    Phase,
    Pledge,
    PledgeStatus,
    RequirementLine,
    Scenario,
    StatusChange,
    Substitution,
)

D = date
MISSION = "mnf-ukraine"
SEED = "seed-nyt-2025-03-03"
TRUCE, NEGOTIATION, POST_PEACE, LONG_TERM = (
    "ph-truce-monitoring",
    "ph-negotiation",
    "ph-post-peace",
    "ph-long-term",
)


def conditions() -> tuple[Condition, ...]:
    # (id, name, status, P(holds), group, loading, prerequisites, source, description)
    rows = [
        ("truce-agreed", "Truce or ceasefire agreed", ConditionStatus.UNKNOWN, 0.5, "peace", 0.6,
         (), SEED, "Macron: the plan begins with a one-month truce; no ceasefire had been agreed "
         "by 6 January 2026."),
        ("peace-signed", "Peace agreement signed", ConditionStatus.UNKNOWN, 0.35, "peace", 0.7,
         ("truce-agreed",), SEED, "Macron: deployment “once peace has been signed”. P(holds) "
         "0.35 overall, so 0.7 once a truce is agreed (P 0.5)."),
        ("us-backstop", "US backstop for the force", ConditionStatus.UNKNOWN, 0.4, "us", 0.8, (),
         "src-kyivindependent-2025-03-27", "Starmer held out for a US “backstop”; Germany, "
         "Italy and Poland conditioned their part on a US “safety net” (AFP, 4 September 2025); "
         "the US did not sign the Paris Declaration."),
        ("us-ceasefire-monitoring", "US leads ceasefire monitoring", ConditionStatus.UNKNOWN,
         0.3, "us", 0.6, ("truce-agreed",), "src-hvylya-2026-01-06",
         "Paris Declaration: a US-led ceasefire monitoring and verification mechanism. P(holds) "
         "0.3 overall: 0.6 once a truce is agreed (P 0.5)."),
        ("dutch-parliament-approves", "Dutch parliament approves", ConditionStatus.UNKNOWN, 0.75,
         "parliaments", 0.3, (), SEED, "The article: the need to pass specific parliamentary "
         "measures in the Netherlands."),
        ("german-government-formed", "German government formed", ConditionStatus.HOLDS, 1.0,
         None, 0.0, (), "wp-friedrich-merz", "Holds since Merz became chancellor on 6 May 2025 "
         "(unknown before: coalition talks after the February election)."),
        ("clear-mandate", "Clear mission mandate", ConditionStatus.UNKNOWN, 0.7, "parliaments",
         0.3, (), "src-dutchnews-2025-02-17", "Schoof: a “completely clear” mission mandate."),
        ("un-mandate", "UN Security Council mandate", ConditionStatus.UNKNOWN, 0.05, None, 0.0,
         (), "src-pupia-2025-03-26", "Tajani: Italian soldiers only on UN missions; "
         "Russia holds a Security Council veto."),
    ]  # fmt: skip
    # Dated statuses (docs/demo-data.md): only the German government's changed in the period.
    since = {"german-government-formed": (date(2025, 5, 6), "wp-friedrich-merz")}
    return tuple(
        Condition(
            id=cid,
            name=name,
            status_history=(
                ()
                if status is ConditionStatus.UNKNOWN
                else (StatusChange(status=status, start=since[cid][0], source=since[cid][1]),)
            ),
            probability=p,
            group=group,
            loading=loading,
            prerequisites=pre,
            source=source,
            description=desc,
            # No source gives a probability; the status of german-government-formed is sourced.
            illustrative=True,
        )
        for cid, name, status, p, group, loading, pre, source, desc in rows
    )


def missions() -> tuple[Mission, ...]:
    return (
        Mission(
            id=MISSION,
            name="Multinational reassurance force for Ukraine",
            description="The UK/France-led force (“Multinational Force Ukraine”) to secure a "
            "ceasefire and peace: headquarters in Paris for 12 months, then London, with a "
            "coordination cell planned in Kyiv (Reuters, 10 July 2025).",
            source="src-reuters-2025-07-10",
        ),
    )


def phases() -> tuple[Phase, ...]:
    rows = [
        (TRUCE, "Truce monitoring", 1, D(2026, 3, 1), D(2026, 3, 31),
         "One month of truce before any deployment (Macron, 2 March 2025); dates illustrative."),
        (NEGOTIATION, "Negotiation", 2, D(2026, 4, 1), D(2026, 6, 30),
         "Negotiations “that will take several weeks” (Macron); dates illustrative."),
        (POST_PEACE, "Post-peace deployment", 3, D(2026, 7, 1), D(2027, 6, 30),
         "Deployment “once peace has been signed”, away from the front line; dates illustrative."),
        (LONG_TERM, "Long-term support", 4, D(2027, 7, 1), D(2030, 12, 31),
         "Training, funding and regeneration of Ukraine's armed forces; dates illustrative."),
    ]  # fmt: skip
    return tuple(
        Phase(id=pid, mission=MISSION, name=name, seq=seq, start=start, end=end,
              description=desc, illustrative=True)
        for pid, name, seq, start, end, desc in rows
    )  # fmt: skip


def capabilities() -> tuple[Capability, ...]:
    L, A, M, E, F = (CapabilityDomain.LAND, CapabilityDomain.AIR, CapabilityDomain.MARITIME,
                     CapabilityDomain.ENABLERS, CapabilityDomain.FUNDING)  # fmt: skip
    rows = [
        ("inf-bn", "Infantry battalion", "battalion", L, ()),
        ("mech-bn", "Armoured or mechanised battalion", "battalion", L, (("inf-bn", 1.0),)),
        ("eng-coy", "Engineer company (incl. land demining)", "company", L, ()),
        ("air-policing", "Air policing detachment (4 fighters)", "detachment", A,
         (("isr", 0.25),)),
        ("air-defence", "Ground-based air defence battery", "battery", A,
         (("air-policing", 0.5),)),
        ("mcm", "Mine countermeasures vessel (Black Sea demining)", "vessel", M, ()),
        ("escort", "Escort frigate or patrol vessel", "vessel", M, ()),
        ("isr", "ISR package (aircraft or drone orbit)", "orbit", E, ()),
        ("log-hub", "Logistics hub", "hub", E, ()),
        ("medical", "Role 2 medical facility", "facility", E, ()),
        ("hq-staff", "Headquarters staff", "officer", E, ()),
        ("training", "Training team", "team", E, ()),
        ("funding", "Funding", "EUR m", F, ()),
    ]  # fmt: skip
    return tuple(
        Capability(
            id=cid,
            name=name,
            unit=unit,
            domain=domain,
            substitutes=tuple(Substitution(capability=c, efficiency=e) for c, e in subs),
        )
        for cid, name, unit, domain, subs in rows
    )


OUTSIDE = "outside-ukraine"  # stays outside Ukraine (a hub in Poland, air defence next door)
AWAY = "away-from-front"  # deploys only away from the line of contact
NO_COMBAT = "no-combat"  # not for combat roles


def requirement_lines() -> tuple[RequirementLine, ...]:
    # (phase, capability, quantity, minimum, priority, excluded tags)
    rows = [
        (TRUCE, "inf-bn", 6, 3, 1, (OUTSIDE,)),
        (TRUCE, "isr", 4, 2, 1, ()),
        (TRUCE, "hq-staff", 150, 80, 1, ()),
        (TRUCE, "air-policing", 4, 2, 2, ()),
        (NEGOTIATION, "inf-bn", 8, 4, 1, (OUTSIDE,)),
        (NEGOTIATION, "air-defence", 6, 3, 1, ()),
        (NEGOTIATION, "isr", 4, 2, 1, ()),
        (NEGOTIATION, "air-policing", 6, 3, 2, ()),
        (NEGOTIATION, "log-hub", 3, 2, 2, ()),
        (POST_PEACE, "inf-bn", 12, 6, 1, (OUTSIDE,)),
        (POST_PEACE, "mech-bn", 4, 2, 1, (OUTSIDE, NO_COMBAT)),
        (POST_PEACE, "air-defence", 8, 4, 1, ()),
        (POST_PEACE, "air-policing", 8, 4, 1, ()),
        (POST_PEACE, "mcm", 6, 3, 1, ()),
        (POST_PEACE, "isr", 6, 3, 1, ()),
        (POST_PEACE, "hq-staff", 300, 150, 1, ()),
        (POST_PEACE, "eng-coy", 6, 3, 2, (OUTSIDE,)),
        (POST_PEACE, "escort", 4, 2, 2, ()),
        (POST_PEACE, "medical", 3, 2, 2, (OUTSIDE,)),
        (POST_PEACE, "log-hub", 4, 2, 2, ()),
        (LONG_TERM, "training", 20, 10, 1, ()),
        (LONG_TERM, "funding", 5000, 2500, 1, ()),
        (LONG_TERM, "air-defence", 4, 2, 2, ()),
        (LONG_TERM, "mcm", 4, 2, 2, ()),
        (LONG_TERM, "log-hub", 2, 1, 3, ()),
    ]
    short = {TRUCE: "tm", NEGOTIATION: "neg", POST_PEACE: "pp", LONG_TERM: "lt"}
    return tuple(
        RequirementLine(
            id=f"rl-{short[phase]}-{cap}",
            phase=phase,
            capability=cap,
            quantity=qty,
            minimum=minimum,
            priority=priority,
            excluded_tags=excluded,
            illustrative=True,
            note="Planning figure: no source gives it.",
        )
        for phase, cap, qty, minimum, priority, excluded in rows
    )


def pledges() -> tuple[Pledge, ...]:
    ALL = (TRUCE, NEGOTIATION, POST_PEACE, LONG_TERM)
    PUB, COA, NAT = Classification.PUBLIC, Classification.COALITION, Classification.NATIONAL
    DR, OF, CO, DE = (PledgeStatus.DRAFT, PledgeStatus.OFFERED, PledgeStatus.CONFIRMED,
                      PledgeStatus.DEPLOYED)  # fmt: skip
    KI, HV, RE = "src-kyivindependent-2025-03-27", "src-hvylya-2026-01-06", "src-reuters-2025-07-10"
    # (id, nation, capability, quantity, phases, conditions, caveats, status, classification,
    #  readiness days, sources, note)
    rows = [
        ("p-gbr-inf", "GBR", "inf-bn", 3, (POST_PEACE, LONG_TERM), ("truce-agreed", "us-backstop"),
         (AWAY,), OF, PUB, 30, (KI, HV),
         "UK ground troops after a ceasefire, needing a US backstop."),
        ("p-gbr-mech", "GBR", "mech-bn", 1, (POST_PEACE,), ("truce-agreed", "us-backstop"),
         (AWAY,), CO, COA, 60, (KI,), ""),
        ("p-gbr-air", "GBR", "air-policing", 2, (TRUCE, NEGOTIATION, POST_PEACE),
         ("truce-agreed",), (), OF, PUB, 10, (KI,), "Securing the skies after a ceasefire."),
        ("p-gbr-hq", "GBR", "hq-staff", 60, ALL, (), (), DE, PUB, 0, (RE,),
         "Staff of the coalition HQ in Paris (UK-France led)."),
        ("p-gbr-hub", "GBR", "log-hub", 1, (POST_PEACE, LONG_TERM), ("truce-agreed",), (AWAY,),
         OF, PUB, 30, (HV,),
         "Military hubs across Ukraine after a ceasefire (Starmer, 6 Jan 2026)."),
        ("p-gbr-training", "GBR", "training", 6, (LONG_TERM,), ("truce-agreed",), (NO_COMBAT,),
         DR, NAT, 90, (HV,), "Draft, national: only the UK delegation sees it."),
        ("p-fra-inf", "FRA", "inf-bn", 3, (POST_PEACE, LONG_TERM), ("peace-signed",), (AWAY,),
         OF, PUB, 30, (SEED, HV), "France deploys only once peace is signed."),
        ("p-fra-mech", "FRA", "mech-bn", 1, (POST_PEACE,), ("peace-signed",), (AWAY,), OF, COA,
         60, (SEED,), ""),
        ("p-fra-hq", "FRA", "hq-staff", 80, ALL, (), (), DE, PUB, 0, (RE,),
         "Staff of the coalition HQ in Paris."),
        ("p-fra-air", "FRA", "air-policing", 2, (NEGOTIATION, POST_PEACE), ("truce-agreed",), (),
         OF, COA, 10, (SEED,), ""),
        ("p-fra-ad", "FRA", "air-defence", 1, (POST_PEACE,), ("peace-signed",), (), OF, NAT, 45,
         (SEED,), ""),
        ("p-fra-mcm", "FRA", "mcm", 2, (POST_PEACE,), ("peace-signed",), (), DR, NAT, 60,
         (SEED,), ""),
        ("p-nld-ad", "NLD", "air-defence", 1, (NEGOTIATION, POST_PEACE),
         ("dutch-parliament-approves", "clear-mandate", "us-backstop"), (), DR, COA, 60,
         ("src-dutchnews-2025-02-17", SEED),
         "Needs parliament, a clear mandate and a US backstop."),
        ("p-nld-mcm", "NLD", "mcm", 2, (POST_PEACE, LONG_TERM),
         ("dutch-parliament-approves", "truce-agreed"), (), OF, COA, 60, (SEED,), ""),
        ("p-deu-ad", "DEU", "air-defence", 2, (NEGOTIATION, POST_PEACE, LONG_TERM),
         ("german-government-formed",), (OUTSIDE,), OF, PUB, 30,
         ("src-afp-2025-09-04", "src-particle-2026-01-06"),
         "Air defence for Ukraine without basing forces there."),
        ("p-deu-funding", "DEU", "funding", 1500, (LONG_TERM,), ("german-government-formed",),
         (), CO, PUB, None, ("src-afp-2025-09-04",), "Equipping Ukraine's ground forces."),
        ("p-deu-training", "DEU", "training", 4, (LONG_TERM,), ("german-government-formed",),
         (OUTSIDE, NO_COMBAT), OF, COA, 60, ("src-particle-2026-01-06",), ""),
        ("p-deu-inf", "DEU", "inf-bn", 1, (POST_PEACE,), ("truce-agreed", "us-backstop"),
         (OUTSIDE,), OF, NAT, 90, ("src-ovb-2026-01-06",),
         "Forces declared for Ukraine on neighbouring NATO territory after a ceasefire, once a "
         "binding US guarantee exists and the Bundestag decides (Merz, 6 January 2026)."),
        ("p-dnk-inf", "DNK", "inf-bn", 1, (POST_PEACE,), ("peace-signed",), (AWAY,), DR, NAT, 60,
         ("src-kyivindependent-2025-03-10",), "“In principle” ready."),
        ("p-dnk-funding", "DNK", "funding", 250, (LONG_TERM,), (), (), OF, PUB, None,
         ("src-kyivindependent-2025-03-10",), ""),
        ("p-pol-hub", "POL", "log-hub", 2, ALL, (), (OUTSIDE,), CO, PUB, 0,
         ("src-polskieradio-2025-09-04",), "Poland: the main logistics hub, no troops in Ukraine."),
        ("p-can-inf", "CAN", "inf-bn", 1, (POST_PEACE,), ("truce-agreed",), (AWAY,), OF, COA, 60,
         ("src-particle-2026-01-06",), ""),
        ("p-can-training", "CAN", "training", 2, (LONG_TERM,), (), (NO_COMBAT,), OF, PUB, 60,
         ("src-particle-2026-01-06",), ""),
        ("p-aus-isr", "AUS", "isr", 1, (TRUCE, NEGOTIATION, POST_PEACE), ("truce-agreed",),
         (NO_COMBAT,), DR, NAT, 45, ("src-theaustralian-2025-03-15",),
         "Australia open to considering a request."),
        ("p-tur-escort", "TUR", "escort", 2, (POST_PEACE,), ("truce-agreed", "us-backstop"), (),
         OF, COA, 30, ("src-euractiv-via-informedclearly-2026-01-06",), "Black Sea security."),
        ("p-tur-mcm", "TUR", "mcm", 2, (POST_PEACE, LONG_TERM), ("truce-agreed",), (), OF, COA, 30,
         ("src-euractiv-via-informedclearly-2026-01-06",), ""),
    ]  # fmt: skip
    return tuple(
        Pledge(
            id=pid,
            nation=nation,
            capability=cap,
            quantity=qty,
            phases=phs,
            conditions=conds,
            caveats=caveats,
            status=status,
            classification=cls,
            readiness_days=ready,
            sources=srcs,
            illustrative=True,
            note=("Illustrative quantity shaped by the cited statement. " + note).strip(),
        )
        for pid, nation, cap, qty, phs, conds, caveats, status, cls, ready, srcs, note in rows
    )


def aid_records() -> tuple[AidRecord, ...]:
    M = AidType.MILITARY
    k24, k25 = "src-kiel-2024-04-25", "src-kiel-2025-03"
    feb24 = "src-glavnoe-2025-02-24"
    # (id, donor, item, quantity, value EUR, committed, allocated, source, note)
    rows = [
        ("aid-usa-2025-01-09", "USA", "Military aid package: air-defence and air-to-surface "
         "missiles, equipment for F-16 fighter jets", None, 480e6, D(2025, 1, 9), None, k25,
         "The last US package (Biden administration); none since 20 January 2025."),
        ("aid-deu-2024-q1", "DEU", "Military aid package: air-defence systems, 155 mm artillery "
         "and ammunition", None, 2.4e9, None, D(2024, 2, 29), k24,
         "Allocated January–February 2024, dated at the tracker's cut-off. Germany is the "
         "second-largest donor after the US (seed article)."),
        ("aid-swe-2024-q1", "SWE", "Military aid package: maritime and land equipment", None,
         0.7e9, None, D(2024, 2, 29), k24,
         "Allocated January–February 2024, dated at the tracker's cut-off."),
        ("aid-deu-2023-cumulative", "DEU", "Military aid commitments to date, incl. battle tanks "
         "and IRIS-T air defence", None, 7.5e9, None, None, "src-euromaidan-2023-07-08",
         "Cumulative commitments reported on 8 July 2023, when Germany was the second-largest "
         "military donor in absolute terms."),
        ("aid-dnk-2025-02-24", "DNK", "Ammunition and a brigade-sized Ukrainian force with Nordic "
         "and Baltic partners", None, 268e6, D(2025, 2, 24), None, feb24,
         "DKK 2 billion, announced in Kyiv on the third anniversary of the invasion."),
        ("aid-esp-2025-02-24", "ESP", "Military aid for 2025", None, 1e9, D(2025, 2, 24), None,
         feb24, ""),
        ("aid-can-2025-02-24", "CAN", "LAV III armoured vehicles", 25, None, D(2025, 2, 24),
         None, feb24, "With four F-16 flight simulators."),
        ("aid-swe-2025-02-24", "SWE", "Air-defence systems (RBS 70, Tridon Mk2)", None, None,
         D(2025, 2, 24), None, feb24, "SEK 1.2 billion; not converted to euros here."),
    ]  # fmt: skip
    return tuple(
        AidRecord(
            id=aid,
            donor=donor,
            type=M,
            item=item,
            quantity=qty,
            value_eur=value,
            committed=committed,
            allocated=allocated,
            source=source,
            note=note or None,
        )
        for aid, donor, item, qty, value, committed, allocated, source, note in rows
    )


def scenarios() -> tuple[Scenario, ...]:
    return (
        Scenario(
            id="sc-baseline",
            name="Baseline",
            description="Conditions as known on 6 January 2026, probabilities as recorded.",
        ),
        Scenario(
            id="sc-peace-us-backstop",
            name="Peace signed with a US backstop",
            description="A truce holds, peace is signed and the US backstops the force.",
            forced={
                "truce-agreed": True,
                "peace-signed": True,
                "us-backstop": True,
                "us-ceasefire-monitoring": True,
            },
        ),
        Scenario(
            id="sc-no-us-backstop",
            name="Peace signed, no US backstop",
            description="Peace is signed but the US neither backstops nor monitors.",
            forced={
                "truce-agreed": True,
                "peace-signed": True,
                "us-backstop": False,
                "us-ceasefire-monitoring": False,
            },
        ),
        Scenario(
            id="sc-london-2025-03-03",
            name="London, 3 March 2025",
            description="As the seed article found it: no German government yet, no truce.",
            forced={"german-government-formed": False, "truce-agreed": False},
        ),
    )
