"""Store candidate clinics found on listing pages, for a maintainer's review."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.items import CandidateItem
from directory.candidates import CandidateIn, add_candidates
from directory.db import session_scope


class StoreCandidatesPipeline:
    """Collects candidates and writes them in batches; known clinics and candidates are skipped."""

    batch_size = 100

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.database_url: str = crawler.settings.get("CLINICS_DATABASE_URL")
        self.batch: list[CandidateIn] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreCandidatesPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, CandidateItem):
            self.batch.append(CandidateIn(item.homepage, item.domain, item.name, item.source_url))
            if len(self.batch) >= self.batch_size:
                self._flush()
        return item

    def _flush(self) -> None:
        if not self.batch:
            return
        with session_scope(self.database_url) as session:
            added = add_candidates(session, candidates=self.batch)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("clinics/candidates_new", added)
        self.batch = []

    def close_spider(self) -> None:
        self._flush()
