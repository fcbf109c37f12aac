"""Plain domain classes, independent of the database, web and CLI."""

from sdgplan.domain.indicators import (
    Area,
    AreaKind,
    Direction,
    Indicator,
    Observation,
    ObservationStatus,
    Scale,
)
from sdgplan.domain.issues import Issue, Severity, has_errors
from sdgplan.domain.plan import (
    FocusArea,
    Goal,
    GoalLevel,
    Municipality,
    Plan,
    PlanItem,
    PlanVersion,
    Strategy,
    VersionKind,
)
from sdgplan.domain.references import Reference, ReferenceKind, parse_references
from sdgplan.domain.rules import Threshold
from sdgplan.domain.sdg import SdgCatalogue, SdgGoal, SdgIndicator, SdgTarget, normalize_sdg_code

__all__ = [
    "Area",
    "AreaKind",
    "Direction",
    "FocusArea",
    "Goal",
    "GoalLevel",
    "Indicator",
    "Issue",
    "Municipality",
    "Observation",
    "ObservationStatus",
    "Plan",
    "PlanItem",
    "PlanVersion",
    "Reference",
    "ReferenceKind",
    "Scale",
    "SdgCatalogue",
    "SdgGoal",
    "SdgIndicator",
    "SdgTarget",
    "Severity",
    "Strategy",
    "Threshold",
    "VersionKind",
    "has_errors",
    "normalize_sdg_code",
    "parse_references",
]
