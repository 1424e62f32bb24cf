"""The draws behind `muster.synth`: one method per entity, all from one `rng`."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from muster.domain import (
    Actor,
    AidRecord,
    AidType,
    Capability,
    CapabilityDomain,
    Classification,
    Condition,
    ConditionStatus,
    Nation,
    Office,
    Phase,
    Pledge,
    PledgeStatus,
    RequirementLine,
    Stance,
    Statement,
    StatusChange,
    Substitution,
)
from muster.synth.vocabulary import (
    CATALOGUE,
    CATALOGUE_ORDER,
    FIRST_NAMES,
    GLOBAL_CONDITIONS,
    NAME_HEADS,
    NAME_TAILS,
    SOURCE_ID,
    START,
    SUBSTITUTIONS,
    SURNAMES,
    TAGS_POSITIVE,
    TAGS_RESTRICTIVE,
    synthetic_codes,
)


class Draws:
    """The draws behind `synth`, one method per entity, all from one `rng`."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.national: dict[str, list[str]] = {}  # nation → its domestic condition ids
        self.weight: dict[str, float] = {}  # nation → relative size (pledges drawn ∝ this)

    def nations(self, n: int) -> list[Nation]:
        rng = self.rng
        names = [h + t for h in NAME_HEADS for t in NAME_TAILS]
        order = rng.permutation(len(names))
        gdp = np.round(rng.lognormal(mean=5.5, sigma=1.2, size=n), 1)
        eu = rng.random(n) < 0.55
        nato = rng.random(n) < 0.75
        out = []
        for i, code in enumerate(synthetic_codes()[:n]):
            name = names[order[i % len(names)]]
            if i >= len(names):
                name = f"{name} {i // len(names) + 1}"
            self.weight[code] = float(gdp[i])
            out.append(
                Nation(
                    iso3=code,
                    name=name,
                    eu=bool(eu[i]),
                    nato=bool(nato[i]),
                    gdp_eur_bn=float(gdp[i]),
                    gdp_year=2024,
                    aliases=(f"the {name} government",),
                    demonyms=(name + "n",),
                    source=SOURCE_ID,
                )
            )
        return out

    def actors(self, nation_list: list[Nation]) -> list[Actor]:
        rng = self.rng
        used: set[str] = set()
        out = []
        for nation in nation_list:
            change = rng.random() < 0.15  # a change of government mid-period, like Germany's
            change_day = START + timedelta(days=int(rng.integers(20, 200)))
            for k in range(2 if change else 1):
                first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
                last = SURNAMES[int(rng.integers(len(SURNAMES)))]
                name = f"{first} {last}"
                suffix = 2
                while name in used:
                    name = f"{first} {last} {suffix}"
                    suffix += 1
                used.add(name)
                start = date(2022, 1, 1) if k == 0 else change_day
                end = change_day - timedelta(days=1) if change and k == 0 else None
                office = Office(
                    title="Prime Minister",
                    nation=nation.iso3,
                    start=start,
                    end=end,
                    source=SOURCE_ID,
                )
                out.append(
                    Actor(
                        name=name,
                        aliases=(last,),
                        gender="f" if first in FIRST_NAMES[0::2] else "m",
                        offices=(office,),
                    )
                )
        return out

    def conditions(self, n: int, nation_list: list[Nation]) -> list[Condition]:
        rng = self.rng
        n_global = min(len(GLOBAL_CONDITIONS), max(2, n // 5))
        out: list[Condition] = []
        for cid, name, group, loading, prereq, p in GLOBAL_CONDITIONS[:n_global]:
            kept = tuple(x for x in prereq if any(c.id == x for c in out))
            out.append(
                Condition(
                    id=cid,
                    name=name,
                    probability=p,
                    group=group,
                    loading=loading if group else 0.0,
                    prerequisites=kept,
                    illustrative=True,
                    source=SOURCE_ID,
                )
            )
        # Domestic conditions, biggest nations first (they are the ones whose politics matter).
        by_size = sorted(nation_list, key=lambda x: -self.weight[x.iso3])
        kinds = (
            ("parliament", "parliament approves the deployment", 0.65),
            ("government", "government formed", 0.75),
            ("budget", "defence budget passed", 0.7),
        )
        i = 0
        while len(out) < n:
            nation = by_size[i % len(by_size)]
            kind, text, base = kinds[(i // len(by_size)) % len(kinds)]
            cid = f"{kind}-{nation.iso3.lower()}"
            if i >= len(by_size) * len(kinds):
                cid = f"{cid}-{i // (len(by_size) * len(kinds)) + 1}"
            # Domestic politics in the region move together a little (one shared factor).
            grouped = rng.random() < 0.4
            out.append(
                Condition(
                    id=cid,
                    name=f"{nation.name}: {text}",
                    probability=float(
                        np.clip(np.round(rng.beta(base * 8, (1 - base) * 8), 2), 0.05, 0.98)
                    ),
                    group="domestic-politics" if grouped else None,
                    loading=float(np.round(rng.uniform(0.2, 0.5), 2)) if grouped else 0.0,
                    illustrative=True,
                    source=SOURCE_ID,
                )
            )
            self.national.setdefault(nation.iso3, []).append(cid)
            i += 1
        # A few conditions are settled along the way: one holds, one fails (statuses mixed),
        # each from its own date, a fortnight apart, so analyses as of a date see them change.
        settled = rng.choice(len(out), size=min(len(out), max(1, n // 15)), replace=False)
        final = list(out)
        for k, idx in enumerate(sorted(int(x) for x in settled)):
            status = ConditionStatus.HOLDS if k % 3 != 2 else ConditionStatus.FAILS
            c = out[idx]
            final[idx] = Condition(
                id=c.id,
                name=c.name,
                status_history=(
                    StatusChange(
                        status=status, start=START + timedelta(days=14 * (k + 1)), source=SOURCE_ID
                    ),
                ),
                probability=c.probability,
                group=c.group,
                loading=c.loading,
                prerequisites=c.prerequisites,
                illustrative=True,
                source=SOURCE_ID,
            )
        return final

    def capabilities(self, n_lines: int) -> list[Capability]:
        k = int(np.clip(n_lines // 8, 6, len(CATALOGUE)))
        chosen = set(CATALOGUE_ORDER[:k])
        out = []
        for cid, name, unit, domain, _, _ in CATALOGUE:
            if cid not in chosen:
                continue
            subs = tuple(
                Substitution(capability=b, efficiency=e)
                for a, b, e in SUBSTITUTIONS
                if a == cid and b in chosen
            )
            out.append(Capability(id=cid, name=name, unit=unit, domain=domain, substitutes=subs))
        return out

    def requirement_lines(
        self, n: int, capabilities: list[Capability], phases: tuple[Phase, ...]
    ) -> list[RequirementLine]:
        rng = self.rng
        info = {c[0]: c for c in CATALOGUE}
        caps = [c.id for c in capabilities]
        weight = np.array([info[c][5] for c in caps])
        cap_idx = rng.choice(len(caps), size=n, p=weight / weight.sum())
        # Later phases need more (post-peace deployment is the big one).
        phase_w = np.array([0.15, 0.2, 0.4, 0.25])[: len(phases)]
        phase_idx = rng.choice(len(phases), size=n, p=phase_w / phase_w.sum())
        scale = rng.lognormal(0.0, 0.45, size=n)
        priority = rng.choice([1, 2, 3], size=n, p=[0.4, 0.4, 0.2])
        # The minimum viable force is a few essential lines per phase (priority 1, about a
        # third of those), each needed at 30-70 % of its quantity; the rest are desirable.
        min_share = np.where(
            (priority == 1) & (rng.random(n) < 0.3), rng.uniform(0.3, 0.7, size=n), 0.0
        )
        tag_draw = rng.random((n, 2))
        # Importance: priority 1 lines weigh 3, priority 2 weigh 2, priority 3 weigh 1, and one
        # line in five is a key line worth half as much again.
        key = rng.random(n) < 0.2
        out = []
        for i in range(n):
            cap = caps[int(cap_idx[i])]
            phase = phases[int(phase_idx[i])]
            # A long phase needs rotation (the 1:3 rule), except for money.
            long_phase = (
                phase.start is not None
                and phase.end is not None
                and ((phase.end - phase.start).days > 180)
            )
            rotation = 3.0 if long_phase and info[cap][3] is not CapabilityDomain.FUNDING else 1.0
            typical = info[cap][4]
            quantity = float(max(1, round(typical * scale[i])))
            if info[cap][2] == "EUR million":
                quantity = float(round(typical * scale[i], -1) or 10)
            required: tuple[str, ...] = ()
            excluded: tuple[str, ...] = ()
            if tag_draw[i, 0] < 0.15:
                required = (TAGS_POSITIVE[int(rng.integers(len(TAGS_POSITIVE)))],)
            if tag_draw[i, 1] < 0.2 and phases[int(phase_idx[i])].seq <= 1:
                excluded = (TAGS_RESTRICTIVE[int(rng.integers(len(TAGS_RESTRICTIVE)))],)
            out.append(
                RequirementLine(
                    id=f"L{i + 1:05d}",
                    phase=phases[int(phase_idx[i])].id,
                    capability=cap,
                    quantity=quantity,
                    # In quarters: figures a float32 plan holds exactly (kernels._exact_dtype).
                    minimum=float(np.floor(quantity * min_share[i] * 4) / 4),
                    priority=int(priority[i]),
                    weight=(4 - int(priority[i])) * (1.5 if key[i] else 1.0),
                    # The essential lines (those with a minimum) make the minimum viable force.
                    critical=bool(min_share[i] > 0),
                    rotation=rotation,
                    required_tags=required,
                    excluded_tags=excluded,
                    illustrative=True,
                    source=SOURCE_ID,
                )
            )
        return out

    def pledges(
        self,
        n: int,
        nation_list: list[Nation],
        condition_list: list[Condition],
        capabilities: list[Capability],
        requirement_lines: list[RequirementLine],
        phases: tuple[Phase, ...],
    ) -> list[Pledge]:
        rng = self.rng
        info = {c[0]: c for c in CATALOGUE}
        codes = [x.iso3 for x in nation_list]
        size = np.array([self.weight[c] for c in codes]) ** 0.7
        nation_idx = rng.choice(len(codes), size=n, p=size / size.sum())
        # Capabilities drawn in proportion to the demand for them, so pledges meet lines.
        demand = {c.id: 0.0 for c in capabilities}
        count = {c.id: 0 for c in capabilities}
        for r in requirement_lines:
            demand[r.capability] += r.quantity
            count[r.capability] += 1
        caps = [c.id for c in capabilities]
        lines_w = np.array([count[c] + 0.2 for c in caps], dtype=float)
        cap_idx = rng.choice(len(caps), size=n, p=lines_w / lines_w.sum())
        per_pledge = {c: demand[c] / max(1.0, (count[c] + 0.2) / lines_w.sum() * n) for c in caps}
        global_ids = [c.id for c in condition_list if c.id in _GLOBAL_IDS]
        packages = self._packages(codes, global_ids)
        status_names = list(PledgeStatus)
        statuses = rng.choice(len(status_names), size=n, p=[0.08, 0.45, 0.3, 0.07, 0.1])
        classes = list(Classification)
        classification = rng.choice(len(classes), size=n, p=[0.6, 0.3, 0.1])
        first_phase = rng.choice(
            len(phases), size=n, p=_normalise([0.3, 0.25, 0.3, 0.15][: len(phases)])
        )
        span = rng.integers(1, len(phases) + 1, size=n)
        draws = rng.random((n, 6))
        out = []
        for i in range(n):
            nation = codes[int(nation_idx[i])]
            cap = caps[int(cap_idx[i])]
            menu = packages[nation]
            conds = menu[int(rng.integers(len(menu)))]
            quantity = float(max(1, round(per_pledge[cap] * rng.lognormal(-0.2, 0.5))))
            if info[cap][2] == "EUR million":
                quantity = float(round(per_pledge[cap] * rng.lognormal(-0.2, 0.5), -1) or 10)
            lo = int(first_phase[i])
            phase_ids = tuple(p.id for p in phases[lo : min(len(phases), lo + int(span[i]))])
            caveats: list[str] = []
            if draws[i, 0] < 0.35:
                caveats.append(TAGS_POSITIVE[int(rng.integers(len(TAGS_POSITIVE)))])
            if draws[i, 1] < 0.2:
                caveats.append(TAGS_POSITIVE[int(rng.integers(len(TAGS_POSITIVE)))])
            if draws[i, 2] < 0.15:
                caveats.append(TAGS_RESTRICTIVE[int(rng.integers(len(TAGS_RESTRICTIVE)))])
            valid_from = valid_to = None
            if draws[i, 3] < 0.1:
                # Only until the end of one of its phases: it drops out of the later ones.
                last = phases[lo + int(rng.integers(0, len(phase_ids)))]
                valid_to = last.end
            elif draws[i, 3] > 0.95:
                valid_from = START
            out.append(
                Pledge(
                    id=f"P{i + 1:06d}",
                    nation=nation,
                    capability=cap,
                    quantity=quantity,
                    phases=phase_ids,
                    conditions=conds,
                    caveats=tuple(dict.fromkeys(caveats)),
                    status=status_names[int(statuses[i])],
                    readiness_days=int(rng.choice([10, 30, 60, 90, 180])),
                    # A quarter of the offers are figures a nation can keep in place over time.
                    sustained=bool(draws[i, 5] < 0.25),
                    valid_from=valid_from,
                    valid_to=valid_to,
                    classification=classes[int(classification[i])],
                    sources=(SOURCE_ID,),
                    illustrative=True,
                )
            )
        return out

    def _packages(
        self, codes: list[str], global_ids: list[str]
    ) -> dict[str, list[tuple[str, ...]]]:
        """Each nation's few condition sets: many pledges share each one, as in real offers."""
        rng = self.rng
        out: dict[str, list[tuple[str, ...]]] = {}
        for code in codes:
            domestic = self.national.get(code, [])
            menu: list[tuple[str, ...]] = []
            for _ in range(int(rng.integers(1, 4))):
                chosen: list[str] = []
                k = int(rng.choice([0, 1, 1, 2, 2, 3]))
                if global_ids and k:
                    picks = rng.choice(len(global_ids), size=min(k, len(global_ids)), replace=False)
                    chosen += [global_ids[int(j)] for j in sorted(picks)]
                if domestic and rng.random() < 0.7:
                    chosen.append(domestic[int(rng.integers(len(domestic)))])
                menu.append(tuple(chosen))
            out[code] = list(dict.fromkeys(menu))
        return out

    def statements(
        self, nation_list: list[Nation], actors: list[Actor], condition_list: list[Condition]
    ) -> list[Statement]:
        rng = self.rng
        speaker: dict[str, list[Actor]] = {}
        for a in actors:
            speaker.setdefault(a.offices[0].nation, []).append(a)
        stances = list(Stance)
        by_size = sorted(nation_list, key=lambda x: -self.weight[x.iso3])
        leads = {x.iso3 for x in by_size[:2]}
        out = []
        k = 0
        for nation in nation_list:
            count = int(rng.integers(1, 4))
            days = sorted(int(d) for d in rng.integers(-14, 240, size=count))
            stance_i = (
                0
                if nation.iso3 in leads
                else int(rng.choice(6, p=[0.0, 0.25, 0.3, 0.2, 0.15, 0.1]))
            )
            for d in days:
                day = START + timedelta(days=d)
                who = next(
                    (a for a in speaker[nation.iso3] if a.nation_on(day) == nation.iso3), None
                )
                # Stances drift by a step at a time, mostly towards stepping up.
                if nation.iso3 not in leads:
                    stance_i = int(np.clip(stance_i + rng.choice([-1, 0, 0, 1]), 1, 5))
                stance = stances[stance_i]
                named = (
                    tuple(self.national.get(nation.iso3, [])[:1])
                    if stance is Stance.CONDITIONAL
                    else ()
                )
                k += 1
                out.append(
                    Statement(
                        id=f"S{k:06d}",
                        nation=nation.iso3,
                        date=day,
                        stance=stance,
                        quote=f"{nation.name} is {stance.value} on the force (synthetic).",
                        actor=who.name if who else None,
                        office="Prime Minister" if who else None,
                        source=SOURCE_ID,
                        conditions=tuple(
                            c for c in named if any(x.id == c for x in condition_list)
                        ),
                    )
                )
        return out

    def aid_records(self, nation_list: list[Nation]) -> list[AidRecord]:
        rng = self.rng
        out = []
        for i, nation in enumerate(nation_list):
            committed = START - timedelta(days=int(rng.integers(30, 700)))
            delivered = committed + timedelta(days=int(rng.integers(30, 300)))
            out.append(
                AidRecord(
                    id=f"A{i + 1:05d}",
                    donor=nation.iso3,
                    recipient=nation_list[0].iso3 if i else nation_list[1].iso3,
                    type=list(AidType)[i % 3],
                    item="Synthetic aid package",
                    value_eur=float(round(rng.lognormal(18, 1.5), -5)),
                    committed=committed,
                    allocated=committed + timedelta(days=10),
                    delivered=delivered if rng.random() < 0.6 else None,
                    source=SOURCE_ID,
                    illustrative=True,
                )
            )
        return out


_GLOBAL_IDS = frozenset(c[0] for c in GLOBAL_CONDITIONS)


def _normalise(weights: list[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    out: np.ndarray = w / w.sum()
    return out
