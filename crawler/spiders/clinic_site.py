"""Crawl clinic websites from seeds: `scrapy crawl clinic_site -a seeds_file=seeds.csv`."""

from __future__ import annotations

from crawler.site_crawl import SiteCrawlSpider


class ClinicSiteSpider(SiteCrawlSpider):
    """Each seed's site, relevant pages first, within the page and depth caps."""

    name = "clinic_site"
