"""What every view model shares: stance labels and colours, and the JSON form of a view.

A view model is a frozen dataclass built by a pure function from domain objects; the HTML page
renders it with a template and its JSON twin is `jsonable(view)`, so both always agree.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from muster.app.coverage import percent as percent  # re-exported: view models format with it
from muster.domain import Stance

STANCE_LABELS: dict[Stance, str] = {
    Stance.LEAD: "Lead",
    Stance.WILLING: "Willing",
    Stance.CONDITIONAL: "Conditional",
    Stance.UNDECIDED: "Undecided",
    Stance.SKEPTICAL: "Skeptical",
    Stance.OPPOSED: "Opposed",
}

# A diverging palette (blue = stepped up, red = against), distinguishable with the common colour
# vision deficiencies; every use also carries the stance as text, never colour alone.
STANCE_COLOURS: dict[Stance, str] = {
    Stance.LEAD: "#08519c",
    Stance.WILLING: "#3182bd",
    Stance.CONDITIONAL: "#9ecae1",
    Stance.UNDECIDED: "#fdd49e",
    Stance.SKEPTICAL: "#fc8d59",
    Stance.OPPOSED: "#b30000",
}
NO_STATEMENT_COLOUR = "#e0e0e0"
NO_STATEMENT_LABEL = "No statement yet"


def stance_label(stance: Stance | None) -> str:
    return NO_STATEMENT_LABEL if stance is None else STANCE_LABELS[stance]


def jsonable(value: Any) -> Any:
    """`value` as JSON types: dataclasses → objects, enums → values, dates → ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [jsonable(v) for v in items]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
