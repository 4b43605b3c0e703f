"""Type stubs for leadscore, the lead-scoring engine's Python package (a compiled module)."""

from datetime import datetime
from typing import (
    Any,
    Dict,
    List,
    Literal,
    Optional,
    Sequence,
    TypedDict,
    Union,
    final,
    overload,
    type_check_only,
)

from typing_extensions import NotRequired

import pyarrow

__all__ = [
    "Scorer",
    "ModelError",
    "InputError",
    "validate_model",
    "calibrate",
    "MODEL_VERSION",
    "__version__",
]

__version__: str
MODEL_VERSION: int

# The shapes below exist for type checkers only (import them under `if TYPE_CHECKING:`).

#: A moment: a datetime with a time zone, RFC 3339 text or epoch milliseconds.
_AsOf = Union[datetime, str, int, float]
#: A model: a dict or its JSON text.
_ModelSource = Union[Dict[str, Any], str, bytes]
#: A lead: ``{"id", "attributes": {...}, "events": [{"id"?, "type", "at", "props"?}]}`` or its JSON text.
_LeadSource = Union[Dict[str, Any], str, bytes]

@type_check_only
class Limits(TypedDict, total=False):
    """A scorer's limits by name; any left out keep their default."""

    eventsPerLead: int
    rulesPerModel: int
    stringLength: int
    nestingDepth: int
    batchSize: int

@type_check_only
class Issue(TypedDict):
    path: str
    message: str

class ModelError(ValueError):
    """A model that cannot be compiled; ``errors`` lists every problem."""

    path: str
    errors: List[Issue]

class InputError(ValueError):
    """A lead, a batch, a time or an option that cannot be read, and where."""

    path: str
    errors: List[Issue]

@type_check_only
class Contribution(TypedDict):
    ruleId: str
    group: Literal["fit", "intent"]
    label: NotRequired[str]
    points: int
    rawPoints: float
    decayFactor: float
    matched: int
    counted: int
    lastAt: Optional[str]

@type_check_only
class EventRef(TypedDict):
    index: int
    id: Optional[str]
    type: str
    at: str

@type_check_only
class Trigger(TypedDict):
    ruleId: str
    event: EventRef

@type_check_only
class ScoreWarning(TypedDict):
    code: Literal["unknownEventType", "eventAfterAsOf", "duplicateEventId", "lateEvent", "notANumber"]
    message: str
    path: str
    count: int

_Blocker = Literal["disqualified", "missingFields", "noRecentEngagement", "fitTooLow", "intentTooLow"]

@type_check_only
class ScoreSummary(TypedDict):
    """A result without its explanation (``detail="summary"``)."""

    leadId: str
    asOf: str
    fit: int
    intent: int
    total: int
    band: Optional[str]
    grid: Optional[str]
    mql: bool
    mqlReason: Optional[Literal["threshold", "instant"]]
    handRaiser: bool
    disqualified: bool
    crossedAt: Optional[str]

@type_check_only
class ScoreResult(ScoreSummary):
    """A lead's result: the summary's fields and its explanation."""

    fitBand: Optional[str]
    intentBand: Optional[str]
    trigger: Optional[Trigger]
    blockedBy: List[_Blocker]
    disqualifiedBy: List[str]
    missingFields: List[str]
    lastEngagementAt: Optional[str]
    crossingEvent: Optional[EventRef]
    contributions: List[Contribution]
    warnings: List[ScoreWarning]

@type_check_only
class ErrorDetail(TypedDict):
    name: Literal["InputError"]
    message: str
    path: str

@type_check_only
class FailedLead(TypedDict):
    """In place of a lead that could not be read, with ``on_error="collect"``."""

    leadId: Optional[str]
    error: ErrorDetail

@final
class Scorer:
    """A compiled scoring model. Compile once, then score many leads."""

    def __new__(cls, model: _ModelSource, *, limits: Optional[Limits] = None) -> Scorer:
        """Validates and compiles a model within ``limits`` (any left out at its default), which
        also bound every lead the scorer reads; raises ModelError listing every problem, or
        InputError for bad limits."""

    @property
    def limits(self) -> Limits:
        """The limits this scorer reads leads within, all five."""

    @property
    def model_name(self) -> Optional[str]: ...
    def rule_ids(self) -> List[str]:
        """Every rule id in the model, fit rules first."""

    def score(
        self,
        lead: _LeadSource,
        *,
        as_of: Optional[_AsOf] = None,
        detail: Literal["full", "summary"] = "full",
    ) -> ScoreResult:
        """Scores one lead as of ``as_of`` (default: now); raises InputError naming the bad value.
        With ``detail="summary"`` the result is a ScoreSummary."""

    def score_batch(
        self,
        leads: Union[Sequence[_LeadSource], str, bytes],
        *,
        as_of: Optional[_AsOf] = None,
        on_error: Literal["throw", "collect"] = "throw",
        detail: Literal["full", "summary"] = "full",
    ) -> List[Union[ScoreResult, FailedLead]]:
        """Scores a list of leads, or JSON text (an array or JSON Lines), in order. With
        ``on_error="collect"`` a lead that cannot be read yields a FailedLead in its place.
        With ``detail="summary"`` each result is a ScoreSummary."""

    def score_arrow(
        self,
        batch: pyarrow.RecordBatch,
        *,
        as_of: Optional[_AsOf] = None,
        on_error: Literal["throw", "collect"] = "throw",
        contributions: bool = False,
    ) -> pyarrow.RecordBatch:
        """Scores a record batch of leads (``id``; ``attributes`` a struct or JSON text;
        ``events`` a list of structs or JSON text) into a record batch of results, one row per
        lead in order: leadId, asOf, fit, intent, total, band, fitBand, intentBand, grid, mql,
        mqlReason, handRaiser, trigger, blockedBy, disqualified, disqualifiedBy, missingFields,
        lastEngagementAt, crossedAt, crossingEvent, [contributions,] warnings, error, errorPath.
        trigger, crossingEvent, contributions and warnings are JSON text."""

def validate_model(model: _ModelSource) -> List[Issue]:
    """Every problem in a model, each with its path; empty when it is valid."""

#: Outcomes: one per lead (True, False, 1, 0, or None for none), or a dict by lead id.
_Outcomes = Union[Sequence[Union[bool, int, None]], Dict[str, Union[bool, int, None]]]

@overload
def calibrate(
    model: _ModelSource,
    leads: Union[Sequence[_LeadSource], str, bytes],
    outcomes: _Outcomes,
    *,
    as_of: Optional[_AsOf] = None,
    seed: int = 0,
    holdout_share: Optional[float] = None,
    holdout_from: Optional[_AsOf] = None,
    folds: int = 5,
    format: Literal["json"] = "json",
    limits: Optional[Limits] = None,
) -> Dict[str, Any]:
    """Calibrates the model against the leads' outcomes, each lead scored as of ``as_of``:
    conversion by band, decile and range with Wilson intervals, AUC, threshold advice, each
    rule's power and a fitted model, compared on a holdout. The report as a dict."""

@overload
def calibrate(
    model: _ModelSource,
    leads: Union[Sequence[_LeadSource], str, bytes],
    outcomes: _Outcomes,
    *,
    as_of: Optional[_AsOf] = None,
    seed: int = 0,
    holdout_share: Optional[float] = None,
    holdout_from: Optional[_AsOf] = None,
    folds: int = 5,
    format: Literal["text", "markdown"],
    limits: Optional[Limits] = None,
) -> str:
    """The same report written for people, as aligned text or Markdown."""
