"""The review area's action forms; each one is CSRF-protected by Flask-WTF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

MAX_REASON = 2000


class ApproveForm(FlaskForm):
    """Approve the listing as it is; a note is optional (patients see no change)."""

    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=MAX_REASON)])


class VisibilityForm(FlaskForm):
    """Hide or show a clinic; patients see the difference, so a reason is required."""

    reason = TextAreaField(
        "Reason", validators=[DataRequired("Say why; the reason goes in the audit log."), Length(max=MAX_REASON)]
    )


class ResolveForm(FlaskForm):
    """Resolve a correction request with a note on what was done."""

    note = TextAreaField(
        "How was this handled?",
        validators=[DataRequired("Write a note on how the request was handled."), Length(max=MAX_REASON)],
    )
