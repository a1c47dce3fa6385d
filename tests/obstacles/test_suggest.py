"""Suggestions for the obstacle register: similar obstacles across languages, language detection, the index.

The quality figures come from tests/obstacles/data/similarity_set.json: obstacle cases each reported two to four
times (other languages, other words) plus distractors of the same domains, all written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from grensloos.obstacles import suggest
from grensloos.obstacles.models import Obstacle
from grensloos.obstacles.suggest import embedding
from grensloos.obstacles.suggest.index import current_index

DATA = json.loads((Path(__file__).parent / "data" / "similarity_set.json").read_text(encoding="utf-8"))
_VECTORS: dict[tuple[str, str], np.ndarray] = {}  # (backend, text) -> vector, shared by the whole session


def reports() -> list[dict]:
    """Every report of the set, with its case id (None for a distractor) and labels."""
    found = []
    for case in DATA["cases"]:
        for report in case["reports"]:
            found.append({**report, "case": case["id"], "domain": case["domain"], "type": case["obstacle_type"]})
    for n, distractor in enumerate(DATA["distractors"]):
        found.append({**distractor, "case": None, "type": distractor["obstacle_type"], "n": n})
    return found


def vectors_for(texts: list[str]) -> list[bytes | None]:
    backend = embedding.get_backend()
    if backend is None:
        return [None] * len(texts)
    todo = [t for t in dict.fromkeys(texts) if (backend.name, t) not in _VECTORS]
    if todo:
        for text, vector in zip(todo, embedding.embed_texts(todo, backend=backend), strict=True):
            _VECTORS[(backend.name, text)] = vector
    return [embedding.to_bytes(_VECTORS[(backend.name, t)]) for t in texts]


def load_set(*, status: str = "accepted", classified: bool = True) -> list[tuple[Obstacle, dict]]:
    items = reports()
    texts = [embedding.obstacle_text(r["title"], r["description"]) for r in items]
    backend = embedding.backend_name()
    rows = [
        Obstacle(
            reference=f"OBS-T-{i:04d}",
            title=r["title"],
            description=r["description"],
            language=r["language"],
            domain=r["domain"],
            obstacle_type=r["type"],
            status=status,
            classified=classified,
            embedding=vector,
            embedding_backend=backend if vector is not None else "",
        )
        for i, (r, vector) in enumerate(zip(items, vectors_for(texts), strict=True))
    ]
    created = Obstacle.objects.bulk_create(rows)
    return list(zip(created, items, strict=True))


def retrieval_quality(pairs: list[tuple[Obstacle, dict]], top: int = 5) -> dict:
    by_case: dict[str, list[tuple[Obstacle, dict]]] = {}
    for obstacle, item in pairs:
        if item["case"]:
            by_case.setdefault(item["case"], []).append((obstacle, item))
    hits = total = cross_hits = cross_total = 0
    misses = []
    for obstacle, item in pairs:
        if not item["case"]:
            continue
        mates = {o.pk: i["language"] for o, i in by_case[item["case"]] if o.pk != obstacle.pk}
        found = [m.obstacle_id for m in suggest.similar_to_obstacle(obstacle, top=top)]
        total += 1
        if any(pk in mates for pk in found):
            hits += 1
        else:
            misses.append(obstacle.title)
        other_language = {pk for pk, language in mates.items() if language != item["language"]}
        if other_language:
            cross_total += 1
            cross_hits += any(pk in other_language for pk in found)
    return {
        "duplicate_top": hits / total,
        "cross_language_top": cross_hits / cross_total,
        "reports": total,
        "cross_reports": cross_total,
        "misses": misses,
    }


@pytest.fixture(autouse=True)
def _fresh_index():  # noqa: ANN202
    suggest.reset_index()
    yield
    suggest.reset_index()


# ------------------------------------------------------------------------------------------- language
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ik woon in België en werk als grensarbeider in Nederland; mijn pensioen is onduidelijk.", "nl"),
        ("Je suis frontalier et mon employeur refuse le télétravail au-delà du seuil fiscal.", "fr"),
        ("Als Grenzgänger bekomme ich das Kindergeld aus Luxemburg seit Monaten nicht.", "de"),
        ("My Dutch nursing degree is not recognised by the Belgian authorities.", "en"),
        ("Kinderbijslag", "nl"),
        ("", "en"),
        ("1234 !!", "en"),
    ],
)
def test_detect_language(text, expected):  # noqa: ANN001
    assert suggest.detect_language(text) == expected


def test_detect_language_on_the_whole_set():
    items = reports()
    right = sum(suggest.detect_language(f"{r['title']}. {r['description']}") == r["language"] for r in items)
    assert right / len(items) >= 0.97


# ------------------------------------------------------------------------------------------- quality
@pytest.mark.django_db
def test_duplicates_found_across_languages():
    pairs = load_set()
    quality = retrieval_quality(pairs)
    print(f"\n{suggest.backend_name()}: {quality}")  # noqa: T201
    assert quality["duplicate_top"] >= 0.90, quality
    assert quality["cross_language_top"] >= 0.80, quality


@pytest.mark.django_db
def test_backend_none_uses_lexical_and_glossary_layers(settings):  # noqa: ANN001
    settings.OBSTACLES_EMBEDDING_BACKEND = "none"
    pairs = load_set()
    assert all(o.embedding is None for o, _ in pairs)
    quality = retrieval_quality(pairs)
    print(f"\nnone: {quality}")  # noqa: T201
    assert quality["duplicate_top"] >= 0.75, quality
    assert quality["cross_language_top"] >= 0.6, quality
    obstacle = Obstacle(title="Thuiswerken", description="x", language="nl", reference="OBS-X")
    suggest.embed_obstacle(obstacle)
    assert obstacle.embedding is None and obstacle.embedding_backend == ""
    assert suggest.embed_texts(["a", "b"]).shape == (2, 0)
    assert current_index().main.dense is None


@pytest.mark.django_db
def test_similar_to_text_finds_the_report_in_another_language():
    load_set()
    matches = suggest.similar_to_text(
        "Ich wohne in Aachen und lasse mich in Maastricht operieren; die Krankenkasse will eine Vorabgenehmigung "
        "und zahlt nicht alles.",
        top=5,
    )
    assert matches and all(0.0 <= m.score <= 1.0 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    titles = {m.title for m in matches}
    assert titles & {
        "Krankenkasse erstattet Behandlung in Maastricht nicht",
        "Duitse patiënten krijgen zorg in Maastricht niet vergoed",
    }
    assert set(matches[0].as_dict()) == {"reference", "title", "language", "score"}


# ------------------------------------------------------------------------------------------- filters
@pytest.mark.django_db
def test_public_only_exclude_and_rejected():
    pairs = load_set(status="received")
    first, second, third = (o for o, i in pairs if i["case"] == "telework_tax_be_lu")
    Obstacle.objects.filter(pk=second.pk).update(status="accepted", accepted_on="2024-01-01")
    text = "Grensarbeider in Luxemburg mag maar 34 dagen thuiswerken zonder belasting in België."

    everything = suggest.similar_to_text(text, top=10)
    assert {first.pk, second.pk, third.pk} <= {m.obstacle_id for m in everything}
    # status changes through .update() do not touch updated_at; reset_index stands for a real save here
    suggest.reset_index()
    public = suggest.similar_to_text(text, top=10, public_only=True)
    assert [m.obstacle_id for m in public] == [second.pk]

    without = suggest.similar_to_text(text, top=10, exclude_ids=[first.pk, second.pk])
    assert first.pk not in {m.obstacle_id for m in without} and second.pk not in {m.obstacle_id for m in without}

    third.status = "rejected"
    third.save()
    after = suggest.similar_to_text(text, top=10)
    assert third.pk not in {m.obstacle_id for m in after}

    own = suggest.similar_to_obstacle(first, top=5)
    assert first.pk not in {m.obstacle_id for m in own}
    assert len(own) == 5


# ------------------------------------------------------------------------------------------- vectors and index
@pytest.mark.django_db
def test_embed_obstacle_sets_a_normalised_vector():
    obstacle = Obstacle(
        reference="OBS-E", title="Kindergeld", description="Kindergeld aus Luxemburg fehlt.", language="de"
    )
    suggest.embed_obstacle(obstacle)
    vector = np.frombuffer(obstacle.embedding, dtype=np.float32)
    assert obstacle.embedding_backend == suggest.backend_name()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
    assert suggest.embed_texts(["een", "deux", "drei"]).shape == (3, vector.shape[0])


@pytest.mark.django_db
def test_missing_and_stale_vectors_are_computed_and_written_back():
    pairs = load_set()
    missing, stale = pairs[0][0], pairs[1][0]
    Obstacle.objects.filter(pk=missing.pk).update(embedding=None, embedding_backend="")
    Obstacle.objects.filter(pk=stale.pk).update(embedding=b"\0" * 16, embedding_backend="some-old-model")
    before = Obstacle.objects.get(pk=pairs[2][0].pk).embedding

    suggest.similar_to_text("Thuiswerken grensarbeider", top=3)

    backend = suggest.backend_name()
    for pk in (missing.pk, stale.pk):
        row = Obstacle.objects.get(pk=pk)
        assert row.embedding_backend == backend
        assert len(bytes(row.embedding)) == 4 * embedding.get_backend().dim
    assert bytes(Obstacle.objects.get(pk=pairs[2][0].pk).embedding) == bytes(before)  # stored ones are kept
    # the index holds the fresh vector: the report finds its own case again
    found = suggest.similar_to_obstacle(Obstacle.objects.get(pk=missing.pk), top=5)
    assert any(m.obstacle_id == pairs[1][0].pk or m.obstacle_id == pairs[2][0].pk for m in found)


@pytest.mark.django_db
def test_index_follows_new_changed_and_deleted_obstacles(settings):  # noqa: ANN001
    settings.OBSTACLES_SUGGEST_RECOUNT_SECONDS = 0  # deletions are otherwise noticed within 5 s
    pairs = load_set()
    text = "Mijn hond heeft een dierenpaspoort nodig om mee te gaan naar de dierenarts in Duitsland."
    assert all(m.title != "Hondenpaspoort niet erkend" for m in suggest.similar_to_text(text, top=5))
    built = current_index()

    new = Obstacle(
        reference="OBS-NEW",
        title="Hondenpaspoort niet erkend",
        language="nl",
        status="accepted",
        description="De Duitse dierenarts erkent het Nederlandse dierenpaspoort van mijn hond niet.",
    )
    suggest.embed_obstacle(new)
    new.save()
    matches = suggest.similar_to_text(text, top=5)
    assert matches[0].obstacle_id == new.pk
    assert current_index() is built and built.delta is not None  # appended, not rebuilt

    new.title = "Katten en honden: paspoort"
    new.save()
    assert suggest.similar_to_text(text, top=1)[0].title == "Katten en honden: paspoort"

    new.delete()
    assert all(m.obstacle_id != new.pk for m in suggest.similar_to_text(text, top=5))
    assert current_index().signature[0] == len(pairs)


@pytest.mark.django_db
def test_empty_register_and_empty_text():
    assert suggest.similar_to_text("Grensarbeider", top=5) == []
    load_set()
    assert suggest.similar_to_text("   ", top=5) == []
    assert suggest.similar_to_text("Grensarbeider", top=0) == []
