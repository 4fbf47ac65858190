"""French text: accent folding, stemming, TF-IDF vectors and the skills a mission asks for.

Stemming uses the Snowball French stemmer (``snowballstemmer``, already a dependency of the
search): "bricoler", "bricolage" and "bricoleur" share the stem ``bricol``. Words are stemmed
with their accents (the French rules need them), then folded ("épicerie" → ``epicer``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import snowballstemmer
from scipy import sparse

__all__ = ["Vectorizer", "fold", "matching_skills", "split_skills", "stems"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SKILL_SEPARATORS = re.compile(r"[,;/\n•·]+|\s+-\s+|\bet\b")
_STEMMER = snowballstemmer.stemmer("french")

# Folded, short function words that carry no meaning for matching.
STOPWORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "m",
        "n",
        "s",
        "t",
        "y",
        "ete",
        "etre",
        "avoir",
        "fait",
        "faire",
        "tres",
        "plus",
        "tout",
        "tous",
        "toute",
        "toutes",
        "chez",
        "sans",
        "sous",
        "entre",
        "vers",
        "aussi",
        "bien",
        "peu",
        "son",
        "si",
        "sont",
        "est",
        "ont",
    ]
)


def fold(text: str) -> str:
    """Lower case without accents or ligatures: "Œuvre Épicerie" → "oeuvre epicerie"."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Snowball keeps some derivations apart that people use for the same skill: "bricolage"
# (bricolag) and "bricoler" (bricol), "bricoleur", "jardinier" (jardini) and "jardiner".
# Folded stems ending so lose the ending when enough remains (suffix, shortest remainder).
DERIVATIONS = (("ag", 4), ("eur", 4), ("i", 5))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """The folded stem of a lower-case word, "" for a stop word or a one-letter word."""
    if len(word) < 2 or fold(word) in STOPWORDS:
        return ""
    stem = fold(_STEMMER.stemWord(word))
    for suffix, remainder in DERIVATIONS:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= remainder:
            stem = stem[: -len(suffix)]
            break
    return stem if len(stem) >= 2 else ""


def stems(text: str) -> list[str]:
    """The stems of the meaningful words of ``text``, in order (repeats kept)."""
    return [stem for word in _WORD.findall(text.lower()) if (stem := _stem(word))]


def split_skills(text: str) -> list[str]:
    """ "Bricolage, cuisine et jardinage" → ["Bricolage", "cuisine", "jardinage"]."""
    parts = (part.strip(" .!?:()\t") for part in _SKILL_SEPARATORS.split(text))
    return [part for part in parts if part]


@lru_cache(maxsize=50_000)
def _skill_stems(skill: str) -> frozenset[str]:
    return frozenset(stems(skill))


def matching_skills(skills: Iterable[str], mission_stems: set[str], *, limit: int = 3) -> list[str]:
    """The volunteer's skills (their own words) whose every stem appears in the mission."""
    found: list[str] = []
    for skill in skills:
        skill_stems = _skill_stems(skill)
        if skill_stems and skill_stems <= mission_stems and skill.lower() not in (s.lower() for s in found):
            found.append(skill.strip())
            if len(found) == limit:
                break
    return found


class Vectorizer:
    """TF-IDF over stems, fitted on the missions; rows L2-normalised (cosine = dot product).

    ``tf`` is sublinear (1 + log n); words of the skills fields count ``SKILLS_WEIGHT`` times.
    Stems the missions never use are dropped (they could not match anything)."""

    SKILLS_WEIGHT = 2

    def __init__(self, documents: Sequence[list[str]]) -> None:
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(doc))
        self.vocabulary = {term: i for i, term in enumerate(sorted(df))}
        n = len(documents)
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in sorted(df)], dtype=np.float32)

    @staticmethod
    def document(text: str, skills: str = "") -> list[str]:
        return stems(text) + stems(skills) * Vectorizer.SKILLS_WEIGHT

    def transform(self, documents: Iterable[list[str]]) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for doc in documents:
            counts = Counter(self.vocabulary[t] for t in doc if t in self.vocabulary)
            weights = {i: (1.0 + math.log(c)) * float(self.idf[i]) for i, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for i in sorted(weights):
                indices.append(i)
                values.append(weights[i] / norm)
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.array(values, dtype=np.float32), np.array(indices, dtype=np.int32), np.array(indptr)),
            shape=(len(indptr) - 1, len(self.vocabulary)),
        )
