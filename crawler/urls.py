"""URL rules of the crawl: canonical form, same-site test, and how relevant a link looks."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.extract.identity import site_key

_TRACKING = re.compile(
    r"^(?:utm_\w+|gclid|fbclid|msclkid|mc_[ce]id|_ga|_gl|ref|source|sessionid|sid|phpsessid|jsessionid)$", re.I
)
#: session IDs carried in the path: ";jsessionid=..." parameters and ASP.NET's "/(S(...))" segment
_SESSION_PATH_PARAM = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid|aspsessionid\w*|cfid|cftoken)=[^/;?]*", re.I)
_SESSION_SEGMENT = re.compile(r"/\((?:[A-Z]\([A-Za-z0-9]+\))+\)(?=/|$)")
_SKIP_EXTENSIONS = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp[34]|m4a|wav|avi|mov|webm|zip|gz|rar|7z|exe|dmg"
    r"|pdf|docx?|xlsx?|pptx?|css|js|json|xml|rss|atom|woff2?|ttf|eot|ics)$",
    re.I,
)
_RELEVANT = {
    40: r"pric|cost|fee|insurance|payment|financ|rates",
    35: r"about|team|staff|provider|physician|doctor|clinician|our-?people|who-we-are|bio",
    30: r"service|treatment|ketamine|infusion|spravato|esketamine|therap|protocol|condition|pain",
    25: r"faq|question|what-to-expect|safety|expect|process|how-it-works",
    20: r"contact|location|office|visit|directions|appointment",
}
_IRRELEVANT = (
    r"blog|news|article|post|tag|category|author|privacy|terms|careers|jobs|login|cart|shop|event"
    r"|calendar|feed|wp-json|page/\d"
)


@functools.lru_cache(maxsize=65536)  # a site's navigation repeats the same links on every page
def canonical_url(url: str) -> str:
    """Drop the fragment and tracking or session parameters; sort the query; lowercase scheme and host."""
    parts = urlsplit(url.strip())
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    # by name only, so that repeated names keep their order (which can carry meaning)
    query = urlencode(sorted(kept, key=lambda pair: pair[0]))
    path = _SESSION_SEGMENT.sub("", _SESSION_PATH_PARAM.sub("", parts.path)) or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def same_site(url: str, site: str) -> bool:
    """Whether a URL belongs to the site (host[:port] without 'www.')."""
    return site_key(url) == site


@functools.lru_cache(maxsize=65536)
def crawlable(url: str) -> bool:
    """HTTP(S) and not obviously a file we do not read."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and not _SKIP_EXTENSIONS.search(parts.path)


@functools.lru_cache(maxsize=65536)
def relevance(url: str, anchor_text: str = "") -> int:
    """Priority of a link: pages about prices, team, services, FAQ and contact come first."""
    haystack = f"{urlsplit(url).path} {anchor_text}".lower()
    score = max((points for points, pattern in _RELEVANT.items() if re.search(pattern, haystack)), default=0)
    if re.search(_IRRELEVANT, haystack):
        score -= 30
    return score
