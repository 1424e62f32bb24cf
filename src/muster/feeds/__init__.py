"""Feeds: RSS and Atom feeds polled for news articles, which join the review queue.

Pure parts (no I/O, clock or global randomness): `schedule` (intervals, backoff, jitter,
health), `fingerprint` (normalised URLs, text digests, MinHash), `parse` (feed documents) and
`extract` (an article's text from its page). The shell: `fetch` (HTTP) and `watch` (polling,
storing, the loop of `muster watch`). See docs/ingest.md, "Feeds".
"""
