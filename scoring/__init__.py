"""Pure scoring: page text in, findings with quoted evidence and graded scores out.

Nothing here fetches, imports Flask or Scrapy, or touches the database.
"""
