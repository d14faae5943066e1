"""Discovery candidates in the review area: a page per candidate, accepted or rejected by a maintainer.

Accepting publishes nothing: the homepage joins the sites to crawl, and a listing appears only
after a crawl has scored it, coming back to the queue as a new clinic.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from directory.candidates import candidate_detail
from directory.review_actions import ActionError, NotFound, decide_candidate
from web.auth import login_required
from web.db import get_session
from web.review_forms import AcceptCandidateForm, RejectCandidateForm

bp = Blueprint("candidates", __name__, url_prefix="/review/candidates")


@bp.after_request
def no_store(response: Response) -> Response:
    """Review pages are for signed-in maintainers only: never cache them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _render(candidate_id: int, status: int = 200, *, failed: FlaskForm | None = None) -> ResponseReturnValue:
    found = candidate_detail(session=get_session(), candidate_id=candidate_id)
    if found is None:
        abort(404)
    accept = failed if isinstance(failed, AcceptCandidateForm) else AcceptCandidateForm(prefix="accept", formdata=None)
    reject = failed if isinstance(failed, RejectCandidateForm) else RejectCandidateForm(prefix="reject", formdata=None)
    return render_template("candidates/review.html", found=found, accept_form=accept, reject_form=reject), status


@bp.get("/<int:candidate_id>")
@login_required
def review(candidate_id: int) -> ResponseReturnValue:
    """A candidate: where it was found, what accepting means, and its decisions so far."""
    return _render(candidate_id)


def _decide(candidate_id: int, accept: bool) -> ResponseReturnValue:
    form: FlaskForm = AcceptCandidateForm(prefix="accept") if accept else RejectCandidateForm(prefix="reject")
    if not form.validate_on_submit():
        return _render(candidate_id, 400, failed=form)
    note = form.note.data if isinstance(form, AcceptCandidateForm) else form.reason.data
    session = get_session()
    try:
        candidate = decide_candidate(session=session, candidate_id=candidate_id, accept=accept, actor=g.user.name,
                                     note=note)
    except NotFound:
        abort(404)
    except ActionError as exc:
        flash(str(exc).capitalize() + ".")
        return redirect(url_for("candidates.review", candidate_id=candidate_id))
    session.commit()
    flash(f"Accepted: {candidate.homepage} is queued for crawling. Nothing is listed until it is crawled and reviewed."
          if accept else f"Rejected: {candidate.homepage} will not be proposed again.")
    return redirect(url_for("candidates.review", candidate_id=candidate_id))


@bp.post("/<int:candidate_id>/accept")
@login_required
def accept(candidate_id: int) -> ResponseReturnValue:
    """Accept the candidate: its homepage joins the sites to crawl."""
    return _decide(candidate_id, True)


@bp.post("/<int:candidate_id>/reject")
@login_required
def reject(candidate_id: int) -> ResponseReturnValue:
    """Reject the candidate, with a reason."""
    return _decide(candidate_id, False)
