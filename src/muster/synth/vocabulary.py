"""The invented vocabulary `muster.synth` draws from: phases, capabilities, conditions, names."""

from __future__ import annotations

from datetime import date

from muster.domain import CapabilityDomain

SOURCE_ID = "synth"
MISSION_ID = "synth-mission"
START = date(2025, 3, 2)

# (id, name, start offset in days, length in days); sequential, like the London-2025 plan.
PHASES: tuple[tuple[str, str, int, int], ...] = (
    ("truce-monitoring", "Truce monitoring", 30, 30),
    ("negotiation", "Negotiation", 60, 90),
    ("post-peace", "Post-peace deployment", 150, 365),
    ("long-term", "Long-term support", 515, 730),
)

# (id, name, unit, domain, typical line quantity, relative demand weight)
CATALOGUE: tuple[tuple[str, str, str, CapabilityDomain, float, float], ...] = (
    ("infantry-bn", "Infantry battalion", "battalion", CapabilityDomain.LAND, 4, 3.0),
    ("mech-bn", "Mechanised battalion", "battalion", CapabilityDomain.LAND, 3, 2.0),
    ("armour-bn", "Armoured battalion", "battalion", CapabilityDomain.LAND, 2, 1.0),
    ("artillery-bty", "Artillery battery", "battery", CapabilityDomain.LAND, 4, 1.0),
    ("engineer-coy", "Engineer company", "company", CapabilityDomain.LAND, 4, 1.5),
    ("air-defence-bty", "Air defence battery", "battery", CapabilityDomain.LAND, 3, 1.5),
    ("recce-coy", "Reconnaissance company", "company", CapabilityDomain.LAND, 3, 1.0),
    ("fighter-sqn", "Fighter squadron", "squadron", CapabilityDomain.AIR, 3, 1.5),
    ("air-policing", "Air policing detachment", "detachment", CapabilityDomain.AIR, 2, 1.0),
    ("tanker", "Air-to-air tanker", "aircraft", CapabilityDomain.AIR, 4, 0.8),
    ("transport-ac", "Transport aircraft", "aircraft", CapabilityDomain.AIR, 6, 1.2),
    ("isr-drone", "ISR drone detachment", "detachment", CapabilityDomain.AIR, 4, 1.2),
    ("frigate", "Frigate", "ship", CapabilityDomain.MARITIME, 3, 1.0),
    ("minehunter", "Minehunter", "ship", CapabilityDomain.MARITIME, 4, 1.0),
    ("patrol-vessel", "Patrol vessel", "ship", CapabilityDomain.MARITIME, 4, 0.8),
    ("cyber-team", "Cyber defence team", "team", CapabilityDomain.CYBER, 3, 0.8),
    ("field-hospital", "Field hospital", "hospital", CapabilityDomain.ENABLERS, 2, 1.0),
    ("logistics-coy", "Logistics company", "company", CapabilityDomain.ENABLERS, 5, 1.5),
    ("hq-staff", "Headquarters staff officers", "officers", CapabilityDomain.ENABLERS, 40, 1.0),
    ("military-police", "Military police company", "company", CapabilityDomain.ENABLERS, 3, 0.8),
    ("demining-team", "Demining team", "team", CapabilityDomain.ENABLERS, 6, 1.0),
    ("funding", "Mission funding", "EUR million", CapabilityDomain.FUNDING, 200, 1.5),
    ("light-infantry-bn", "Light infantry battalion", "battalion", CapabilityDomain.LAND, 3, 1.5),
    ("airborne-bn", "Airborne battalion", "battalion", CapabilityDomain.LAND, 2, 0.8),
    ("special-forces-tg", "Special forces task group", "task group", CapabilityDomain.LAND, 2, 0.6),
    ("rocket-bty", "Rocket artillery battery", "battery", CapabilityDomain.LAND, 2, 0.6),
    ("cbrn-coy", "CBRN defence company", "company", CapabilityDomain.LAND, 2, 0.6),
    ("ew-coy", "Electronic warfare company", "company", CapabilityDomain.LAND, 2, 0.7),
    ("counter-drone", "Counter-drone team", "team", CapabilityDomain.LAND, 6, 1.0),
    ("signals-coy", "Signals company", "company", CapabilityDomain.LAND, 3, 1.0),
    ("bridging-coy", "Bridging company", "company", CapabilityDomain.LAND, 2, 0.5),
    ("utility-helo", "Utility helicopter squadron", "squadron", CapabilityDomain.AIR, 2, 0.8),
    ("attack-helo", "Attack helicopter squadron", "squadron", CapabilityDomain.AIR, 2, 0.6),
    ("medevac-helo", "Medical evacuation helicopter", "helicopter", CapabilityDomain.AIR, 4, 0.8),
    ("aew", "Airborne early warning aircraft", "aircraft", CapabilityDomain.AIR, 2, 0.5),
    ("mpa", "Maritime patrol aircraft", "aircraft", CapabilityDomain.AIR, 3, 0.6),
    ("destroyer", "Air-defence destroyer", "ship", CapabilityDomain.MARITIME, 2, 0.6),
    ("submarine", "Submarine", "boat", CapabilityDomain.MARITIME, 1, 0.4),
    ("amphibious-ship", "Amphibious ship", "ship", CapabilityDomain.MARITIME, 1, 0.4),
    ("replenishment", "Replenishment ship", "ship", CapabilityDomain.MARITIME, 1, 0.4),
    ("cyber-intel", "Cyber intelligence cell", "cell", CapabilityDomain.CYBER, 2, 0.5),
    ("satcom", "Satellite communications terminal", "terminal", CapabilityDomain.CYBER, 6, 0.6),
    ("training-team", "Training team", "team", CapabilityDomain.ENABLERS, 5, 1.2),
    ("liaison", "Liaison officers", "officers", CapabilityDomain.ENABLERS, 12, 0.8),
    ("fuel-unit", "Fuel supply unit", "unit", CapabilityDomain.ENABLERS, 3, 0.6),
    ("medical-team", "Role 1 medical team", "team", CapabilityDomain.ENABLERS, 6, 1.0),
    ("intel-cell", "Intelligence fusion cell", "cell", CapabilityDomain.ENABLERS, 2, 0.6),
    ("movement-control", "Movement control team", "team", CapabilityDomain.ENABLERS, 3, 0.5),
    ("trust-fund", "Trust fund contribution", "EUR million", CapabilityDomain.FUNDING, 100, 0.8),
)

