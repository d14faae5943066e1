"""A hostile corpus of sites served on 127.0.0.1, one port each, for crawler tests.

Every site records the requests it received (path, User-Agent, how many were in flight at
once), so tests can check politeness from the server's side. Slow responses wait on an
event that shutting the web down sets, so no thread outlives the test.
"""

from __future__ import annotations

import csv
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol

from sqlmodel import select

from directory.db import session_scope
from directory.models import Page, SiteCrawl

STOP = threading.Event()


@dataclass
class Reply:
    """One response: status, headers and body."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})


@dataclass
class Site:
    """A site: fixed pages, plus an optional fallback that answers any other path."""

    slug: str
    pages: dict[str, Reply] = field(default_factory=dict)
    fallback: Callable[[str], Reply | None] | None = None
    stream: dict[str, Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    delay: float = 0.0
    #: while set to an unset event, every answer waits for it (or for the server to stop)
    gate: threading.Event | None = None
    etags: bool = True
    requests: list[tuple[str, str]] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    conditional: int = 0
    not_modified: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def paths(self) -> list[str]:
        """Paths requested so far, in order."""
        return [path for path, _ in self.requests]


def html(title: str, body: str, *, head: str = "") -> bytes:
    """A small, valid HTML page."""
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body>{body}<footer><p>Fictional test clinic, created for crawler tests.</p></footer></body></html>"
            ).encode()


def jsonld(data: object) -> str:
    """A JSON-LD script element."""
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                site.conditional += bool(self.headers.get("If-None-Match"))
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            self.counted = True
            try:
                self._answer()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler hung up, as it should on oversized or slow answers
            finally:
                self._answered()

        def send_response(self, code: int, message: str | None = None) -> None:
            # a request stops counting as in flight before the client can read the answer, so
            # the client's next request never overlaps it in the count
            self._answered()
            super().send_response(code, message)

        def _answered(self) -> None:
            if getattr(self, "counted", False):
                self.counted = False
                with site.lock:
                    site.in_flight -= 1

        def _answer(self) -> None:
            if site.gate is not None:
                while not site.gate.wait(0.05) and not STOP.is_set():
                    pass
            if site.delay:
                STOP.wait(site.delay)
            path = self.path.split("#", 1)[0]
            if path in site.stream:
                site.stream[path](self)
                return
            reply = site.pages.get(path) or (site.fallback(path) if site.fallback else None)
            reply = reply or Reply(404, b"<html><body><h1>Not found</h1></body></html>")
            body = reply.body.replace(b"{base}", site.url.rstrip("/").encode()) if b"{base}" in reply.body else reply.body
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            if site.etags and reply.status == 200 and self.headers.get("If-None-Match") == etag:
                with site.lock:
                    site.not_modified += 1
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value.replace("{base}", site.url.rstrip("/")))
            if site.etags and reply.status == 200:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # crawlers hanging up on slow or huge answers is the point of this web


@dataclass
class HostileWeb:
    """The running sites, by slug."""

    sites: dict[str, Site]

    def url(self, slug: str) -> str:
        return self.sites[slug].url


@contextmanager
def serve(sites: list[Site]) -> Iterator[HostileWeb]:
    """Serve each site on its own free 127.0.0.1 port until the block ends."""
    STOP.clear()
    servers = []
    try:
        for site in sites:
            server = _QuietServer(("127.0.0.1", 0), _handler(site))
            site.url = f"http://127.0.0.1:{server.server_address[1]}/"
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
        yield HostileWeb({site.slug: site for site in sites})
    finally:
        STOP.set()
        for server in servers:
            server.shutdown()
            server.server_close()


# -- what a crawl of the web stored ---------------------------------------------------------
def write_seeds(path: Path, web: HostileWeb, seen: dict[str, str] | None = None) -> Path:
    """A seed list of every served site; `seen` gives some sites the page a listing linked to."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "homepage", "seen_url"])
        for slug, site in web.sites.items():
            writer.writerow([slug, site.url, site.url.rstrip("/") + seen[slug] if slug in (seen or {}) else ""])
    return path


class CrawlOfWeb(Protocol):
    """A finished crawl of a HostileWeb into a database."""

    web: HostileWeb
    db_url: str


def site_crawl(crawl: CrawlOfWeb, slug: str) -> SiteCrawl:
    """The crawl-run record of one served site."""
    with session_scope(crawl.db_url) as session:
        return session.exec(select(SiteCrawl).where(SiteCrawl.seed_url == crawl.web.url(slug))).one()


def stored_paths(crawl: CrawlOfWeb, slug: str) -> set[str]:
    """Paths of the pages stored for one served site."""
    base = crawl.web.url(slug).rstrip("/")
    with session_scope(crawl.db_url) as session:
        urls = session.exec(select(Page.url).where(Page.url.startswith(base))).all()  # type: ignore[attr-defined]
    return {url[len(base):] for url in urls}


