"""The maintainers' review area: the queue, a review page per clinic, its actions, the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from directory.audit import actions_in_use, clinic_names, entries
from directory.config import get_settings
from directory.corrections import KINDS, RELATIONSHIPS, CorrectionError, get_request, resolve_request
from directory.dashboard import clinics_by_status, clinics_per_state, crawl_health, grade_distribution
from directory.overrides import get_override, overridable_criteria
from directory.review_actions import (
    ActionError,
    NotFound,
    approve_clinic,
    confirm_override,
    override_score,
    set_hidden,
    withdraw_override,
)
from directory.review_detail import ReviewDetail, review_detail
from directory.review_queue import CRITERION_TITLES, LOW_CONFIDENCE, OVERRIDES_ANCHOR, QueueItem, build_queue
from scoring.criteria import CRITERIA
from web.auth import login_required
from web.charts import Segment, bar_chart, date_labels, stacked_columns
from web.db import get_session
from web.filters import long_date
from web.review_forms import (
    ApproveForm,
    ConfirmOverrideForm,
    OverrideForm,
    ResolveForm,
    VisibilityForm,
    WithdrawOverrideForm,
)

bp = Blueprint("review", __name__, url_prefix="/review")

#: Where each kind of queue subject is reviewed: subject -> (endpoint, URL argument name).
#: A queue source with a new subject adds its review page here.
SUBJECT_PAGES: dict[str, tuple[str, str]] = {
    "clinic": ("review.clinic", "clinic_id"),
    "candidate": ("candidates.review", "candidate_id"),
}

LOG_PAGE_SIZE = 100
# The grade badges' colours (site.css), so the chart and the badges agree.
GRADE_COLOURS = {"A": "#146c2e", "B": "#2f6b8f", "C": "#7a5a00", "D": "#8a3b00", "F": "#a3001b",
                 "Not graded": "#5b6673"}
OK_COLOUR, FAILED_COLOUR, UNREACHABLE_COLOUR = "#146c2e", "#c05600", "#5b1a8c"


def item_url(item: QueueItem) -> str:
    """The review page of a queue item's subject."""
    endpoint, argument = SUBJECT_PAGES[item.subject]
    return url_for(endpoint, **{argument: item.subject_id}, _anchor=item.anchor)


@bp.after_request
def no_store(response: Response) -> Response:
    """Review pages carry requesters' contact details: never cache them."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@login_required
def queue() -> str:
    """Everything waiting for a maintainer, one section per source; `?kind=` shows one section."""
    kind = request.args.get("kind") or None
    sections = build_queue(session=get_session())
    if kind and kind not in {section.source.kind for section in sections}:
        abort(404)
    shown = [section for section in sections if kind in (None, section.source.kind)]
    return render_template("review/queue.html", sections=shown, all_sections=sections, kind=kind,
                           item_url=item_url)


def _forms(found: ReviewDetail, failed: FlaskForm | None) -> dict[str, FlaskForm]:
    """Every action form of the page by prefix, empty, except the one that failed validation."""
    forms: dict[str, FlaskForm] = {
        "approve": ApproveForm(prefix="approve", formdata=None),
        "visibility": VisibilityForm(prefix="visibility", formdata=None),
    }
    for request_ in found.open_corrections:
        forms[f"resolve-{request_.id}"] = ResolveForm(prefix=f"resolve-{request_.id}", formdata=None)
    if found.detail.clinic.criteria_version:
        for key in overridable_criteria():
            forms[f"override-{key}"] = OverrideForm(prefix=f"override-{key}", formdata=None)
    for override in found.overrides.values():
        forms[f"withdraw-{override.id}"] = WithdrawOverrideForm(prefix=f"withdraw-{override.id}", formdata=None)
        if override.status == "needs_review":
            forms[f"confirm-{override.id}"] = ConfirmOverrideForm(prefix=f"confirm-{override.id}", formdata=None)
    if failed is not None and _key(failed) in forms:
        forms[_key(failed)] = failed
    _name_fields(forms, found)
    return forms


def _key(form: FlaskForm) -> str:
    """The prefix a form was made with ("override-insurance"), which keys it on the page."""
    return form._prefix.rstrip("-")  # WTForms keeps the prefix only there, with its separator


def _name_fields(forms: dict[str, FlaskForm], found: ReviewDetail) -> None:
    """One page holds a form per criterion and per override: each label names its criterion."""
    titles = {f"override-{key}": CRITERION_TITLES.get(key, key) for key in overridable_criteria()}
    for override in found.overrides.values():
        title = CRITERION_TITLES.get(override.criterion, override.criterion)
        titles[f"withdraw-{override.id}"] = titles[f"confirm-{override.id}"] = title
    for key, form in forms.items():
        title = titles.get(key)
        if isinstance(form, OverrideForm):
            form.score.label.text = f"New score for “{title}” (0 to 100)"
            form.reason.label.text = f"Why “{title}” gets this score"
        elif isinstance(form, ConfirmOverrideForm):
            form.note.label.text = f"Note on keeping the “{title}” override (optional)"
        elif isinstance(form, WithdrawOverrideForm):
            form.reason.label.text = f"Why withdraw the “{title}” override?"


def _render_clinic(clinic_id: int, status: int = 200, *, failed: FlaskForm | None = None) -> ResponseReturnValue:
    """The clinic's review page; a form that failed validation is shown with its errors."""
    found = review_detail(session=get_session(), clinic_id=clinic_id)
    if found is None:
        abort(404)
    return render_template(
        "review/clinic.html", review=found, criteria=CRITERIA, forms=_forms(found, failed), kinds=KINDS,
        relationships=RELATIONSHIPS, low_confidence=LOW_CONFIDENCE, titles=CRITERION_TITLES,
    ), status


