"""Most similar obstacles, across languages: the layers' scores combined into one score in [0, 1]."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings

from .index import Index, Layers, current_index

#: Weights of the layers. Without embeddings (backend ``none``) the dense weight is left out and the others
#: are renormalised. Override with the setting ``OBSTACLES_SUGGEST_WEIGHTS`` (a dict with these keys).
DEFAULT_WEIGHTS = {"embedding": 0.5, "lexical": 0.25, "glossary": 0.25}


@dataclass(frozen=True)
class Match:
    obstacle_id: int
    reference: str
    title: str
    language: str
    score: float

    def as_dict(self) -> dict:
        return {"reference": self.reference, "title": self.title, "language": self.language, "score": self.score}


def weights() -> dict[str, float]:
    configured = getattr(settings, "OBSTACLES_SUGGEST_WEIGHTS", None) or {}
    return {key: float(configured.get(key, value)) for key, value in DEFAULT_WEIGHTS.items()}


def combine(layers: Layers) -> np.ndarray:
    w = weights()
    total = layers.words * w["lexical"] + layers.concepts * w["glossary"]
    weight = w["lexical"] + w["glossary"]
    if layers.dense is not None:
        total += layers.dense * w["embedding"]
        weight += w["embedding"]
    return total / weight if weight else total


def _top(index: Index, scores: np.ndarray, *, top: int, exclude_ids, public_only: bool) -> list[Match]:  # noqa: ANN001
    mask = index.alive & index.active
    if public_only:
        mask = mask & index.public
    for excluded in exclude_ids or ():
        row = index.position.get(int(excluded))
        if row is not None:
            mask[row] = False
    scores = np.where(mask, scores, -1.0)
    top = max(0, min(int(top), int(mask.sum())))
    if top == 0:
        return []
    best = np.argpartition(-scores, top - 1)[:top] if top < len(scores) else np.arange(len(scores))
    best = best[np.lexsort((index.ids[best], -scores[best]))]
    return [
        Match(
            obstacle_id=int(index.ids[r]),
            reference=index.references[r],
            title=index.titles[r],
            language=index.languages[r],
            score=round(float(min(max(scores[r], 0.0), 1.0)), 4),
        )
        for r in best
        if scores[r] >= 0.0
    ]


def similar_to_text(
    text: str,
    *,
    language: str | None = None,
    top: int = 10,
    exclude_ids=(),  # noqa: ANN001
    public_only: bool = False,
    title: str = "",
) -> list[Match]:
    """Obstacles most like a new report (``text``: its description, or title and description together)."""
    index = current_index()
    if not (text or title or "").strip():
        return []
    dense, words, concepts = index.query_vectors(title, text, language)
    return _top(
        index, combine(index.layers(dense, words, concepts)), top=top, exclude_ids=exclude_ids, public_only=public_only
    )


def similar_to_obstacle(obstacle, *, top: int = 10, public_only: bool = False, exclude_ids=()) -> list[Match]:  # noqa: ANN001
    """Obstacles most like a registered one (itself excluded), from its stored vectors where it is indexed."""
    index = current_index()
    row = index.position.get(int(obstacle.pk)) if obstacle.pk is not None else None
    if row is not None:
        dense, words, concepts = index.row_vectors(row)
    else:
        dense, words, concepts = index.query_vectors(obstacle.title, obstacle.description, obstacle.language)
    excluded = [obstacle.pk, *exclude_ids] if obstacle.pk is not None else list(exclude_ids)
    return _top(
        index, combine(index.layers(dense, words, concepts)), top=top, exclude_ids=excluded, public_only=public_only
    )