# -- the corpus ----------------------------------------------------------------------------
def good_site(slug: str, name: str, street: str, city: str, state: str, zip_code: str, phone: str,
              *, extra: dict[str, Reply] | None = None, sitemap_only: str | None = None) -> Site:
    """A well-behaved clinic site of five linked pages (and maybe one page only its sitemap lists)."""
    nav = ('<nav><a href="/about">About our team</a> <a href="/pricing">Pricing</a> '
           '<a href="/treatments">Treatments</a> <a href="/contact#map">Contact</a></nav>')
    address = f"<p>{street}, {city}, {state} {zip_code}</p><p>Call {phone}</p>"
    org = jsonld({"@context": "https://schema.org", "@type": "MedicalClinic", "name": name, "telephone": phone,
                  "address": {"@type": "PostalAddress", "streetAddress": street, "addressLocality": city,
                              "addressRegion": state, "postalCode": zip_code}})
    pages = {
        "/": Reply(body=html(name, f"<h1>{name}</h1>{nav}<p>We offer IV ketamine infusions for CRPS.</p>{address}",
                             head=org)),
        "/about": Reply(body=html(f"About | {name}", f"{nav}<p>Dr. Roe is a board-certified anesthesiologist.</p>")),
        "/pricing": Reply(body=html(f"Pricing | {name}", f"{nav}<p>Each IV infusion is $450.</p>")),
        "/treatments": Reply(body=html(f"Treatments | {name}", f"{nav}<p>We treat fibromyalgia and migraine.</p>")),
        "/contact": Reply(body=html(f"Contact | {name}", f"{nav}{address}")),
    }
    if sitemap_only:
        pages[sitemap_only] = Reply(body=html(f"Insurance | {name}", "<p>We provide superbills.</p>"))
        urls = "".join(f"<url><loc>{{base}}{p}</loc></url>" for p in [*pages, sitemap_only])
        pages["/sitemap.xml"] = Reply(body=f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                                           f'sitemap/0.9">{urls}</urlset>'.encode(),
                                      headers={"Content-Type": "application/xml"})
    pages.update(extra or {})
    return Site(slug, pages)


def multi_location_site() -> Site:
    """One clinic with two locations published as a JSON-LD list."""
    data = {"@context": "https://schema.org", "@type": "MedicalOrganization", "name": "Twin Rivers Ketamine",
            "department": [
                {"@type": "MedicalClinic", "name": "Twin Rivers Ketamine Boise", "telephone": "(208) 555-0141",
                 "address": {"@type": "PostalAddress", "streetAddress": "100 W Main St",
                             "addressLocality": "Boise", "addressRegion": "ID", "postalCode": "83702"}},
                {"@type": "MedicalClinic", "name": "Twin Rivers Ketamine Spokane", "telephone": "(509) 555-0142",
                 "address": {"@type": "PostalAddress", "streetAddress": "200 N Post St",
                             "addressLocality": "Spokane", "addressRegion": "WA", "postalCode": "99201"}},
            ]}
    body = "<h1>Twin Rivers Ketamine</h1><p>Two clinics offering IV ketamine.</p><a href='/locations'>Locations</a>"
    return Site("multi-location", {
        "/": Reply(body=html("Twin Rivers Ketamine", body, head=jsonld(data))),
        "/locations": Reply(body=html("Locations | Twin Rivers Ketamine",
                                      "<p>Boise: 100 W Main St. Spokane: 200 N Post St.</p>")),
    })


def _stream_huge(handler: BaseHTTPRequestHandler, megabytes: int = 50) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")  # no length: the body just keeps coming
    handler.end_headers()
    chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
    for _ in range(megabytes * 16):
        if STOP.is_set():
            return
        handler.wfile.write(chunk)
    handler.close_connection = True


def _calendar(path: str) -> Reply | None:
    if not path.startswith("/calendar/"):
        return None
    year, month = (int(x) for x in path.split("?")[0].rstrip("/").split("/")[2:4])
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    days = "".join(f'<a href="/calendar/{year}/{month}?day={d}">{d}</a> ' for d in range(1, 29))
    return Reply(body=html(f"Events {year}-{month}", f'<a href="/calendar/{prev_y}/{prev_m}">previous</a> '
                                                      f'<a href="/calendar/{next_y}/{next_m}">next</a> {days}'))


def _soft_404(path: str) -> Reply:
    n = sum(path.encode()) % 1000
    return Reply(body=html("Page not found", f"<h1>Sorry, we could not find {path}</h1>"
                                             f"<p>Try our homepage.</p><a href='/lost-{n}'>more</a>"
                                             f"<a href='/lost-{n + 1}'>and more</a>"))


