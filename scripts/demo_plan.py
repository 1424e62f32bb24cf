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
    # Substitutions a planner accepts (efficiencies illustrative, docs/demo-data.md): a
    # mechanised battalion does an infantry battalion's job at 0.75 (fewer dismounts), never the
    # reverse; a fighter pair with a reconnaissance pod gives a quarter of an ISR orbit. Ground-
    # based air defence does not stand in for fighter air policing, nor escorts for mine hunters.
    rows = [
        ("inf-bn", "Infantry battalion", "battalion", L, ()),
        ("mech-bn", "Armoured or mechanised battalion", "battalion", L, (("inf-bn", 0.75),)),
        ("eng-coy", "Engineer company (incl. land demining)", "company", L, ()),
        ("air-policing", "Air policing detachment (4 fighters)", "detachment", A,
         (("isr", 0.25),)),
        ("air-defence", "Ground-based air defence battery", "battery", A, ()),
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
            description=(
                "Substitution efficiencies are illustrative planning figures (no source gives "
                "them)."
                if subs
                else None
            ),
        )
        for cid, name, unit, domain, subs in rows
    )


OUTSIDE = "outside-ukraine"  # stays outside Ukraine (a hub in Poland, air defence next door)
AWAY = "away-from-front"  # deploys only away from the line of contact
NO_COMBAT = "no-combat"  # not for combat roles


