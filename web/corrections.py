"""'Request a correction or removal' on each clinic page: the form, its checks, the thank-you."""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from directory.corrections import KINDS, RELATIONSHIPS, submit_request
from directory.models import Clinic
from directory.queries import clinic_by_slug
from web.db import get_session
from web.protection import limiter, rate_limit

bp = Blueprint("corrections", __name__, url_prefix="/clinics")

# Deliberately loose: one @, something on both sides, a dot in the domain, no spaces.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _no_control_characters(_form: FlaskForm, field: StringField) -> None:
    if field.data and re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", field.data):
        raise ValidationError("Remove the unusual characters from this field.")


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class CorrectionForm(FlaskForm):
    """Who is asking, how to reach them, and what to correct or remove."""

    name = StringField("Your name", validators=[DataRequired("Enter your name."), Length(max=100),
                                                _no_control_characters])
    email = EmailField("Your email address", validators=[
        DataRequired("Enter an email address so we can reply."), Length(max=254),
        Regexp(EMAIL, message="Enter an email address like name@example.org."),
    ])
    relationship = RadioField("Your connection to this clinic", choices=_choices(RELATIONSHIPS),
                              validators=[InputRequired("Choose your connection to this clinic.")])
    kind = RadioField("What would you like?", choices=_choices(KINDS),
                      validators=[InputRequired("Choose a correction or a removal.")])
    message = TextAreaField("What should change, and why?", validators=[
        DataRequired("Tell us what should change."),
        Length(min=10, max=5000, message="Write between 10 and 5,000 characters."), _no_control_characters,
    ])


def _visible_clinic(slug: str) -> Clinic:
    clinic = clinic_by_slug(session=get_session(), slug=slug)
    if clinic is None or clinic.hidden or clinic.id is None:
        abort(404)
    return clinic


@bp.app_context_processor
def blank_correction_form() -> dict[str, object]:
    """`correction_form()` in templates: an empty form for the clinic page's partial."""
    return {"correction_form": lambda: CorrectionForm(prefix="correction", formdata=None)}


def _stored(response: Response) -> bool:
    return response.status_code == 302


@bp.route("/<slug>/correction", methods=["GET", "POST"])
@limiter.limit(lambda: rate_limit("CORRECTION_RATE_LIMIT"), methods=["POST"], deduct_when=_stored)
def request_correction(slug: str) -> ResponseReturnValue:
    """The form on its own page (also where errors are shown); stores a valid request."""
    clinic = _visible_clinic(slug)
    form = CorrectionForm(prefix="correction")
    if form.validate_on_submit():
        session = get_session()
        assert clinic.id is not None
        submit_request(session=session, clinic_id=clinic.id, name=form.name.data or "",
                       email=form.email.data or "", relationship=form.relationship.data or "",
                       kind=form.kind.data or "", message=form.message.data or "")
        session.commit()
        return redirect(url_for("corrections.sent", slug=slug))
    return render_template("corrections/form.html", clinic=clinic, form=form), 400 if form.errors else 200


@bp.get("/<slug>/correction/sent")
def sent(slug: str) -> str:
    """Thank you; what happens next."""
    return render_template("corrections/sent.html", clinic=_visible_clinic(slug))
