"""The review area's action forms; each one is CSRF-protected by Flask-WTF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

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


class OverrideForm(FlaskForm):
    """Set one criterion's score by hand; patients see the score and the reason, so both are required."""

    score = IntegerField(
        "New score (0 to 100)",
        validators=[InputRequired("Give a score from 0 to 100."),
                    NumberRange(0, 100, "The score must be between 0 and 100.")],
    )
    reason = TextAreaField(
        "Reason", validators=[DataRequired("Say why; patients see the reason beside the score."),
                              Length(max=MAX_REASON)],
    )


class ConfirmOverrideForm(FlaskForm):
    """Keep an override whose evidence changed, on the evidence as it is now."""

    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=MAX_REASON)])


class WithdrawOverrideForm(FlaskForm):
    """Withdraw an override; the computed score applies again."""

    reason = TextAreaField(
        "Why withdraw it?", validators=[DataRequired("Say why; the reason goes in the audit log."),
                                        Length(max=MAX_REASON)],
    )


class AcceptCandidateForm(FlaskForm):
    """Accept a discovery candidate: its homepage joins the sites to crawl."""

    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=MAX_REASON)])


class RejectCandidateForm(FlaskForm):
    """Reject a discovery candidate; it is kept so that discovery does not propose it again."""

    reason = TextAreaField(
        "Why reject it?", validators=[DataRequired("Say why; the reason goes in the audit log."),
                                      Length(max=MAX_REASON)],
    )