def _refused(clinic_id: int, form: FlaskForm, field: str, exc: ActionError) -> ResponseReturnValue:
    """Show an action's refusal as an error on one of its form's fields."""
    target = getattr(form, field)
    target.errors = [*target.errors, str(exc).capitalize() + "."]
    return _render_clinic(clinic_id, 400, failed=form)


@bp.get("/clinics/<int:clinic_id>")
@login_required
def clinic(clinic_id: int) -> ResponseReturnValue:
    """One clinic with its evidence, scores, red flags, requests, crawl reports and history."""
    return _render_clinic(clinic_id)


@bp.post("/clinics/<int:clinic_id>/approve")
@login_required
def approve(clinic_id: int) -> ResponseReturnValue:
    """Approve the clinic's listing as it is now."""
    form = ApproveForm(prefix="approve")
    if not form.validate_on_submit():
        return _render_clinic(clinic_id, 400, failed=form)
    session = get_session()
    try:
        approve_clinic(session=session, clinic_id=clinic_id, actor=g.user.name, note=form.note.data)
    except NotFound:
        abort(404)
    session.commit()
    flash("Approved. The clinic comes back to the queue when its listing changes.")
    return redirect(url_for("review.clinic", clinic_id=clinic_id))


def _set_visibility(clinic_id: int, hidden: bool) -> ResponseReturnValue:
    form = VisibilityForm(prefix="visibility")
    if not form.validate_on_submit():
        return _render_clinic(clinic_id, 400, failed=form)
    session = get_session()
    try:
        clinic = set_hidden(session=session, clinic_id=clinic_id, hidden=hidden, actor=g.user.name,
                            reason=form.reason.data or "")
    except NotFound:
        abort(404)
    except ActionError as exc:
        return _refused(clinic_id, form, "reason", exc)
    session.commit()
    flash(f"{clinic.name} is hidden from patients." if hidden else f"{clinic.name} is shown to patients again.")
    return redirect(url_for("review.clinic", clinic_id=clinic_id))


@bp.post("/clinics/<int:clinic_id>/hide")
@login_required
def hide(clinic_id: int) -> ResponseReturnValue:
    """Hide the clinic from search, pages, the API and exports."""
    return _set_visibility(clinic_id, True)


@bp.post("/clinics/<int:clinic_id>/unhide")
@login_required
def unhide(clinic_id: int) -> ResponseReturnValue:
    """Show a hidden clinic again."""
    return _set_visibility(clinic_id, False)


@bp.post("/corrections/<int:request_id>/resolve")
@login_required
def resolve(request_id: int) -> ResponseReturnValue:
    """Resolve a correction or removal request with a note."""
    session = get_session()
    found = get_request(session=session, request_id=request_id)
    if found is None:
        abort(404)
    form = ResolveForm(prefix=f"resolve-{request_id}")
    if not form.validate_on_submit():
        return _render_clinic(found.clinic_id, 400, failed=form)
    try:
        resolve_request(session=session, request_id=request_id, actor=g.user.name, note=form.note.data or "")
    except CorrectionError as exc:
        flash(str(exc).capitalize() + ".")
        return redirect(url_for("review.clinic", clinic_id=found.clinic_id))
    session.commit()
    flash("The request is resolved.")
    return redirect(url_for("review.clinic", clinic_id=found.clinic_id))


@bp.post("/clinics/<int:clinic_id>/criteria/<criterion>/override")
@login_required
def override(clinic_id: int, criterion: str) -> ResponseReturnValue:
    """Set a criterion's score by hand, with a reason patients see; the clinic is re-scored."""
    if criterion not in overridable_criteria():
        abort(404)
    form = OverrideForm(prefix=f"override-{criterion}")
    if not form.validate_on_submit():
        return _render_clinic(clinic_id, 400, failed=form)
    session = get_session()
    try:
        made = override_score(session=session, clinic_id=clinic_id, criterion=criterion, score=form.score.data or 0,
                              reason=form.reason.data or "", actor=g.user.name)
    except NotFound:
        abort(404)
    except ActionError as exc:
        return _refused(clinic_id, form, "reason", exc)
    session.commit()
    computed = "no score" if made.computed_score is None else made.computed_score
    flash(f"“{CRITERION_TITLES[criterion]}” is now scored {made.score} (the criteria gave {computed}). "
          "The overall score and grade include it, on this page and the public one.")
    return redirect(url_for("review.clinic", clinic_id=clinic_id, _anchor=OVERRIDES_ANCHOR))


