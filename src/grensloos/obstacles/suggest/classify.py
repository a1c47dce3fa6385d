"""Likely domain, obstacle type and strategic line of a report.

Two methods:

* ``trained``: logistic regressions on the text's features (word stems and n-grams, glossary concepts and, when
  a backend is configured, the sentence embedding), fitted by ``train()`` on the obstacles whose
  classification the Secretariat confirmed (``classified=True``) and saved in ``DATA_DIR``;
* ``lexicon``: the glossary's hints (each concept may point to a domain, a strategic line or an obstacle type),
  used when no trained model exists, when the register had too few examples of a field, or when the model was
  trained with another embedding backend.
"""

from __future__ import annotations

import math
import os
import threading
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from django.conf import settings
from scipy import sparse

from . import embedding
from .glossary import glossary
from .lexical import Analysis, LexicalModel, analyse

TARGETS = ("domain", "obstacle_type", "strategic_line")
MODEL_FILENAME = "obstacles-classifier.joblib"
_TOP = 3
_DENSE_FACTOR = 1.0

#: Fallback from a policy domain to the strategic lines of the Benelux work programme 2021-2024 it belongs to.
DOMAIN_LINES = {
    "labour_social_security": {"4": 1.0},
    "taxation": {"4": 0.6, "1": 0.4},
    "health_care": {"4": 1.0},
    "education_diplomas": {"4": 0.8, "3": 0.2},
    "mobility_transport": {"4": 0.8, "1": 0.2},
    "environment_energy": {"1": 1.0},
    "digital_telecom_media": {"3": 1.0},
    "security_justice": {"2": 1.0},
    "business_retail_consumer": {"1": 1.0},
    "public_administration_institutional": {"3": 0.5, "5": 0.5},
    "other": {"5": 1.0},
}


def model_path() -> Path:
    return Path(settings.DATA_DIR) / MODEL_FILENAME


def _ranked(scores: dict[str, float]) -> list[dict]:
    total = sum(scores.values())
    if total <= 0:
        return []
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:_TOP]
    return [{"label": label, "score": round(value / total, 4)} for label, value in ranked]


def lexicon_scores(analysis: Analysis) -> dict[str, dict[str, float]]:
    g = glossary()
    domains: dict[str, float] = defaultdict(float)
    types: dict[str, float] = defaultdict(float)
    lines: dict[str, float] = defaultdict(float)
    for cid, count in analysis.concepts.items():
        concept = g.concepts.get(cid)
        if concept is None:
            continue
        strength = concept.weight * (1.0 + math.log(count))
        if concept.domain:
            domains[concept.domain] += strength
        if concept.type:
            types[concept.type] += strength
        if concept.line:
            lines[concept.line] += 0.5 * strength
    for domain, value in domains.items():
        for line, share in DOMAIN_LINES.get(domain, {}).items():
            lines[line] += value * share
    return {"domain": domains, "obstacle_type": types, "strategic_line": lines}


class _Trained:
    def __init__(self, payload: dict):
        self.backend = payload["backend"]
        self.lexical: LexicalModel = payload["lexical"]
        self.classifiers: dict = payload["classifiers"]

    def features(self, analyses: list[Analysis], dense: np.ndarray | None) -> sparse.csr_matrix:
        blocks = [self.lexical.words(analyses), self.lexical.concepts(analyses)]
        if dense is not None and dense.shape[1]:
            blocks.append(sparse.csr_matrix(dense * _DENSE_FACTOR))
        return sparse.hstack(blocks, format="csr")


_loaded: tuple[float, _Trained | None] | None = None
_load_lock = threading.Lock()


def _trained() -> _Trained | None:
    """The saved model, reloaded when the file changes; None without one."""
    global _loaded
    path = model_path()
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return None
    with _load_lock:
        if _loaded is None or _loaded[0] != mtime:
            import joblib

            try:
                _loaded = (mtime, _Trained(joblib.load(path)))
            except Exception:  # a damaged or outdated file: fall back to the lexicon  # noqa: BLE001
                _loaded = (mtime, None)
        return _loaded[1]


