"""Portable French full-text search helpers (same behaviour on SQLite and PostgreSQL).

Text is normalised to lower case without accents, split into words, stop words dropped and
each word reduced to its French Snowball stem, so "Bicyclettes" and "bicyclette" match, and
"Portes-lès-Valence" matches "portes les valence". A document is stored as " stem1 stem2 … "
and a query matches when every query stem starts a word of the document.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "de",
        "des",
        "du",
        "d",
        "l",
        "la",
        "le",
        "les",
        "et",
        "en",
        "un",
        "une",
        "sur",
        "sous",
        "pour",
        "par",
        "chez",
        "dans",
        "ou",
    ]
)
_stemmer = snowballstemmer.stemmer("french")


def unaccent(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("œ", "oe").replace("æ", "ae").replace("Œ", "oe").replace("Æ", "ae")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def tokens(text: str) -> list[str]:
    """Normalised stems of a text, in order, without stop words."""
    words = _WORD.findall(unaccent(text).lower())
    return [stem(w) for w in words if w not in STOP_WORDS]


def document(*parts: str) -> str:
    """Build the stored search document from several text parts."""
    seen: dict[str, None] = {}
    for part in parts:
        for token in tokens(part or ""):
            seen.setdefault(token, None)
    return " " + " ".join(seen) + " " if seen else ""


def sort_key(text: str) -> str:
    """Accent- and case-insensitive sort key (e.g. for names)."""
    return unaccent(text).lower().strip()[:200]
