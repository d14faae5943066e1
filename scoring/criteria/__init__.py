"""The registry of vetting criteria: one module per criterion, listed once here."""

from __future__ import annotations

from scoring.criteria.base import Criterion
from scoring.criteria.credentials import Credentials
from scoring.criteria.experience import Experience
from scoring.criteria.insurance import Insurance
from scoring.criteria.modalities import Modalities
from scoring.criteria.pain_focus import PainFocus
from scoring.criteria.psychotherapy import Psychotherapy
from scoring.criteria.red_flags import RedFlags
from scoring.criteria.safety import Safety
from scoring.criteria.setting import Setting

CRITERIA: tuple[Criterion, ...] = (
    Experience(),
    Credentials(),
    Modalities(),
    Psychotherapy(),
    Insurance(),
    Safety(),
    Setting(),
    PainFocus(),
    RedFlags(),
)

__all__ = ["CRITERIA", "Criterion"]