def letters(number: int) -> str:
    """A number written in letters ("a", "b", ... "ba", ...), which URL shapes do not blank out."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = chr(97 + digit) + word
        if not number:
            return word


def hostile_sites() -> list[Site]:
    """Good sites and every kind of hostile site the issue names."""
    binary = bytes(range(256)) * 64
    sites = [
        good_site("good-denver", "Larimer Ketamine Clinic", "1420 Larimer St", "Denver", "CO", "80202",
                  "(303) 555-0142", sitemap_only="/insurance"),
        good_site("good-austin", "Congress Avenue Ketamine", "500 Congress Ave", "Austin", "TX", "78701",
                  "(512) 555-0177", extra={
                      "/treatments": Reply(body=html("Treatments", "<p>We treat CRPS.</p>"
                                                     "<a href='/book'>Book now</a><a href='/brochure'>Brochure</a>"
                                                     "<a href='/photo'>Our clinic</a><a href='/big'>Big</a>")),
                      "/book": Reply(302, b"", {"Location": "http://127.0.0.2:9/booking"}),
                      "/ketamine-program": Reply(body=html("Ketamine program", "<p>Our IV ketamine program.</p>")),
                      "/brochure": Reply(body=binary, headers={"Content-Type": "text/html"}),
                      "/photo": Reply(body=b"\x89PNG\r\n" + binary, headers={"Content-Type": "image/png"}),
                  }),
        multi_location_site(),
        Site("slow", {"/": Reply(body=html("Slow", "<p>Eventually.</p>"))}, delay=6.0),
        Site("errors-500", fallback=lambda path: Reply(500, b"<h1>Internal Server Error</h1>")),
        Site("redirect-loop", {"/": Reply(302, b"", {"Location": "/a"}), "/a": Reply(302, b"", {"Location": "/b"}),
                               "/b": Reply(302, b"", {"Location": "/a"})}),
        Site("calendar", {"/": Reply(body=html("Sunrise Ketamine", "<p>IV ketamine.</p>"
                                               "<a href='/calendar/2024/5'>Events calendar</a>"))},
             fallback=_calendar),
        Site("huge", {"/": Reply(body=html("Big Page Ketamine", "<p>IV ketamine.</p><a href='/menu'>Menu</a>"))},
             stream={"/menu": _stream_huge}),
        Site("charset", {
            "/": Reply(body=html("Café Ketamine", "<p>Café São Paulo infusión.</p><a href='/es'>Español</a>"),
                       headers={"Content-Type": "text/html; charset=iso-8859-1"}),
            "/es": Reply(body=("<html><head><meta charset='utf-8'><title>Español</title></head>"
                               "<body><p>Atención en español en el Café.</p></body></html>").encode("cp1252"),
                         headers={"Content-Type": "text/html; charset=utf-8"}),
        }),
        Site("malformed", {"/": Reply(body=b"<html><head><title>Broken Ketamine</title><body><div><p>We offer IV "
                                           b"ketamine infusions.<div></span><table><tr><td>Dr. Poe &amp "
                                           b"is board certified<p><<<>>><a href='/about'>About<a href=/x'>x"
                                           b"</html></html><script>var a = '</div>';")}),
        Site("robots-all", {"/robots.txt": Reply(body=b"User-agent: *\nDisallow: /\n",
                                                 headers={"Content-Type": "text/plain"}),
                            "/": Reply(body=html("Hidden", "<p>Never fetched.</p>"))}),
        Site("moved", {"/": Reply(301, b"", {"Location": "PLACEHOLDER"})}),
        Site("soft-404", {"/": Reply(body=html("Answer Ketamine", "<p>IV ketamine for pain.</p>"
                                               "<a href='/about'>About us</a><a href='/pricing'>Pricing</a>"
                                               "<a href='/missing-page'>Old link</a>")),
                          "/about": Reply(body=html("About", "<p>Our anesthesiologists have 20 years.</p>")),
                          "/pricing": Reply(body=html("Pricing", "<p>Infusions cost $500.</p>"))},
             fallback=_soft_404),
        # links of distinct shapes (letters, which URL shapes keep, unlike numbers): the page cap must hold
        Site("many-links", {"/": Reply(body=html("Link Farm Ketamine", "<p>IV ketamine.</p>" + "".join(
            f'<a href="/p/{letters(i)}">page {i}</a> ' for i in range(100_000))))},
             fallback=lambda path: Reply(body=html(f"Page {path}", f"<p>Text of {path}.</p>"))
             if path.startswith("/p/") else None),
    ]
    return sites


def point_moved_site(web: HostileWeb, *, to: str) -> None:
    """The `moved` site's homepage redirects to another served site."""
    web.sites["moved"].pages["/"] = Reply(301, b"", {"Location": web.url(to)})


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    """Poll until `predicate()` holds or `timeout` seconds pass; returns whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
