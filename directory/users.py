"""Maintainer accounts: creating them and checking passwords."""

from __future__ import annotations

import re

from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from directory.models import User

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 12
# Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class UserError(ValueError):
    """A user that cannot be created as asked (bad name, short password, name taken)."""


def validate_password(password: str) -> None:
    """Refuse passwords too short to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")


def create_user(*, session: Session, name: str, password: str) -> User:
    """Add a maintainer; the password is stored only as a salted hash."""
    if not NAME_PATTERN.match(name):
        raise UserError("a user name is 2-64 letters, digits, dots, dashes or underscores")
    validate_password(password)
    if user_by_name(session=session, name=name) is not None:
        raise UserError(f"a user named {name!r} already exists")
    user = User(name=name, password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def user_by_name(*, session: Session, name: str) -> User | None:
    """The user with this name, if any."""
    return session.exec(select(User).where(User.name == name)).first()


def get_user(*, session: Session, user_id: int) -> User | None:
    """The user with this id, if any."""
    return session.get(User, user_id)


def authenticate(*, session: Session, name: str, password: str) -> User | None:
    """The user when name and password match, else None (in about the same time either way)."""
    user = user_by_name(session=session, name=name)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None
