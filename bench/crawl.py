"""Benchmark: the full crawl pipeline against a bare Scrapy spider, and an unchanged re-crawl.

Generates N synthetic clinic sites (default 300, about 20 pages each, with a sitemap.xml
giving each page's <lastmod> as content management systems publish it), serves them on
127.0.0.1 (one port per site, Last-Modified and If-Modified-Since as a static web server
does), then crawls them, each crawl in its own process with the same settings and
concurrency: the full pipeline (extract and store), a bare spider that only fetches and
follows links, the full pipeline again over the unchanged corpus (sitemap dates spare the
requests for unchanged pages), and once more with sitemap dates ignored
(CLINICS_RECHECK_DAYS=0: a conditional request for every stored page), which is what a
re-crawl of sites without <lastmod> costs.
Politeness delays are off (every site is local); robots.txt, per-site slots and
concurrency, caps and retries stay as configured. The last line printed is one JSON object.

    python bench/crawl.py [--sites N] [--pages N]

Beyond the first 20 pages a site gets numbered variants of its topics ("pricing-2.html"),
up to MAX_PAGES_PER_SITE, past which the crawl's trap guard would refuse URLs of one shape.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

CITIES = [("Denver", "CO", "80202", "303"), ("Austin", "TX", "78701", "512"), ("Portland", "OR", "97205", "503"),
          ("Raleigh", "NC", "27601", "919"), ("Madison", "WI", "53703", "608"), ("Boise", "ID", "83702", "208"),
          ("Tucson", "AZ", "85701", "520"), ("Richmond", "VA", "23219", "804")]
TOPICS = ["about", "team", "pricing", "insurance", "services", "faq", "contact", "what-to-expect", "safety",
          "conditions/crps", "conditions/fibromyalgia", "conditions/migraine", "conditions/neuropathy",
          "spravato", "therapy", "blog/first-infusion", "blog/integration", "blog/research", "careers"]
#: numbered variants per topic ("pricing-2" ... "pricing-11"): the crawl's trap guard takes at most
#: CLINICS_MAX_URLS_PER_PATTERN (10) URLs of one shape per site, and numbers make one shape
VARIANTS_PER_TOPIC = 10
#: every page's <lastmod>: some day before any crawl of the benchmark
SITEMAP_LASTMOD = "2026-01-15"
BASE_MARK = "@@BASE@@"
MAX_PAGES_PER_SITE = 1 + len(TOPICS) * (1 + VARIANTS_PER_TOPIC)
SENTENCES = [
    "We offer IV ketamine infusions for chronic pain and treatment-resistant depression.",
    "Dr. {doc} is a board-certified anesthesiologist with {years} years of experience.",
    "Each infusion is monitored by a registered nurse certified in ACLS.",
    "Blood pressure, oxygen saturation and heart rhythm are monitored throughout every session.",
    "We treat CRPS, fibromyalgia, neuropathy and migraine.",
    "A single IV infusion is ${price}; a series of six is ${series}.",
    "We provide superbills for out-of-network reimbursement and accept HSA and FSA cards.",
    "Before treatment we review your medical and psychiatric history and current medications.",
    "Our licensed therapists offer preparation and integration sessions.",
    "Please arrange a ride home after each infusion.",
    "Spravato (esketamine) is available under the REMS program.",
    "Most patients notice a change within the first few infusions; results vary.",
]


def page_topics(count: int) -> list[str]:
    """`count` distinct page paths (without ".html"): the topics, then their numbered variants."""
    variants = [f"{topic}-{n}" for n in range(2, 2 + VARIANTS_PER_TOPIC) for topic in TOPICS]
    return [*TOPICS, *variants][:max(count, 0)]


def site_pages(index: int, pages: int) -> dict[str, str]:
    """The HTML of one synthetic clinic site, by path."""
    rng = random.Random(index)
    city, state, zip_code, area = CITIES[index % len(CITIES)]
    name = f"{rng.choice(['Aspen', 'Cedar', 'Harbor', 'Summit', 'Willow', 'Prairie', 'Canyon'])} " \
           f"{rng.choice(['Ketamine', 'Infusion', 'Wellness'])} Clinic {index}"
    street = f"{100 + index} {rng.choice(['Main', 'Oak', 'Market', 'Larimer', 'Congress'])} St, Suite {index % 50}"
    phone = f"({area}) 555-{index % 10000:04d}"
    topics = page_topics(pages - 1)
    nav = " ".join(f'<a href="/{t}.html">{_title(t)}</a>' for t in topics)
    footer = f"<footer><p>{name}</p><p>{street}, {city}, {state} {zip_code}</p><p>Call {phone}</p>" \
             f"<p>© 2024 {name}. Fictional benchmark clinic.</p></footer>"
    org = json.dumps({"@context": "https://schema.org", "@type": "MedicalClinic", "name": name, "telephone": phone,
                      "address": {"@type": "PostalAddress", "streetAddress": street, "addressLocality": city,
                                  "addressRegion": state, "postalCode": zip_code}})

    def page(title: str, extra_head: str = "") -> str:
        text = " ".join(rng.choice(SENTENCES).format(doc=rng.choice(["Roe", "Poe", "Lee"]), years=rng.randint(5, 25),
                                                     price=rng.randint(350, 900), series=rng.randint(2000, 5000))
                        for _ in range(rng.randint(8, 16)))
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title} | {name}</title>{extra_head}"
                f"</head><body><header><nav>{nav}</nav></header><main><h1>{title}</h1><p>{text}</p>"
                f"<p>{text[::-1][:200]}</p></main>{footer}</body></html>")

    site = {"index.html": page("Home", f'<script type="application/ld+json">{org}</script>')}
    for topic in topics:
        site[f"{topic}.html"] = page(_title(topic))
    site["robots.txt"] = "User-agent: *\nDisallow: /admin/\n"
    entries = "".join(f"<url><loc>{BASE_MARK}/{path}</loc><lastmod>{SITEMAP_LASTMOD}</lastmod></url>"
                      for path in ["", *(f"{topic}.html" for topic in topics)])
    site["sitemap.xml"] = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                           f'schemas/sitemap/0.9">{entries}</urlset>')
    return site


def _title(topic: str) -> str:
    return topic.split("/")[-1].replace("-", " ").title()


def write_corpus(root: Path, sites: int, pages: int) -> dict[str, Path]:
    folders = {}
    for index in range(sites):
        folder = root / f"site-{index:04d}"
        for path, body in site_pages(index, pages).items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        folders[folder.name] = folder
    return folders


def fill_in_sitemaps(folders: dict[str, Path], web: Any) -> None:
    """Put each site's served address into its sitemap (ports are known once the sites are served)."""
    for site in web.sites:
        sitemap = folders[site.slug] / "sitemap.xml"
        sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(BASE_MARK, site.url.rstrip("/")),
                           encoding="utf-8")


