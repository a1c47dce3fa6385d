"""The cross-lingual layer: a glossary of the field's concepts in four languages.

A text is reduced to the concept ids whose terms it contains, matched on Snowball stems in the text's
language (multi-word terms as stem sequences, and in Dutch and German also inside compounds). Two reports
of the same obstacle in different languages then share concept ids even when they share no word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import LANGUAGES, stems, strip_accents, words

GLOSSARY_FILE = Path(__file__).resolve().parent / "data" / "glossary.yaml"
_COMPOUND_LANGUAGES = ("nl", "de")
_MIN_COMPOUND_STEM = 5


@dataclass(frozen=True)
class Concept:
    id: str
    domain: str = ""
    line: str = ""
    type: str = ""
    weight: float = 1.0
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class _LanguageMatcher:
    sequences: dict[str, list[tuple[tuple[str, ...], str]]]  # first stem -> [(following stems, concept)]
    compound: re.Pattern | None  # stems that may sit inside a longer word
    compound_concepts: dict[str, str]


class Glossary:
    def __init__(self, concepts: dict[str, Concept]):
        self.concepts = concepts
        self.ids = sorted(concepts)
        self.position = {cid: i for i, cid in enumerate(self.ids)}
        self._matchers = {language: self._build(language) for language in LANGUAGES}
        # Plain single words of every language (accent-free), for words borrowed from another language
        # ("homeoffice" in a Dutch text, "telework" in a French one).
        self._anywhere: dict[str, str] = {}
        for concept in concepts.values():
            for terms in concept.terms.values():
                for term in terms:
                    parts = words(term)
                    if len(parts) == 1 and len(parts[0]) >= 5:
                        self._anywhere.setdefault(strip_accents(parts[0]), concept.id)

    def _build(self, language: str) -> _LanguageMatcher:
        sequences: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        compound: dict[str, str] = {}
        for concept in self.concepts.values():
            for term in concept.terms.get(language, ()):
                term_stems = stems(term, language)
                if not term_stems:
                    continue
                if all(s.isdigit() for s in term_stems) and len("".join(term_stems)) < 3:
                    continue  # a bare small number says nothing
                sequences.setdefault(term_stems[0], []).append((tuple(term_stems[1:]), concept.id))
                if (
                    language in _COMPOUND_LANGUAGES
                    and len(term_stems) == 1
                    and len(term_stems[0]) >= _MIN_COMPOUND_STEM
                    and term_stems[0].isalpha()
                ):
                    compound.setdefault(term_stems[0], concept.id)
        for entries in sequences.values():
            entries.sort(key=lambda entry: -len(entry[0]))  # longest phrase first
        pattern = None
        if compound:
            alternatives = sorted(compound, key=len, reverse=True)
            pattern = re.compile("|".join(re.escape(a) for a in alternatives))
        return _LanguageMatcher(sequences, pattern, compound)

    def match_stems(self, text_stems: list[str], language: str) -> list[str]:
        """Concept ids found in a stemmed text (one entry per occurrence)."""
        matcher = self._matchers.get(language) or self._matchers["en"]
        found: list[str] = []
        long_words = []
        n = len(text_stems)
        i = 0
        while i < n:
            token = text_stems[i]
            entries = matcher.sequences.get(token)
            step = 1
            if entries:
                for rest, concept in entries:
                    if tuple(text_stems[i + 1 : i + 1 + len(rest)]) == rest:
                        found.append(concept)
                        step = 1 + len(rest)
                        break
            elif matcher.compound is not None and len(token) > _MIN_COMPOUND_STEM + 2:
                long_words.append(token)
            i += step
        if long_words:
            for hit in matcher.compound.finditer(" ".join(long_words)):
                found.append(matcher.compound_concepts[hit.group(0)])
        return found

    def match(self, text: str, language: str) -> list[str]:
        found = self.match_stems(stems(text, language), language)
        known = set(found)
        for word in words(text):
            concept = self._anywhere.get(strip_accents(word)) if len(word) >= 5 else None
            if concept is not None and concept not in known:
                found.append(concept)
                known.add(concept)
        return found

    def counts(self, text: str, language: str) -> Counter:
        return Counter(self.match(text, language))


def _read(path: Path) -> dict[str, Concept]:
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    concepts = {}
    for cid, entry in raw.items():
        terms = {language: tuple(str(t) for t in entry.get(language) or ()) for language in LANGUAGES}
        line = entry.get("line")
        concepts[cid] = Concept(
            id=cid,
            domain=entry.get("domain", "") or "",
            line=str(line) if line else "",
            type=entry.get("type", "") or "",
            weight=float(entry.get("weight", 1.0)),
            terms=terms,
        )
    return concepts


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    return Glossary(_read(GLOSSARY_FILE))
