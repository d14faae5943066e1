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
# items per response handled at once; Scrapy 2.19 starts this many asyncio tasks for every callback
# output, so its default (100) costs more than our synchronous pipelines ever gain from it
CONCURRENT_ITEMS = 4
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
RETRY_TIMES = _settings.retry_times
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"  # a site giving up is recorded in its crawl report, not an error of ours
REDIRECT_MAX_TIMES = 5
METAREFRESH_MAXDELAY = 30
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19 would otherwise serve a code-execution HTTP port
# the crawl's own progress line replaces Scrapy's per-minute "Crawled N pages" log
LOGSTATS_INTERVAL = 0

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.site_slot.SiteSlotMiddleware": 50,
    "crawler.middlewares.site_budget.SiteBudgetMiddleware": 60,  # before robots.txt (100) is asked
    "crawler.middlewares.backoff.BackoffMiddleware": 560,  # sees answers before RetryMiddleware (550)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.same_site_redirect.SameSiteMetaRefreshMiddleware": 580,
    "crawler.middlewares.same_site_redirect.SameSiteRedirectMiddleware": 600,
}
EXTENSIONS = {
    "crawler.extensions.progress.ProgressExtension": 500,
    "crawler.extensions.gc_tuning.GcTuningExtension": 510,
}
CLINICS_GC_THRESHOLD = 20_000  # net allocations between young-generation collections (0: Python's default)

CLINICS_MAX_PAGES_PER_SITE = _settings.max_pages_per_site
CLINICS_MAX_DEPTH = _settings.max_depth
CLINICS_MAX_SITE_SECONDS = _settings.max_site_seconds
CLINICS_MAX_URLS_PER_PATTERN = 10  # link traps: at most this many URLs of one shape per site
CLINICS_MAX_SITEMAPS = 3  # sitemap documents read per site (an index and its children)
CLINICS_CONDITIONAL_REQUESTS = True  # ETag / Last-Modified from the last crawl
CLINICS_RECHECK_DAYS = _settings.recheck_days  # how long a sitemap's <lastmod> spares a stored page's request
CLINICS_BACKOFF_START = 0.5  # seconds; doubled per transient error, up to CLINICS_BACKOFF_MAX
CLINICS_BACKOFF_MAX = 60.0
CLINICS_UNREACHABLE_AFTER = _settings.unreachable_after
CLINICS_PROGRESS_INTERVAL = _settings.progress_interval
CLINICS_DATABASE_URL = _settings.database_url

ITEM_PIPELINES = {
    "crawler.pipelines.store_site.StoreSitePipeline": 500,
}

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_INSTALL_ROOT_HANDLER = True
