"""Scrapy extensions, one per file, enabled in crawler.settings."""
