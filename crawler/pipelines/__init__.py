"""Item pipelines, one job per file, ordered in `crawler.settings.ITEM_PIPELINES`."""
