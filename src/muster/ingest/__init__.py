"""News article → proposed statements: pure, offline, no I/O.

`read_article` cleans bytes into an `Article`; `Gazetteer.build` compiles nations and actors;
`ingest_article` proposes one stance per nation with evidence; `evaluate` scores proposals
against labels. See docs/ingest.md.
"""

from muster.ingest.article import Article, read_article
from muster.ingest.evaluate import GoldArticle, GoldLabel, Report, evaluate, parse_labels
from muster.ingest.gazetteer import Gazetteer
from muster.ingest.pipeline import (
    DEFAULT_EXCLUDE,
    IngestResult,
    Proposal,
    ingest_article,
    to_statements,
)

__all__ = [
    "DEFAULT_EXCLUDE",
    "Article",
    "Gazetteer",
    "GoldArticle",
    "GoldLabel",
    "IngestResult",
    "Proposal",
    "Report",
    "evaluate",
    "ingest_article",
    "parse_labels",
    "read_article",
    "to_statements",
]
