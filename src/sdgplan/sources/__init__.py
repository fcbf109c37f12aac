"""Fetching figures from statistics agencies' APIs (docs/sources.md): an HTTP fetcher with
retries and rate limits (`http.py`), SSB's PxWebApi (`pxweb.py`), saved queries
(`queries.py`) and municipality numbers that changed (`regions.py`). Nothing here touches
the database."""
