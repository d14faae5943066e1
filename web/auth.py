"""Maintainers' sign-in and sign-out, the signed-in user in `g.user`, and `login_required`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from directory.users import authenticate, get_user
from web.db import get_session
from web.protection import limiter, rate_limit

bp = Blueprint("auth", __name__)

P = ParamSpec("P")
R = TypeVar("R")


class LoginForm(FlaskForm):
    """Name and password."""

    name = StringField("User name", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


def login_required(view: Callable[P, R]) -> Callable[P, R | Response]:
    """Send visitors who are not signed in to the sign-in page, then back here."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        if g.get("user") is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None) -> str | None:
    """A `next` URL only when it stays on this site (a path, no scheme or host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.before_app_request
def load_user() -> None:
    """Put the signed-in maintainer (or None) in `g.user`."""
    user_id = session.get("user_id")
    g.user = get_user(session=get_session(), user_id=user_id) if isinstance(user_id, int) else None


def _failed(response: Response) -> bool:
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: rate_limit("LOGIN_RATE_LIMIT"), methods=["POST"], deduct_when=_failed)
def login() -> ResponseReturnValue:
    """The sign-in form; failed attempts are rate-limited per address."""
    form = LoginForm()
    next_url = safe_next(request.values.get("next"))
    error = None
    if form.validate_on_submit():
        user = authenticate(session=get_session(), name=form.name.data or "", password=form.password.data or "")
        if user is not None:
            session.clear()  # a fresh session on sign-in: nothing carried over from before
            session["user_id"] = user.id
            session.permanent = True
            return redirect(next_url or url_for("review.queue"))
        error = "That user name and password do not match."
    status = 401 if error else (400 if form.errors else 200)
    return render_template("auth/login.html", form=form, error=error, next_url=next_url), status


@bp.post("/logout")
def logout() -> Response:
    """Sign out (a POST, so another site cannot sign a maintainer out)."""
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))
