"""The Flask site and JSON API: `create_app()` builds it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from directory.config import get_settings


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory: configuration from the environment, overridable for tests."""
    settings = get_settings()
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(
        SECRET_KEY=settings.secret_key or None,
        DATABASE_URL=settings.database_url,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_uri,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented field order
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("CLINICS_SECRET_KEY is not set; set it (any long random string) to serve the site.")

    from web import api, auth, candidates, clinics, corrections, db, filters, pages, protection, review, search

    db.init_app(app)
    protection.init_app(app)
    app.register_blueprint(search.bp)
    app.register_blueprint(clinics.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(corrections.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(candidates.bp)
    filters.init_app(app)
    return app
