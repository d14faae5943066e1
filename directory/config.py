"""Settings read from environment variables, in one place.

Every variable is listed in `.env.example` and the README; a test fails when one is not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_WEB_DIR = DATA_DIR / "sample_web"

DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'clinics.db'}"

#: name -> (default, description). The single source for `.env.example` and the README table.
VARIABLES: dict[str, tuple[str, str]] = {
    "DATABASE_URL": (
        DEFAULT_DATABASE_URL.replace(str(PROJECT_ROOT) + "/", ""),
        "SQLAlchemy URL of the directory database (SQLite file or postgresql+psycopg://...).",
    ),
    "CLINICS_SECRET_KEY": (
        "",
        "Flask secret key for sessions and CSRF. Required by `clinics serve` outside debug/demo.",
    ),
    "CLINICS_USER_AGENT": (
        "KetamineClinicDirectoryBot/0.1",
        "Product token of the crawler's User-Agent header.",
    ),
    "CLINICS_CONTACT_URL": (
        "https://github.com/ketamine-clinic-directory/ketamine-clinic-directory",
        "URL appended to the User-Agent so site owners can reach the operators.",
    ),
    "CLINICS_MAX_PAGES_PER_SITE": ("25", "Page cap per clinic site."),
    "CLINICS_MAX_DEPTH": ("3", "Link depth cap from the seed page."),
    "CLINICS_DOWNLOAD_DELAY": ("1.0", "Seconds between requests to the same site."),
    "CLINICS_CONCURRENT_PER_SITE": ("2", "Concurrent requests per site."),
    "CLINICS_CONCURRENT_REQUESTS": ("32", "Concurrent requests in total."),
    "CLINICS_DOWNLOAD_TIMEOUT": ("20", "Seconds before a request times out."),
    "CLINICS_MAX_PAGE_BYTES": ("5000000", "Largest response body downloaded, in bytes."),
    "CLINICS_RETRY_TIMES": ("2", "Retries of a request after a timeout, lost connection, 5xx or 429 (with backoff)."),
    "CLINICS_MAX_SITE_SECONDS": ("900", "Time budget per site: no new requests to a site after this many seconds."),
    "CLINICS_RECHECK_DAYS": (
        "7",
        "Days a sitemap's <lastmod> is trusted: a stored page the sitemap dates before its last fetch is not "
        "asked for again until its last fetch is this old (0: always ask, conditionally).",
    ),
    "CLINICS_UNREACHABLE_AFTER": ("3", "Failed crawls in a row after which a clinic is flagged unreachable."),
    "CLINICS_PROGRESS_INTERVAL": ("10", "Seconds between progress lines of `clinics crawl` (0 turns them off)."),
    "SAMPLE_WEB_BASE_PORT": ("8101", "First 127.0.0.1 port used by `clinics demo` for the sample web."),
    "CLINICS_RATELIMIT_STORAGE_URI": (
        "memory://",
        "Where rate-limit counters live (login, correction requests): memory:// for one process, "
        "or e.g. redis://127.0.0.1:6379 when several processes serve the site.",
    ),
    "CLINICS_SECURE_COOKIES": (
        "false",
        "true to send the session cookie over HTTPS only (set it when the site is served over HTTPS).",
    ),
}


def _env(name: str) -> str:
    return os.environ.get(name) or VARIABLES[name][0]


@dataclass(frozen=True)
class Settings:
    """A snapshot of the configuration taken from the environment."""

    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    secret_key: str = field(default_factory=lambda: os.environ.get("CLINICS_SECRET_KEY", ""))
    user_agent: str = field(default_factory=lambda: _env("CLINICS_USER_AGENT"))
    contact_url: str = field(default_factory=lambda: _env("CLINICS_CONTACT_URL"))
    max_pages_per_site: int = field(default_factory=lambda: int(_env("CLINICS_MAX_PAGES_PER_SITE")))
    max_depth: int = field(default_factory=lambda: int(_env("CLINICS_MAX_DEPTH")))
    download_delay: float = field(default_factory=lambda: float(_env("CLINICS_DOWNLOAD_DELAY")))
    concurrent_per_site: int = field(default_factory=lambda: int(_env("CLINICS_CONCURRENT_PER_SITE")))
    concurrent_requests: int = field(default_factory=lambda: int(_env("CLINICS_CONCURRENT_REQUESTS")))
    download_timeout: int = field(default_factory=lambda: int(_env("CLINICS_DOWNLOAD_TIMEOUT")))
    max_page_bytes: int = field(default_factory=lambda: int(_env("CLINICS_MAX_PAGE_BYTES")))
    retry_times: int = field(default_factory=lambda: int(_env("CLINICS_RETRY_TIMES")))
    max_site_seconds: float = field(default_factory=lambda: float(_env("CLINICS_MAX_SITE_SECONDS")))
    unreachable_after: int = field(default_factory=lambda: int(_env("CLINICS_UNREACHABLE_AFTER")))
    recheck_days: float = field(default_factory=lambda: float(_env("CLINICS_RECHECK_DAYS")))
    progress_interval: float = field(default_factory=lambda: float(_env("CLINICS_PROGRESS_INTERVAL")))
    sample_web_base_port: int = field(default_factory=lambda: int(_env("SAMPLE_WEB_BASE_PORT")))
    ratelimit_storage_uri: str = field(default_factory=lambda: _env("CLINICS_RATELIMIT_STORAGE_URI"))
    secure_cookies: bool = field(
        default_factory=lambda: _env("CLINICS_SECURE_COOKIES").strip().lower() in {"1", "true", "yes", "on"}
    )

    @property
    def full_user_agent(self) -> str:
        """The User-Agent header: product token plus a contact URL."""
        return f"{self.user_agent} (+{self.contact_url})"


def load_env_file(path: Path | None = None) -> Path | None:
    """Read `KEY=value` lines from a `.env` file into the environment; variables already set win.

    Looks in the current directory and its parents when no path is given; returns the file read.
    """
    from dotenv import find_dotenv, load_dotenv

    found = path if path is not None else Path(find_dotenv(usecwd=True) or ".env")
    if not found.is_file():
        return None
    load_dotenv(found, override=False)
    return found


def get_settings() -> Settings:
    """Read the settings from the current environment."""
    return Settings()
