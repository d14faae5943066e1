"""Spiders: each file holds one spider whose `name` is the file name."""