def _override_action(override_id: int, form_class: type[FlaskForm], action: str) -> ResponseReturnValue:
    session = get_session()
    found = get_override(session=session, override_id=override_id)
    if found is None:
        abort(404)
    form = form_class(prefix=f"{action}-{override_id}")
    if not form.validate_on_submit():
        return _render_clinic(found.clinic_id, 400, failed=form)
    title = CRITERION_TITLES.get(found.criterion, found.criterion)
    try:
        if isinstance(form, WithdrawOverrideForm):
            withdraw_override(session=session, override_id=override_id, actor=g.user.name,
                              reason=form.reason.data or "")
            message = f"The override of “{title}” is withdrawn; the computed score applies again."
        else:
            assert isinstance(form, ConfirmOverrideForm)
            confirm_override(session=session, override_id=override_id, actor=g.user.name, note=form.note.data)
            message = f"The override of “{title}” is confirmed on the current evidence."
    except ActionError as exc:  # the override changed meanwhile (withdrawn, replaced, confirmed)
        flash(str(exc).capitalize() + ".")
        return redirect(url_for("review.clinic", clinic_id=found.clinic_id, _anchor=OVERRIDES_ANCHOR))
    session.commit()
    flash(message)
    return redirect(url_for("review.clinic", clinic_id=found.clinic_id, _anchor=OVERRIDES_ANCHOR))


@bp.post("/overrides/<int:override_id>/confirm")
@login_required
def confirm(override_id: int) -> ResponseReturnValue:
    """Keep an override whose evidence changed, on the evidence as it is now."""
    return _override_action(override_id, ConfirmOverrideForm, "confirm")


@bp.post("/overrides/<int:override_id>/withdraw")
@login_required
def withdraw(override_id: int) -> ResponseReturnValue:
    """Withdraw an override, with a reason; the computed score applies again."""
    return _override_action(override_id, WithdrawOverrideForm, "withdraw")


@bp.get("/log")
@login_required
def log() -> str:
    """The audit log, newest first; filter by clinic and action."""
    session = get_session()
    clinic_id = request.args.get("clinic", type=int)
    action = request.args.get("action") or None
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows = entries(session=session, clinic_id=clinic_id, action=action, limit=LOG_PAGE_SIZE + 1,
                   offset=(page - 1) * LOG_PAGE_SIZE)
    shown = rows[:LOG_PAGE_SIZE]
    names = clinic_names(session=session, ids=[e.clinic_id for e in shown if e.clinic_id is not None]
                         + ([clinic_id] if clinic_id is not None else []))
    return render_template("review/log.html", entries=shown, more=len(rows) > LOG_PAGE_SIZE, page=page,
                           clinic_id=clinic_id, clinic_names=names, action=action,
                           actions=actions_in_use(session=session))


@bp.get("/dashboard")
@login_required
def dashboard() -> str:
    """Grades, states and crawl health as SVG charts with their numbers."""
    session = get_session()
    runs = crawl_health(session=session, unreachable_after=get_settings().unreachable_after)
    grades = grade_distribution(session=session)
    states = clinics_per_state(session=session)
    charts = {
        "grades": bar_chart(
            chart_id="chart-grades", title="Listed clinics by grade",
            description=", ".join(f"{grade}: {n}" for grade, n in grades), bars=grades, colours=GRADE_COLOURS,
        ),
        "states": bar_chart(
            chart_id="chart-states", title="Listed clinics per state",
            description=", ".join(f"{state}: {n}" for state, n in states) or "No clinics yet.", bars=states,
            label_width=48,
        ),
        "crawls": stacked_columns(
            chart_id="chart-crawls", title="Sites per crawl run: ok, failed, unreachable",
            description="; ".join(f"{long_date(r.started_at)} at {r.started_at:%H:%M} UTC (run {r.run_id}): "
                                  f"{r.sites_ok} ok, {r.failed_only} failed, {r.sites_unreachable} unreachable"
                                  for r in runs) or "No crawls yet.",
            labels=date_labels([r.started_at for r in runs]),
            segments=[Segment("ok", OK_COLOUR, [r.sites_ok for r in runs]),
                      Segment("failed", FAILED_COLOUR, [r.failed_only for r in runs]),
                      Segment("unreachable", UNREACHABLE_COLOUR, [r.sites_unreachable for r in runs])],
        ),
    }
    return render_template("review/dashboard.html", charts=charts, grades=grades, states=states, runs=runs,
                           statuses=clinics_by_status(session=session),
                           unreachable_after=get_settings().unreachable_after)