# (capability, substitutes for, efficiency): one unit of the first fills e units of the second.
SUBSTITUTIONS: tuple[tuple[str, str, float], ...] = (
    ("armour-bn", "mech-bn", 1.0),
    ("mech-bn", "infantry-bn", 1.0),
    ("fighter-sqn", "air-policing", 1.0),
    ("frigate", "patrol-vessel", 1.0),
    ("tanker", "transport-ac", 0.5),
    ("recce-coy", "isr-drone", 0.5),
    ("engineer-coy", "demining-team", 0.5),
    ("airborne-bn", "light-infantry-bn", 1.0),
    ("destroyer", "frigate", 1.0),
    ("attack-helo", "utility-helo", 0.5),
    ("mpa", "isr-drone", 0.5),
    ("trust-fund", "funding", 1.0),
)

# Which capabilities a small instance keeps first: every domain early, substitution pairs together.
CATALOGUE_ORDER = (
    "infantry-bn", "mech-bn", "fighter-sqn", "air-policing", "frigate", "patrol-vessel",
    "field-hospital", "logistics-coy", "engineer-coy", "demining-team", "tanker", "transport-ac",
    "cyber-team", "funding", "armour-bn", "recce-coy", "isr-drone", "air-defence-bty",
    "artillery-bty", "minehunter", "hq-staff", "military-police", "light-infantry-bn",
    "airborne-bn", "destroyer", "attack-helo", "utility-helo", "mpa", "trust-fund",
    "special-forces-tg", "rocket-bty", "cbrn-coy", "ew-coy", "counter-drone", "signals-coy",
    "bridging-coy", "medevac-helo", "aew", "submarine", "amphibious-ship", "replenishment",
    "cyber-intel", "satcom", "training-team", "liaison", "fuel-unit", "medical-team",
    "intel-cell", "movement-control",
)  # fmt: skip

# Global conditions: (id, name, correlation group, loading, prerequisites, P(holds)).
GLOBAL_CONDITIONS: tuple[tuple[str, str, str | None, float, tuple[str, ...], float], ...] = (
    ("truce-agreed", "Truce agreed", "peace-process", 0.6, (), 0.6),
    ("peace-signed", "Peace signed", "peace-process", 0.7, ("truce-agreed",), 0.55),
    ("us-backstop", "US backstop", "us-policy", 0.8, (), 0.4),
    ("us-intelligence", "US intelligence sharing continues", "us-policy", 0.7, (), 0.6),
    ("un-mandate", "UN Security Council mandate", None, 0.0, ("peace-signed",), 0.15),
    ("eu-council-approval", "European Council approval", "eu-unity", 0.6, (), 0.7),
    ("russia-accepts", "Russia accepts the force", "peace-process", 0.5, ("truce-agreed",), 0.2),
    ("host-nation-agreement", "Host-nation agreement with Ukraine", None, 0.0, (), 0.85),
    ("eu-funding-facility", "EU defence funding facility", "eu-unity", 0.5, (), 0.6),
    ("air-policing-agreement", "Air policing agreement", "us-policy", 0.3, ("truce-agreed",), 0.6),
)

TAGS_POSITIVE = ("night-capable", "high-readiness", "nbc-protected", "winterised")
TAGS_RESTRICTIVE = ("no-combat", "rear-area-only", "no-offensive")

NAME_HEADS = (
    "Nor", "Vest", "Ard", "Bel", "Cor", "Dal", "Ess", "Fal", "Gal", "Hal", "Ist", "Kar", "Lun",
    "Mar", "Nev", "Ost", "Pol", "Ros", "Sel", "Tor", "Ul", "Val", "Wes", "Yar", "Zel", "Brem",
)  # fmt: skip
NAME_TAILS = ("land", "mark", "ia", "heim", "oria", "enia", "avia", "onia", "burg", "vania")
FIRST_NAMES = (
    "Anna", "Bruno", "Clara", "Dmitri", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas",
    "Karin", "Lukas", "Marta", "Nils", "Olga", "Pavel", "Rosa", "Sven", "Tara", "Ugo",
)  # fmt: skip
SURNAMES = (
    "Andersen", "Berger", "Costa", "Dvorak", "Eriksen", "Fontaine", "Gruber", "Horvat", "Ivanova",
    "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Olsen", "Petrov", "Rossi", "Schmidt",
    "Tamm", "Varga", "Weber", "Zeman",
)  # fmt: skip


def synthetic_codes() -> list[str]:
    """ISO 3166-1 user-assigned alpha-3 codes, which no real state uses."""
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    codes = [f"X{a}{b}" for a in letters for b in letters]
    codes += [f"Q{a}{b}" for a in letters[letters.index("M") :] for b in letters]
    return codes