# -- children: one crawl each (Scrapy's reactor runs once per process) -------------------------
def _settings_overrides(pages: int) -> dict[str, Any]:
    return {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING",
            "CLINICS_PROGRESS_INTERVAL": 0, "CLINICS_MAX_PAGES_PER_SITE": pages + 5}


def child_full(seeds_file: str, db_url: str, pages: int) -> dict[str, Any]:
    from scrapy.crawler import CrawlerProcess

    from crawler import logs
    from crawler.run import crawl_settings
    from crawler.seeds import read_seeds
    from crawler.spiders.clinic_site import ClinicSiteSpider

    logs.install()
    process = CrawlerProcess(crawl_settings(db_url, _settings_overrides(pages)))
    crawler = process.create_crawler(ClinicSiteSpider)
    process.crawl(crawler, seeds=read_seeds(Path(seeds_file)))
    started = time.perf_counter()
    process.start()
    elapsed = time.perf_counter() - started
    stats = crawler.stats.get_stats()  # type: ignore[union-attr]
    return {"pages": stats.get("clinics/pages_stored", 0), "seconds": elapsed,
            "sites_ok": stats.get("clinics/sites_ok", 0), "requests": stats.get("downloader/request_count", 0)}


def child_bare(seeds_file: str, db_url: str, pages: int) -> dict[str, Any]:
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.linkextractors import LinkExtractor

    from crawler.extract.identity import site_key
    from crawler.run import crawl_settings
    from crawler.seeds import read_seeds

    class BareSpider(scrapy.Spider):
        """Fetches each site and follows its links; extracts and stores nothing."""

        name = "bare"
        links = LinkExtractor()

        def __init__(self, seeds: list[Any], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.seeds = seeds
            self.per_site: dict[str, int] = {}
            self.pages = 0

        async def start(self):  # type: ignore[no-untyped-def]
            for seed in self.seeds:
                yield scrapy.Request(seed.homepage, callback=self.parse)

        def parse(self, response):  # type: ignore[no-untyped-def]
            self.pages += 1
            site = site_key(response.url)
            for link in self.links.extract_links(response):
                if site_key(link.url) == site and self.per_site.get(site, 1) < pages + 5:
                    self.per_site[site] = self.per_site.get(site, 1) + 1
                    yield scrapy.Request(link.url, callback=self.parse)

    overrides = {**_settings_overrides(pages), "ITEM_PIPELINES": {}}
    process = CrawlerProcess(crawl_settings(db_url, overrides))
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, seeds=read_seeds(Path(seeds_file)))
    started = time.perf_counter()
    process.start()
    elapsed = time.perf_counter() - started
    stats = crawler.stats.get_stats()  # type: ignore[union-attr]
    return {"pages": crawler.spider.pages, "seconds": elapsed,  # type: ignore[union-attr]
            "requests": stats.get("downloader/request_count", 0)}


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (the crawl and its writer), from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def run_child(kind: str, seeds: Path, db_url: str, pages: int, env: dict[str, str] | None = None) -> dict[str, Any]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, "--seeds-file", str(seeds), "--db", db_url, "--pages", str(pages)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT, env={**os.environ, **(env or {})},
    )
    peak = [0.0]

    def sample() -> None:  # every 0.2 s while the crawl runs: the peak of the whole process tree
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    sampler.join()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args, stdout, stderr)
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["max_rss_mb"] = round(peak[0], 1)
    figures["pages_per_s"] = round(figures["pages"] / figures["seconds"], 1)
    figures["seconds"] = round(figures["seconds"], 2)
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any] | None:
    """Run the benchmark (or, with --child, one of its crawls); returns the figures printed last."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--pages", type=int, default=20, help=f"pages per site (1 to {MAX_PAGES_PER_SITE})")
    parser.add_argument("--rounds", type=int, default=3,
                        help="full and bare crawls run alternately this many times; the fastest of each counts, "
                             "as the machine's speed drifts from one minute to the next")
    parser.add_argument("--child", choices=["full", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--seeds-file", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sites < 1 or args.rounds < 1:
        parser.error("--sites and --rounds must be at least 1")
    if not 1 <= args.pages <= MAX_PAGES_PER_SITE:
        parser.error(f"--pages must be between 1 and {MAX_PAGES_PER_SITE}: beyond that the crawl's trap guard "
                     f"refuses the numbered page variants (at most {VARIANTS_PER_TOPIC} per topic)")
    if args.child:
        crawl = child_full if args.child == "full" else child_bare
        figures = crawl(args.seeds_file, args.db, args.pages)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        helpers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the crawl's writer process
        figures["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)  # the crawl's process, imports included
        figures["writer_cpu_s"] = round(helpers.ru_utime + helpers.ru_stime, 2)
        print(json.dumps(figures))
        return None

    from crawler.localweb import serve_folders
    from crawler.seeds import write_seeds
    from directory.config import get_settings

    settings = get_settings()
    with tempfile.TemporaryDirectory() as tmp:
        folders = write_corpus(Path(tmp) / "web", args.sites, args.pages)
        with serve_folders(folders, fictional=True) as web:
            fill_in_sitemaps(folders, web)
            seeds = Path(tmp) / "seeds.csv"
            write_seeds(seeds, web.seeds())
            print(f"{args.sites} sites x {args.pages} pages on 127.0.0.1; concurrency {settings.concurrent_requests} "
                  f"total, {settings.concurrent_per_site} per site; full and bare crawls alternate, "
                  f"{args.rounds} of each, and the fastest of each counts", flush=True)
            fulls, bares = [], []
            for round_ in range(args.rounds):
                db_url = f"sqlite:///{tmp}/bench-{round_}.db"  # a first crawl each time
                fulls.append(run_child("full", seeds, db_url, args.pages))
                print(f"full pipeline: {fulls[-1]}", flush=True)
                bares.append(run_child("bare", seeds, f"sqlite:///{tmp}/unused.db", args.pages))
                print(f"bare spider:   {bares[-1]}", flush=True)
            full = min(fulls, key=lambda figures: figures["seconds"])
            bare = min(bares, key=lambda figures: figures["seconds"])
            recrawl = run_child("full", seeds, db_url, args.pages)
            print(f"re-crawl:      {recrawl}", flush=True)
            undated = run_child("full", seeds, db_url, args.pages, env={"CLINICS_RECHECK_DAYS": "0"})
            print(f"re-crawl without sitemap dates: {undated}", flush=True)
    ratio = full["pages_per_s"] / bare["pages_per_s"]
    recrawl_ratio = recrawl["seconds"] / full["seconds"]
    figures = {
        "sites": args.sites, "pages_per_site": args.pages,
        "concurrency": settings.concurrent_requests, "concurrency_per_site": settings.concurrent_per_site,
        "full_pages": full["pages"], "full_s": full["seconds"], "full_pages_per_s": full["pages_per_s"],
        "bare_pages": bare["pages"], "bare_s": bare["seconds"], "bare_pages_per_s": bare["pages_per_s"],
        "recrawl_pages": recrawl["pages"], "recrawl_s": recrawl["seconds"],
        "recrawl_pages_per_s": recrawl["pages_per_s"], "recrawl_requests": recrawl["requests"],
        "recrawl_without_sitemap_dates_s": undated["seconds"], "recrawl_without_sitemap_dates_requests":
        undated["requests"], "recrawl_without_sitemap_dates_vs_first": round(undated["seconds"] / full["seconds"], 3),
        "pipeline_vs_bare": round(ratio, 3), "recrawl_vs_first": round(recrawl_ratio, 3),
        "rounds": args.rounds, "full_s_each": [f["seconds"] for f in fulls],
        "bare_s_each": [b["seconds"] for b in bares],
        "peak_rss_mb": max(*(f["max_rss_mb"] for f in fulls + bares), recrawl["max_rss_mb"], undated["max_rss_mb"]),
        "targets": {"pipeline_vs_bare>=0.7": ratio >= 0.7, "recrawl_vs_first<=0.25": recrawl_ratio <= 0.25},
    }
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
