"""Scrapy settings: polite by default, configured from the environment (directory.config)."""

from __future__ import annotations

from directory.config import get_settings

_settings = get_settings()

BOT_NAME = "clinics"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = _settings.full_user_agent
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = _settings.user_agent.split("/")[0]

CONCURRENT_REQUESTS = _settings.concurrent_requests
CONCURRENT_REQUESTS_PER_DOMAIN = _settings.concurrent_per_site
DOWNLOAD_DELAY = _settings.download_delay
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = max(_settings.download_delay, 0.1)
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = _settings.download_timeout
DOWNLOAD_MAXSIZE = _settings.max_page_bytes
DOWNLOAD_WARNSIZE = 0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

CLINICS_MAX_PAGES_PER_SITE = _settings.max_pages_per_site
CLINICS_MAX_DEPTH = _settings.max_depth
CLINICS_DATABASE_URL = _settings.database_url

ITEM_PIPELINES = {
    "crawler.pipelines.store_site.StoreSitePipeline": 500,
}

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_INSTALL_ROOT_HANDLER = True
