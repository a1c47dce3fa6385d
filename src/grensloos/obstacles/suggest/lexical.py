"""The multilingual lexical layer and the glossary's concept vectors, as sparse TF-IDF matrices.

Features of a text, in its own language:

* word stems (Snowball, accents removed, short function words dropped), the title counted twice;
* character 5-grams inside longer stems, marked with ``#``: they join the parts of Dutch and German compounds
  and the many shared roots of the four languages (diplom, pension, frontal-, luxemb-);
* separately, the glossary's concept ids (see ``glossary.py``), weighted per concept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .glossary import glossary
from .text import LANGUAGES, detect_language, stems

_NGRAM = 5
_NGRAM_MIN_STEM = 7


def _identity(tokens):  # noqa: ANN001, ANN202
    return tokens


@dataclass
class Analysis:
    tokens: list[str]
    concepts: Counter


def analyse(title: str, description: str, language: str | None = None) -> Analysis:
    text = f"{title or ''}\n{description or ''}"
    if language not in LANGUAGES:
        language = detect_language(text)
    title_stems = stems(title or "", language)
    body_stems = stems(description or "", language)
    all_stems = title_stems + body_stems
    tokens = title_stems + all_stems
    for s in set(all_stems):
        if len(s) >= _NGRAM_MIN_STEM and s.isalpha():
            tokens.extend("#" + s[i : i + _NGRAM] for i in range(len(s) - _NGRAM + 1))
    g = glossary()
    concepts = Counter(g.match_stems(title_stems, language))
    concepts.update(g.match(description or "", language))
    # borrowed words of another language in the title
    concepts.update(c for c in g.match(title or "", language) if c not in concepts)
    return Analysis(tokens, concepts)


class LexicalModel:
    """A fitted vocabulary and IDF for word features, and the concept IDF; turns analyses into row matrices."""

    def __init__(self, analyses: list[Analysis]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        n = len(analyses)
        self.vectorizer = TfidfVectorizer(
            analyzer=_identity,
            sublinear_tf=True,
            max_df=0.3 if n >= 200 else 1.0,
            dtype=np.float32,
        )
        docs = [a.tokens for a in analyses]
        if any(docs):
            self.words_matrix = self.vectorizer.fit_transform(docs).tocsr()
            self.fitted = True
        else:
            self.words_matrix = sparse.csr_matrix((n, 1), dtype=np.float32)
            self.fitted = False
        g = glossary()
        self.concept_ids = g.ids
        self.concept_position = g.position
        self.concept_weight = np.array([g.concepts[c].weight for c in g.ids], dtype=np.float32)
        raw = self._concept_counts(analyses)
        df = np.asarray((raw > 0).sum(axis=0)).ravel()
        self.concept_idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        self.concepts_matrix = self._concept_rows(raw)

    def _concept_counts(self, analyses: list[Analysis]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for r, analysis in enumerate(analyses):
            for concept, count in analysis.concepts.items():
                col = self.concept_position.get(concept)
                if col is not None:
                    rows.append(r)
                    cols.append(col)
                    vals.append(count)
        return sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (rows, cols)),
            shape=(len(analyses), len(self.concept_ids)),
            dtype=np.float32,
        )

    def _concept_rows(self, raw: sparse.csr_matrix) -> sparse.csr_matrix:
        m = raw.tocsr(copy=True)
        m.data = 1.0 + np.log(m.data)
        m = m.multiply(self.concept_idf * self.concept_weight).tocsr()
        return _l2_rows(m)

    def words(self, analyses: list[Analysis]) -> sparse.csr_matrix:
        if not self.fitted:
            return sparse.csr_matrix((len(analyses), 1), dtype=np.float32)
        return self.vectorizer.transform([a.tokens for a in analyses]).tocsr()

    def concepts(self, analyses: list[Analysis]) -> sparse.csr_matrix:
        return self._concept_rows(self._concept_counts(analyses))


def _l2_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags((1.0 / norms).astype(np.float32)) @ m
