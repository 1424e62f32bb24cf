"""The closed vocabularies of the glossary: stances, statuses, classifications, domains."""

from __future__ import annotations

from enum import StrEnum


class Stance(StrEnum):
    """A nation's position on the coalition, from most to least committed."""

    LEAD = "lead"
    WILLING = "willing"
    CONDITIONAL = "conditional"
    UNDECIDED = "undecided"
    SKEPTICAL = "skeptical"
    OPPOSED = "opposed"

    @property
    def rank(self) -> int:
        """0 for lead ... 5 for opposed: larger is more cautious."""
        return list(Stance).index(self)

    @property
    def stepped_up(self) -> bool:
        """Whether a nation with this stance counts as having stepped up."""
        return self in (Stance.LEAD, Stance.WILLING, Stance.CONDITIONAL)


class StatementStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class PledgeStatus(StrEnum):
    DRAFT = "draft"
    OFFERED = "offered"
    CONFIRMED = "confirmed"
    DEPLOYED = "deployed"
    WITHDRAWN = "withdrawn"


class Classification(StrEnum):
    """Who may read a pledge: everyone, any signed-in coalition user, or its own delegation."""

    PUBLIC = "public"
    COALITION = "coalition"
    NATIONAL = "national"


class ConditionStatus(StrEnum):
    HOLDS = "holds"
    FAILS = "fails"
    UNKNOWN = "unknown"


class CapabilityDomain(StrEnum):
    LAND = "land"
    AIR = "air"
    MARITIME = "maritime"
    CYBER = "cyber"
    ENABLERS = "enablers"
    FUNDING = "funding"


class AidType(StrEnum):
    MILITARY = "military"
    FINANCIAL = "financial"
    HUMANITARIAN = "humanitarian"