def requirement_lines() -> tuple[RequirementLine, ...]:
    # Calibrated so the demo's risk figures say something (docs/demo-data.md, "Calibration"):
    # a phase's minimum viable force is its critical lines' minimums; weights rank a battalion
    # above a staff officer. All illustrative.
    # (phase, capability, quantity, minimum, priority, weight, critical, excluded tags)
    rows = [
        # Truce monitoring: watch the line from the air and run the HQ; no troops yet (Macron).
        (TRUCE, "isr", 4, 2, 1, 3, True, ()),
        (TRUCE, "air-policing", 4, 2, 1, 2, True, ()),
        (TRUCE, "hq-staff", 150, 80, 1, 1, True, ()),
        (TRUCE, "inf-bn", 4, 0, 2, 2, False, (OUTSIDE,)),
        # Negotiation: protect the skies and prepare hubs while talks run.
        (NEGOTIATION, "air-defence", 6, 3, 1, 3, True, ()),
        (NEGOTIATION, "air-policing", 6, 2, 1, 2, True, ()),
        (NEGOTIATION, "isr", 4, 2, 1, 2, True, ()),
        (NEGOTIATION, "log-hub", 3, 1, 2, 1, False, ()),
        (NEGOTIATION, "inf-bn", 4, 0, 2, 2, False, (OUTSIDE,)),
        # Post-peace deployment: the reassurance force itself.
        (POST_PEACE, "inf-bn", 12, 6, 1, 4, True, (OUTSIDE,)),
        (POST_PEACE, "mech-bn", 4, 2, 1, 4, True, (OUTSIDE, NO_COMBAT)),
        (POST_PEACE, "air-defence", 8, 2, 1, 3, True, ()),
        (POST_PEACE, "air-policing", 8, 2, 1, 3, True, ()),
        (POST_PEACE, "isr", 6, 2, 1, 2, True, ()),
        (POST_PEACE, "hq-staff", 300, 120, 1, 1, True, ()),
        (POST_PEACE, "mcm", 6, 2, 2, 1, False, ()),
        (POST_PEACE, "eng-coy", 6, 2, 2, 1, False, (OUTSIDE,)),
        (POST_PEACE, "escort", 4, 1, 2, 1, False, ()),
        (POST_PEACE, "medical", 3, 1, 2, 1, False, (OUTSIDE,)),
        (POST_PEACE, "log-hub", 4, 2, 2, 1, False, ()),
        # Long-term support: train and fund Ukraine's own forces.
        (LONG_TERM, "training", 20, 8, 1, 3, True, ()),
        (LONG_TERM, "funding", 5000, 1500, 1, 3, True, ()),
        (LONG_TERM, "air-defence", 4, 1, 2, 1, False, ()),
        (LONG_TERM, "mcm", 4, 1, 2, 1, False, ()),
        (LONG_TERM, "log-hub", 2, 1, 3, 1, False, ()),
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
            weight=weight,
            critical=critical,
            excluded_tags=excluded,
            illustrative=True,
            note="Planning figure: no source gives it (quantity, minimum, weight, critical).",
        )
        for phase, cap, qty, minimum, priority, weight, critical, excluded in rows
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
        ("p-gbr-isr", "GBR", "isr", 1, (TRUCE, NEGOTIATION, POST_PEACE), ("truce-agreed",),
         (NO_COMBAT,), OF, COA, 10, (KI,), "Surveillance flights to secure the skies after a "
         "ceasefire."),
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
        ("p-fra-isr", "FRA", "isr", 1, (TRUCE, NEGOTIATION, POST_PEACE), ("truce-agreed",),
         (NO_COMBAT,), OF, COA, 10, (SEED,), "Monitoring the one-month truce Macron proposed."),
        ("p-fra-ad", "FRA", "air-defence", 1, (POST_PEACE,), ("peace-signed",), (), OF, NAT, 45,
         (SEED,), ""),
        ("p-fra-mcm", "FRA", "mcm", 2, (POST_PEACE,), ("peace-signed",), (), DR, NAT, 60,
         (SEED,), ""),
        ("p-nld-ad", "NLD", "air-defence", 1, (NEGOTIATION, POST_PEACE),
         ("dutch-parliament-approves", "clear-mandate", "us-backstop"), (), OF, COA, 60,
         ("src-dutchnews-2025-02-17", SEED),
         "Needs parliament, a clear mandate and a US backstop."),
        ("p-nld-mcm", "NLD", "mcm", 2, (POST_PEACE, LONG_TERM),
         ("dutch-parliament-approves", "truce-agreed"), (), OF, COA, 60, (SEED,), ""),
        ("p-nld-training", "NLD", "training", 2, (LONG_TERM,), ("dutch-parliament-approves",),
         (NO_COMBAT,), OF, COA, 60, (SEED,), "Training Ukraine's forces, once parliament "
         "approves."),
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
    """Military aid per donor from the Kiel Institute's Ukraine Support Tracker releases.

    Values are EUR at current prices as each release reports them (no price-year
    adjustment); a stage without a day in the release is dated at the release's data cut-off
    and the note says so. Records are packages or period figures, not cumulative totals, except
    where the item says "to date" (then a later record of the same donor may overlap it).
    """
    M = AidType.MILITARY
    k22, k23, k24 = "src-kiel-2022-07", "src-kiel-2023-12-07", "src-kiel-2024-04-25"
    k24b, k25 = "src-censor-2024-04-25", "src-kiel-2025-03"
    feb24 = "src-glavnoe-2025-02-24"
    emp = "src-euromaidan-2023-07-08"
    # (id, donor, item, quantity, value EUR, committed, allocated, delivered, source,
    #  illustrative, note)
    rows = [
        ("aid-usa-2025-01-09", "USA", "Military aid package: air-defence and air-to-surface "
         "missiles, equipment for F-16 fighter jets", None, 480e6, D(2025, 1, 9), None, None,
         k25, False, "The last US package (Biden administration); none since 20 January 2025."),
        ("aid-deu-2024-q1", "DEU", "Military aid package: air-defence systems, 155 mm artillery "
         "and ammunition", None, 2.4e9, None, D(2024, 2, 29), None, k24, False,
         "Allocated January–February 2024, dated at the tracker's cut-off. Germany is the "
         "second-largest donor after the US (seed article)."),
        ("aid-swe-2024-q1", "SWE", "Military aid package: maritime and land equipment", None,
         0.7e9, None, D(2024, 2, 29), None, k24, False,
         "Allocated January–February 2024, dated at the tracker's cut-off."),
        ("aid-nld-2024-q1", "NLD", "Military aid allocated January–February 2024", None, 0.5e9,
         None, D(2024, 2, 29), None, k24b, False,
         "Dated at the tracker's cut-off (29 February 2024)."),
        ("aid-gbr-2024-q1", "GBR", "Military aid allocated January–February 2024", None, 0.4e9,
         None, D(2024, 2, 29), None, k24b, False,
         "Dated at the tracker's cut-off (29 February 2024)."),
        ("aid-deu-2023-cumulative", "DEU", "Military aid commitments to date, incl. battle tanks "
         "and IRIS-T air defence", None, 7.5e9, D(2023, 7, 8), None, None, emp, False,
         "Cumulative commitments reported on 8 July 2023, when Germany was the second-largest "
         "military donor in absolute terms; dated at the report. Later German records may "
         "overlap it."),
        ("aid-dnk-2023", "DNK", "Military support for 2023, incl. further Leopard 2 tanks", None,
         1e9, D(2023, 7, 8), None, None, emp, False,
         "Pledged for the whole year; dated at the report (8 July 2023)."),
        ("aid-pol-2023-mig29", "POL", "Two military aid packages incl. 14 MiG-29 fighter jets",
         14, 581e6, D(2023, 7, 8), D(2023, 7, 8), D(2023, 7, 8), emp, False,
         "All already provided to Ukraine when reported; every stage dated at the report "
         "(8 July 2023), the latest day it is known to have been reached."),
        ("aid-dnk-2023-q3-delivered", "DNK", "Military assistance delivered August–October 2023 "
         "under a multi-year scheme", None, 1.2e9, None, D(2023, 10, 31), D(2023, 10, 31), k23,
         False, "Delivered in the three months to October 2023 (dated at the tracker's "
         "cut-off); part of earlier commitments."),
        ("aid-deu-2023-q3-delivered", "DEU", "Military assistance delivered August–October 2023 "
         "under a multi-year scheme", None, 1e9, None, D(2023, 10, 31), D(2023, 10, 31), k23,
         False, "Delivered in the three months to October 2023 (dated at the tracker's "
         "cut-off); part of earlier commitments, so it may overlap aid-deu-2023-cumulative."),
        ("aid-nor-2023-q3-delivered", "NOR", "Military assistance delivered August–October 2023 "
         "under a multi-year scheme", None, 662e6, None, D(2023, 10, 31), D(2023, 10, 31), k23,
         False, "Delivered in the three months to October 2023 (dated at the tracker's "
         "cut-off)."),
        ("aid-gbr-2022-06", "GBR", "Military assistance package", None, 1.5e9, D(2022, 7, 1),
         None, None, k22, False,
         "The largest new commitment between 8 June and 1 July 2022; dated at the cut-off."),
        ("aid-fra-2022", "FRA", "Weapons and equipment committed 24 January – 3 August 2022",
         None, 0.23e9, D(2022, 8, 3), D(2022, 8, 3), D(2022, 8, 3), "src-tf1-kiel-2022", False,
         "All of it delivered, according to the tracker; every stage dated at its cut-off "
         "(3 August 2022)."),
        ("aid-fra-2024-01", "FRA", "Military aid to date (tracker estimate)", None, 1.7e9, None,
         D(2024, 1, 15), None, "src-codelist-2024-02-18", True,
         "The tracker's estimate to 15 January 2024 (France publishes no itemised list); the "
         "French ministry reported more. Marked illustrative: an estimate, not a reported "
         "figure."),
        ("aid-gbr-2025-q1", "GBR", "Military aid allocated January–February 2025", None, 360e6,
         None, D(2025, 2, 28), None, k25, False,
         "Dated at the tracker's cut-off (end of February 2025)."),
        ("aid-deu-2025-q1", "DEU", "Military aid allocated January–February 2025", None, 450e6,
         None, D(2025, 2, 28), None, k25, False,
         "Dated at the tracker's cut-off (end of February 2025)."),
        ("aid-nor-2025-q1", "NOR", "Military aid allocated January–February 2025", None, 610e6,
         None, D(2025, 2, 28), None, k25, False,
         "Dated at the tracker's cut-off (end of February 2025)."),
        ("aid-dnk-2025-q1", "DNK", "Military aid allocated January–February 2025", None, 690e6,
         None, D(2025, 2, 28), None, k25, False,
         "Dated at the tracker's cut-off (end of February 2025)."),
        ("aid-swe-2025-q1", "SWE", "Military aid allocated January–February 2025", None, 1.1e9,
         None, D(2025, 2, 28), None, k25, False,
         "Sweden's largest in the period; dated at the tracker's cut-off."),
        ("aid-dnk-2025-02-24", "DNK", "Ammunition and a brigade-sized Ukrainian force with Nordic "
         "and Baltic partners", None, 268e6, D(2025, 2, 24), None, None, feb24, False,
         "DKK 2 billion, announced in Kyiv on the third anniversary of the invasion."),
        ("aid-esp-2025-02-24", "ESP", "Military aid for 2025", None, 1e9, D(2025, 2, 24), None,
         None, feb24, False, ""),
        ("aid-can-2025-02-24", "CAN", "LAV III armoured vehicles", 25, None, D(2025, 2, 24),
         None, None, feb24, False, "With four F-16 flight simulators."),
        ("aid-swe-2025-02-24", "SWE", "Air-defence systems (RBS 70, Tridon Mk2)", None, None,
         D(2025, 2, 24), None, None, feb24, False,
         "SEK 1.2 billion; not converted to euros here."),
    ]  # fmt: skip
    return tuple(
        AidRecord(
            id=r[0],
            donor=r[1],
            type=M,
            item=r[2],
            quantity=r[3],
            value_eur=r[4],
            committed=r[5],
            allocated=r[6],
            delivered=r[7],
            source=r[8],
            illustrative=r[9],
            note=r[10] or None,
        )
        for r in rows
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
            id="sc-truce-only",
            name="Truce only",
            description="A truce holds but no peace is signed; the US neither backstops nor "
            "monitors.",
            forced={
                "truce-agreed": True,
                "peace-signed": False,
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
