"""Downloader middlewares, one per file, enabled in crawler.settings."""
