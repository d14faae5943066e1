"""The store pipeline's writer process, and the crawl's garbage-collection pacing."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from scrapy.utils.test import get_crawler
from sqlmodel import select

from crawler.extensions.gc_tuning import GcTuningExtension
from crawler.items import PageItem, SiteItem
from crawler.pipelines.store_site import StoreSitePipeline
from directory.db import session_scope
from directory.ingest import start_run
from directory.models import Clinic, Page


def site_item(port: int) -> SiteItem:
    url = f"http://127.0.0.1:{port}/"
    page = PageItem(site=f"127.0.0.1:{port}", url=url, status=200, title="Home", text="IV ketamine infusions.",
                    html=b"<p>IV ketamine infusions.</p>", structured={}, content_hash=f"h{port}",
                    fetched_at=datetime.now(UTC))
    return SiteItem(site=f"127.0.0.1:{port}", seed_url=url, seed_name=f"Clinic {port}", fictional=True,
                    identity=None, status="ok", pages=1, page_items=[page])


def run(coroutine: Coroutine[Any, Any, bool]) -> bool:
    """Run a coroutine to its end in a thread of its own (other tests may leave a loop running here)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def test_a_writer_that_dies_is_replaced_and_the_site_still_stored(db_url: str) -> None:
    pipeline = StoreSitePipeline(get_crawler(settings_dict={"CLINICS_DATABASE_URL": db_url}))
    with session_scope(db_url) as session:
        pipeline.run_id = start_run(session, seeds=2)
    first = site_item(9001)
    assert run(pipeline._store(first, first.page_items))
    dead = pipeline.writer
    for pid in list(dead._processes):  # the writer process, killed as an out-of-memory killer would
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    second = site_item(9002)
    assert run(pipeline._store(second, second.page_items))
    assert pipeline.writer is not dead
    pipeline.writer.shutdown(wait=True)
    with session_scope(db_url) as session:
        assert {c.name for c in session.exec(select(Clinic)).all()} == {"Clinic 9001", "Clinic 9002"}
        assert len(session.exec(select(Page)).all()) == 2


def test_gc_pacing_freezes_the_start_up_heap_and_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    extension = GcTuningExtension(threshold=20_000)
    extension.engine_started()
    try:
        assert gc.get_threshold()[0] == 20_000 and gc.get_freeze_count() > 0
    finally:
        extension.engine_stopped()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_gc_pacing_off_changes_nothing() -> None:
    before = gc.get_threshold()
    GcTuningExtension(threshold=0).engine_started()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
