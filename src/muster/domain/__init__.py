"""The concepts of the glossary as typed, validated, immutable objects, and their pure rules."""

from muster.domain.aid import AidRecord
from muster.domain.condition import Condition, Scenario, StatusChange
from muster.domain.conference import Call, Decision, Offer
from muster.domain.dataset import ENTITIES, ENTITY_NAMES, Dataset, check_dataset
from muster.domain.enums import (
    AidType,
    CapabilityDomain,
    Classification,
    ConditionStatus,
    PledgeStatus,
    Stance,
    StatementStatus,
)
from muster.domain.mission import Capability, Mission, Phase, RequirementLine, Substitution
from muster.domain.nation import Actor, Nation, Office
from muster.domain.pledge import (
    COUNTED_STATUSES,
    PLEDGE_TRANSITIONS,
    Pledge,
    check_pledge_transition,
)
from muster.domain.records import from_record, to_record
from muster.domain.source import Source
from muster.domain.stance import (
    NationStance,
    change_dates,
    stance_as_of,
    stance_counts,
    stance_timeline,
    stances_as_of,
)
from muster.domain.statement import STATEMENT_TRANSITIONS, Statement, check_statement_transition

__all__ = [
    "COUNTED_STATUSES",
    "ENTITIES",
    "ENTITY_NAMES",
    "PLEDGE_TRANSITIONS",
    "STATEMENT_TRANSITIONS",
    "Actor",
    "AidRecord",
    "AidType",
    "Call",
    "Capability",
    "CapabilityDomain",
    "Classification",
    "Condition",
    "ConditionStatus",
    "Dataset",
    "Decision",
    "Mission",
    "Nation",
    "NationStance",
    "Offer",
    "Office",
    "Phase",
    "Pledge",
    "PledgeStatus",
    "RequirementLine",
    "Scenario",
    "Source",
    "Stance",
    "Statement",
    "StatementStatus",
    "StatusChange",
    "Substitution",
    "change_dates",
    "check_dataset",
    "check_pledge_transition",
    "check_statement_transition",
    "from_record",
    "stance_as_of",
    "stance_counts",
    "stance_timeline",
    "stances_as_of",
    "to_record",
]