def classify(text: str, *, language: str | None = None, title: str = "") -> dict:
    """``{"domain": [{"label", "score"}...], "obstacle_type": [...], "strategic_line": [...], "method": ...}``."""
    analysis = analyse(title, text, language)
    lexicon = lexicon_scores(analysis)
    result: dict = {target: _ranked(lexicon[target]) for target in TARGETS}
    methods = dict.fromkeys(TARGETS, "lexicon")
    model = _trained()
    if model is not None and model.backend == embedding.backend_name() and model.classifiers:
        dense = None
        if model.backend != "none":
            dense = embedding.embed_texts([embedding.obstacle_text(title, text)])
        features = model.features([analysis], dense)
        for target, classifier in model.classifiers.items():
            probabilities = classifier.predict_proba(features)[0]
            order = np.argsort(-probabilities)[:_TOP]
            result[target] = [
                {"label": str(classifier.classes_[i]), "score": round(float(probabilities[i]), 4)} for i in order
            ]
            methods[target] = "trained"
    result["method"] = "trained" if "trained" in methods.values() else "lexicon"
    result["methods"] = methods
    return result


def _labels(obstacle) -> dict[str, str]:  # noqa: ANN001
    line = getattr(obstacle, "strategic_line", None)
    return {
        "domain": obstacle.domain or "",
        "obstacle_type": obstacle.obstacle_type or "",
        "strategic_line": str(line.number) if line is not None else "",
    }


def train(*, min_examples: int = 20) -> dict:
    """Fit the classifiers on confirmed classifications and save them; returns a report."""
    import joblib
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold, cross_val_score

    from ..models import Obstacle
    from .index import current_index

    obstacles = list(Obstacle.objects.filter(classified=True).select_related("strategic_line").order_by("id"))
    backend = embedding.backend_name()
    report: dict = {"examples": len(obstacles), "backend": backend, "min_examples": min_examples, "targets": {}}
    if not obstacles:
        model_path().unlink(missing_ok=True)
        report["method"] = "lexicon"
        return report

    analyses = [analyse(o.title, o.description, o.language) for o in obstacles]
    lexical = LexicalModel(analyses)
    lexical.words_matrix = lexical.concepts_matrix = None  # not needed once fitted; keeps the file small
    dense = None
    if backend != "none":
        index = current_index()
        rows = [index.position.get(o.pk) for o in obstacles]
        dense = np.vstack(
            [
                index.row_vectors(r)[0]
                if r is not None
                else embedding.embed_texts([embedding.obstacle_text(o.title, o.description)])[0]
                for r, o in zip(rows, obstacles, strict=True)
            ]
        )
    payload = {"backend": backend, "lexical": lexical, "classifiers": {}}
    model = _Trained(payload)
    features = model.features(analyses, dense)
    labels = [_labels(o) for o in obstacles]
    for target in TARGETS:
        keep = [i for i, label in enumerate(labels) if label[target]]
        y = np.array([labels[i][target] for i in keep])
        counts = Counter(y.tolist())
        entry: dict = {"examples": len(keep), "counts": dict(sorted(counts.items()))}
        if len(keep) < min_examples or len(counts) < 2:
            entry["method"] = "lexicon"
            entry["reason"] = "too few examples" if len(keep) < min_examples else "only one label"
            report["targets"][target] = entry
            continue
        x = features[keep]
        classifier = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
        folds = min(5, len(keep) // 4)
        if folds >= 2:
            cv = KFold(n_splits=folds, shuffle=True, random_state=0)
            entry["cv_accuracy"] = round(float(cross_val_score(classifier, x, y, cv=cv).mean()), 4)
            entry["cv_folds"] = folds
        classifier.fit(x, y)
        payload["classifiers"][target] = classifier
        entry["method"] = "trained"
        report["targets"][target] = entry
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if payload["classifiers"]:
        tmp = path.with_suffix(".tmp")
        joblib.dump(payload, tmp)
        os.replace(tmp, path)
        report["path"] = str(path)
        report["method"] = "trained"
    else:
        path.unlink(missing_ok=True)  # an older model must not outlive a register that no longer supports it
        report["method"] = "lexicon"
    return report
