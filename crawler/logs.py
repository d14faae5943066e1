"""Log hygiene: an unreachable robots.txt is the site's problem, not an error of the crawler."""

from __future__ import annotations

import logging


class RobotsErrorsAsWarnings(logging.Filter):
    """Scrapy logs a failed robots.txt download as an ERROR with a traceback; make it one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR and record.getMessage().startswith("Error downloading"):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def install() -> None:
    """Attach the filters to Scrapy's loggers (idempotent)."""
    logger = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    if not any(isinstance(f, RobotsErrorsAsWarnings) for f in logger.filters):
        logger.addFilter(RobotsErrorsAsWarnings())
