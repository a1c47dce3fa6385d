"""Full-text search of the register in four languages, the same on SQLite and PostgreSQL.

Each obstacle keeps ``search_terms``: the accent-free words of its title, description, legal references and
reference, plus their Snowball stems in the obstacle's language. A query word is stemmed in all four
languages and matches when any of its forms starts a term, so "grensarbeiders" finds "grensarbeider" and
"frontaliers" finds "frontalier" whatever language the visitor uses. All query words must match.

The index itself is the database's own: an FTS5 table on SQLite and a generated ``tsvector`` column with a
GIN index on PostgreSQL (both created by migration 0002 and kept in step by the database). Query terms are
reduced to ``[a-z0-9]`` before they reach SQL, and are passed as parameters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.db.models import QuerySet

_ALGORITHMS = {"nl": "dutch", "fr": "french", "de": "german", "en": "english"}
_word = re.compile(r"[a-z0-9]+")
MAX_QUERY_WORDS = 8


@lru_cache(maxsize=4)
def _stemmer(lang: str):  # noqa: ANN202
    return snowballstemmer.stemmer(_ALGORITHMS[lang])


def fold(text: str) -> str:
    """Lower case without accents; ß becomes ss."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _word.findall(fold(text))


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    return _stemmer(lang).stemWord(word)


def terms_for(*texts: str, language: str) -> str:
    """The ``search_terms`` value of a record written in ``language``."""
    found: list[str] = []
    seen: set[str] = set()
    lang = language if language in _ALGORITHMS else "en"
    for text in texts:
        for word in words(text or ""):
            for term in (word, stem(word, lang)):
                if term not in seen:
                    seen.add(term)
                    found.append(term)
    return " ".join(found)


def refresh_terms(obstacle) -> None:  # noqa: ANN001
    obstacle.search_terms = terms_for(
        obstacle.reference, obstacle.title, obstacle.description, obstacle.legal_references, language=obstacle.language
    )


def query_groups(query: str) -> list[list[str]]:
    """For each query word, the forms that may match it (the word and its stems in the four languages)."""
    groups = []
    for word in words(query)[:MAX_QUERY_WORDS]:
        forms = {word} | {stem(word, lang) for lang in _ALGORITHMS}
        # A stem of one or two letters would match almost everything as a prefix; a form that extends
        # another one adds nothing to a prefix search.
        forms = {f for f in forms if len(f) >= 2 or f.isdigit()}
        groups.append(sorted(f for f in forms if not any(f != g and f.startswith(g) for g in forms)))
    return [g for g in groups if g]


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Restrict ``queryset`` (of obstacles) to those matching every word of ``query``."""
    groups = query_groups(query)
    if not groups:
        return queryset
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        expression = " & ".join("(" + " | ".join(f"{form}:*" for form in group) + ")" for group in groups)
        return queryset.extra(  # noqa: S610 - the expression is a parameter; forms are [a-z0-9] only
            where=[f"{table}.search_vector @@ to_tsquery('simple', %s)"], params=[expression]
        )
    expression = " AND ".join("(" + " OR ".join(f"{form}*" for form in group) + ")" for group in groups)
    return queryset.extra(  # noqa: S610 - as above
        where=[f"{table}.id IN (SELECT rowid FROM obstacles_fts WHERE obstacles_fts MATCH %s)"],  # noqa: S608
        params=[expression],
    )
