"""Protection every page shares: CSRF tokens (Flask-WTF), rate limits (Flask-Limiter), security headers.

The extension objects live here so views can decorate with `limiter.limit(...)`; `init_app`
binds them to an app, renders their refusals as plain pages, and adds the headers to every response.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

csrf = CSRFProtect()
# Behind a reverse proxy, wrap the app in werkzeug's ProxyFix so remote_addr is the client's.
limiter = Limiter(key_func=get_remote_address)

DEFAULT_LIMITS = {
    # Counted only on failed sign-ins, so a maintainer who types correctly is never slowed.
    "LOGIN_RATE_LIMIT": "5 per minute;30 per hour",
    # Counted only on stored requests, so fixing a validation error costs nothing.
    "CORRECTION_RATE_LIMIT": "5 per hour;20 per day",
}


# Every asset is served by the site itself: no CDN, no inline script or style (JSON-LD is data, which
# CSP does not govern), no framing. The browser tests fail on any violation of this policy.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "img-src 'self'", "style-src 'self'", "script-src 'self'", "object-src 'none'",
    "form-action 'self'", "frame-ancestors 'none'", "base-uri 'self'",
])


def rate_limit(name: str) -> str:
    """The app's configured limit string for one kind of request."""
    return str(current_app.config.get(name) or DEFAULT_LIMITS[name])


def _csrf_failed(error: CSRFError) -> tuple[str, int]:
    return render_template("errors/csrf.html", reason=error.description), 400


def _too_many(error: TooManyRequests) -> tuple[str, int] | Response:
    return render_template("errors/too_many.html"), 429


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def init_app(app: Flask) -> None:
    """Bind CSRF protection to every POST and the rate limiter, with friendly error pages; add security headers."""
    for name, value in DEFAULT_LIMITS.items():
        app.config.setdefault(name, value)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    csrf.init_app(app)
    limiter.init_app(app)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(TooManyRequests, _too_many)
    app.after_request(_security_headers)
