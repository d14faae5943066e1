"""Serve folders of static sites on 127.0.0.1, each on its own port, for demos and tests."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crawler.seeds import Seed


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True)
class ServedSite:
    """One site being served."""

    slug: str
    name: str | None
    url: str
    fictional: bool


@dataclass
class LocalWeb:
    """The running servers and the sites they serve."""

    sites: list[ServedSite]
    servers: list[ThreadingHTTPServer]

    def seeds(self) -> list[Seed]:
        """Crawl seeds for every served site."""
        return [Seed(site.url, site.name, site.fictional) for site in self.sites]

    def url_of(self, slug: str) -> str:
        """Homepage URL of a served site."""
        return next(site.url for site in self.sites if site.slug == slug)


def _manifest(root: Path) -> dict[str, dict[str, object]]:
    path = root / "sites.json"
    if not path.exists():
        return {}
    return {entry["slug"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}


@contextmanager
def serve_folders(
    folders: dict[str, Path], *, base_port: int = 0, names: dict[str, str] | None = None,
    fictional: bool = True,
) -> Iterator[LocalWeb]:
    """Serve each folder as a site on 127.0.0.1, one port each.

    `base_port=0` picks free ports; otherwise the folders get base_port, base_port+1, ... in
    the given order, so the URLs stay the same from one run to the next.
    """
    sites, servers = [], []
    try:
        for index, (slug, folder) in enumerate(folders.items()):
            handler = functools.partial(_QuietHandler, directory=str(folder))
            server = ThreadingHTTPServer(("127.0.0.1", base_port + index if base_port else 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
            servers.append(server)
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            sites.append(ServedSite(slug, (names or {}).get(slug), url, fictional))
        yield LocalWeb(sites, servers)
    finally:
        # shut the servers down together: one by one, hundreds of them take minutes
        stoppers = [threading.Thread(target=server.shutdown) for server in servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in servers:
            server.server_close()


@contextmanager
def serve_sample_web(root: Path, *, base_port: int = 0) -> Iterator[LocalWeb]:
    """Serve the bundled fictional sample web (every sub-folder of `root`)."""
    manifest = _manifest(root)
    folders = {p.name: p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith((".", "_"))}
    names = {slug: str(manifest.get(slug, {}).get("name") or "") or slug for slug in folders}
    with serve_folders(folders, base_port=base_port, names=names, fictional=True) as web:
        yield web
