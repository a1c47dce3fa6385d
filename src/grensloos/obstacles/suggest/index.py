"""The in-process index of the register: stored vectors, lexical and concept matrices, kept in step cheaply.

Built once per process from the database (stored embeddings are read, never recomputed unless missing or of
another backend; those are computed in batches and written back). Each lookup asks the database for one
aggregate, ``(count, max(updated_at))``; when it changed, only the rows updated since are read and appended to
a small *delta* segment, replacing (tombstoning) their old rows. The main segment keeps its word matrix
transposed (terms × obstacles), so a query costs the postings of its own terms, not a pass over the register.
The vocabulary and IDF are refitted (full rebuild) when the register has grown or changed by a quarter.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max
from scipy import sparse

from . import embedding
from .lexical import Analysis, LexicalModel, analyse

log = logging.getLogger(__name__)

EXCLUDED_STATUS = "rejected"
_DELTA_MERGE_ROWS = 5000
_REBUILD_SHARE = 0.25
_EMBED_BATCH = 256
_FIELDS = ("id", "reference", "title", "description", "language", "status", "embedding", "embedding_backend")


@dataclass
class Segment:
    ids: np.ndarray
    dense: np.ndarray | None  # (n, dim) float32, normalised
    words: sparse.csr_matrix  # (n, vocabulary), rows L2-normalised
    concepts: sparse.csr_matrix  # (n, concepts), rows L2-normalised
    words_t: sparse.csr_matrix | None = None  # (vocabulary, n) for the main segment

    def __len__(self) -> int:
        return len(self.ids)

    def transpose(self) -> None:
        self.words_t = self.words.T.tocsr()


@dataclass
class Layers:
    """Scores of every row of the index, per layer, each in [0, 1]."""

    dense: np.ndarray | None
    words: np.ndarray
    concepts: np.ndarray


class Index:
    def __init__(self, backend_name: str):
        self.backend_name = backend_name
        self.backend = embedding.get_backend(backend_name) if backend_name != "none" else None
        self.signature: tuple = ()
        self.last_updated = None
        self.model: LexicalModel | None = None
        self.fitted_rows = 0
        self.main: Segment | None = None
        self.delta: Segment | None = None
        # one entry per row, main then delta
        self.ids = np.zeros(0, dtype=np.int64)
        self.alive = np.zeros(0, dtype=bool)
        self.active = np.zeros(0, dtype=bool)
        self.public = np.zeros(0, dtype=bool)
        self.references: list[str] = []
        self.titles: list[str] = []
        self.languages: list[str] = []
        self.position: dict[int, int] = {}
        self.probe: tuple = ()
        self.counted_at = 0.0

    # ---------------------------------------------------------------- building
    @property
    def dim(self) -> int:
        return self.backend.dim if self.backend is not None else 0

    def build(self, signature: tuple) -> None:
        from ..models import Obstacle

        rows = list(Obstacle.objects.values_list(*_FIELDS).order_by("id").iterator(chunk_size=5000))
        public_ids = set(Obstacle.objects.public().values_list("id", flat=True))
        analyses = [analyse(r[2], r[3], r[4]) for r in rows]
        self.model = LexicalModel(analyses)
        self.fitted_rows = len(rows)
        self.main = self._segment(rows, analyses, words=self.model.words_matrix, concepts=self.model.concepts_matrix)
        self.main.transpose()
        self.delta = None
        self.ids = self.main.ids.copy()
        self.alive = np.ones(len(rows), dtype=bool)
        self.active = np.array([r[5] != EXCLUDED_STATUS for r in rows], dtype=bool)
        self.public = np.array([r[0] in public_ids for r in rows], dtype=bool)
        self.references = [r[1] for r in rows]
        self.titles = [r[2] for r in rows]
        self.languages = [r[4] for r in rows]
        self.position = {int(i): p for p, i in enumerate(self.ids)}
        self.signature = signature
        self.last_updated = signature[1]
        if self.backend is not None:
            self.backend.encode(["warm up"])  # lazy weights load here, not in the first lookup

    def _segment(self, rows, analyses: list[Analysis], *, words=None, concepts=None) -> Segment:  # noqa: ANN001
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        if words is None:
            words = self.model.words(analyses)
        if concepts is None:
            concepts = self.model.concepts(analyses)
        return Segment(ids=ids, dense=self._vectors(rows), words=words, concepts=concepts)

    def _vectors(self, rows) -> np.ndarray | None:  # noqa: ANN001
        """Stored vectors of the rows; missing or stale ones are computed and written back."""
        if self.backend is None:
            return None
        from ..models import Obstacle

        dense = np.zeros((len(rows), self.dim), dtype=np.float32)
        missing = []
        for p, row in enumerate(rows):
            stored, backend = row[6], row[7]
            vector = embedding.from_bytes(stored) if stored is not None and backend == self.backend.name else None
            if vector is None or vector.shape[0] != self.dim:
                missing.append(p)
            else:
                dense[p] = vector
        for start in range(0, len(missing), _EMBED_BATCH):
            chunk = missing[start : start + _EMBED_BATCH]
            texts = [embedding.obstacle_text(rows[p][2], rows[p][3]) for p in chunk]
            vectors = embedding.embed_texts(texts, backend=self.backend)
            for p, vector in zip(chunk, vectors, strict=True):
                dense[p] = vector
                # .update() leaves updated_at alone, so writing a vector back does not look like a change
                Obstacle.objects.filter(pk=rows[p][0]).update(
                    embedding=embedding.to_bytes(vector), embedding_backend=self.backend.name
                )
        if missing:
            log.info("obstacle suggestions: embedded %d obstacles with %s", len(missing), self.backend.name)
        return dense

    def refresh(self, signature: tuple) -> None:
        """Bring the index up to ``signature`` with the rows changed since the last look."""
        from ..models import Obstacle

        if self.main is None:
            self.build(signature)
            return
        changed = list(
            Obstacle.objects.filter(updated_at__gte=self.last_updated).values_list(*_FIELDS).order_by("id")
            if self.last_updated is not None
            else Obstacle.objects.values_list(*_FIELDS).order_by("id")
        )
        for row in changed:
            old = self.position.pop(int(row[0]), None)
            if old is not None:
                self.alive[old] = False
        expected = int(self.alive.sum()) + len(changed)
        if expected != signature[0]:  # something was deleted: drop the rows that no longer exist
            existing = set(Obstacle.objects.values_list("id", flat=True))
            for row_id, p in list(self.position.items()):
                if row_id not in existing:
                    self.alive[p] = False
                    del self.position[row_id]
        dead = int((~self.alive).sum())
        total = len(self.alive)
        if len(changed) + dead > _REBUILD_SHARE * max(self.fitted_rows, 1) and total + len(changed) > 40:
            self.build(signature)
            return
        if changed:
            changed_ids = [r[0] for r in changed]
            public_ids = set(Obstacle.objects.public().filter(id__in=changed_ids).values_list("id", flat=True))
            analyses = [analyse(r[2], r[3], r[4]) for r in changed]
            segment = self._segment(changed, analyses)
            self.delta = segment if self.delta is None else _stack(self.delta, segment)
            start = len(self.ids)
            self.ids = np.concatenate([self.ids, segment.ids])
            self.alive = np.concatenate([self.alive, np.ones(len(changed), dtype=bool)])
            self.active = np.concatenate([self.active, [r[5] != EXCLUDED_STATUS for r in changed]])
            self.public = np.concatenate([self.public, [r[0] in public_ids for r in changed]])
            self.references += [r[1] for r in changed]
            self.titles += [r[2] for r in changed]
            self.languages += [r[4] for r in changed]
            for offset, row in enumerate(changed):
                self.position[int(row[0])] = start + offset
            if len(self.delta) > _DELTA_MERGE_ROWS:
                self.main = _stack(self.main, self.delta)
                self.main.transpose()
                self.delta = None
        self.signature = signature
        self.last_updated = signature[1]

    # ---------------------------------------------------------------- querying
    def query_vectors(self, title: str, description: str, language: str | None):
        analysis = analyse(title, description, language)
        words = self.model.words([analysis])
        concepts = self.model.concepts([analysis])
        dense = None
        if self.backend is not None:
            dense = embedding.embed_texts([embedding.obstacle_text(title, description)], backend=self.backend)[0]
        return dense, words, concepts

    def row_vectors(self, row: int):
        """The stored vectors of one row of the index (no re-embedding)."""
        n_main = len(self.main)
        segment, local = (self.main, row) if row < n_main else (self.delta, row - n_main)
        dense = segment.dense[local] if segment.dense is not None else None
        return dense, segment.words[local], segment.concepts[local]

    def layers(self, dense, words: sparse.csr_matrix, concepts: sparse.csr_matrix) -> Layers:  # noqa: ANN001
        parts = [p for p in (self.main, self.delta) if p is not None]
        word_scores, concept_scores, dense_scores = [], [], []
        q_concepts = concepts.toarray().ravel()
        for segment in parts:
            if segment.words_t is not None:
                word_scores.append((words @ segment.words_t).toarray().ravel())
            else:
                word_scores.append((segment.words @ words.T).toarray().ravel())
            concept_scores.append(segment.concepts @ q_concepts)
            if dense is not None and segment.dense is not None:
                dense_scores.append(segment.dense @ dense)
        dense_all = None
        if dense_scores:
            dense_all = self.backend.calibrate(np.concatenate(dense_scores).astype(np.float32))
        return Layers(
            dense=dense_all,
            words=np.clip(np.concatenate(word_scores), 0.0, 1.0),
            concepts=np.clip(np.concatenate(concept_scores), 0.0, 1.0),
        )


def _stack(a: Segment, b: Segment) -> Segment:
    dense = None
    if a.dense is not None and b.dense is not None:
        dense = np.vstack([a.dense, b.dense])
    return Segment(
        ids=np.concatenate([a.ids, b.ids]),
        dense=dense,
        words=sparse.vstack([a.words, b.words], format="csr"),
        concepts=sparse.vstack([a.concepts, b.concepts], format="csr"),
    )


_lock = threading.RLock()
_index: Index | None = None


def signature() -> tuple:
    """``(count, max(updated_at))`` of the register: exact, but COUNT(*) reads the whole table on SQLite."""
    from ..models import Obstacle

    found = Obstacle.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (found["n"], found["last"])


def _probe() -> tuple:
    """``(max(id), max(updated_at))``: two index look-ups, cheap at any size. A new or saved obstacle moves it."""
    from django.db import connection

    from ..models import Obstacle

    table = connection.ops.quote_name(Obstacle._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(id) FROM {table}), (SELECT MAX(updated_at) FROM {table})")  # noqa: S608
        max_id, last = cursor.fetchone()
    return (max_id, last)


def _recount_seconds() -> float:
    from django.conf import settings

    return float(getattr(settings, "OBSTACLES_SUGGEST_RECOUNT_SECONDS", 5.0))


def current_index() -> Index:
    """The process's index, brought up to date with the register.

    Each call costs one cheap probe (max id, max updated_at): it sees new and saved obstacles at once. Deletions
    do not move it, so the exact count is compared as well, at most every ``OBSTACLES_SUGGEST_RECOUNT_SECONDS``
    (default 5 s); until then a deleted obstacle may still be suggested.
    """
    global _index
    backend = embedding.backend_name()
    probe = _probe()
    now = time.monotonic()
    with _lock:
        index = _index
        if index is None or index.backend_name != backend:
            index = Index(backend)
            index.build(signature())
            index.probe, index.counted_at = probe, now
            _index = index
        elif index.probe != probe or now - index.counted_at >= _recount_seconds():
            sig = signature()
            if sig != index.signature:
                index.refresh(sig)
            index.probe, index.counted_at = probe, now
        return index


def reset_index() -> None:
    """Forget the in-process index (the next lookup rebuilds it); for tests and after bulk changes."""
    global _index
    with _lock:
        _index = None
