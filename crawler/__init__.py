"""The Scrapy project: spiders, items, pipelines and the page extractors they share."""
