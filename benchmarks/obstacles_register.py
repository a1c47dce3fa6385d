"""The public obstacle register with 100 000 obstacles in four languages.

    .venv/bin/python benchmarks/obstacles_register.py [--size 100000] [--requests 200] [--load 20]
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/bench_obstacles .venv/bin/python benchmarks/...

1. Generates ``--size`` obstacles: titles and sentences drawn from the demo obstacles of the same language
   (nl, fr, de, en), recombined, with random borders, domains, types, statuses, years and lines; written with
   bulk_create (search terms computed as the application does), so the full-text index fills through the
   database's own triggers (SQLite FTS5) or generated column (PostgreSQL).
2. Register search: the public register page (`/xx/obstacles/?q=...&facets`: results, counts, facet tables)
   and the API list, through Django's test client with the page cache off, for a rotation of queries in the
   four languages with and without facets. Reports p50/p95/max (target p95 <= 50 ms). Facet counts are
   cached per filters and register version as in production; ``--no-cache`` measures every count cold.
3. Throughput (with ``--load`` seconds > 0 and wrk installed): gunicorn in production mode serves the register
   pages in rotation, then a bare Django view, and the ratio of requests per second is reported.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _setup import fresh_django  # noqa: E402

DEMO = HERE.parent / "src" / "grensloos" / "obstacles" / "demo" / "obstacles.json"
QUERIES = {
    "nl": ["grensarbeider", "ziekenhuis ambulance", "belasting thuiswerk", "diploma"],
    "fr": ["frontalier", "impôt télétravail", "allocations familiales", "permis"],
    "de": ["Grenzgänger", "Krankenhaus", "Steuer Homeoffice", "Führerschein"],
    "en": ["frontier worker", "tax", "hospital", "eID"],
}
FACETS = [{}, {"border": "BE-NL"}, {"domain": "taxation"}, {"year": "2024", "border": "BE-LU"}, {"status": "solved"}]


def generate(size: int, seed: int = 11) -> None:
    from grensloos.core.vocabularies import Domain
    from grensloos.obstacles import search
    from grensloos.obstacles.models import BORDERS, Obstacle, ObstacleType, Status

    rng = random.Random(seed)
    records = json.loads(DEMO.read_text(encoding="utf-8"))
    pools: dict[str, dict[str, list[str]]] = {}
    for r in records:
        pool = pools.setdefault(r["language"], {"titles": [], "sentences": []})
        pool["titles"].append(r["title"])
        pool["sentences"] += [s.strip() for s in re.split(r"(?<=[.!?])\s+", r["description"]) if s.strip()]
    statuses = [
        Status.ACCEPTED,
        Status.ANALYSIS,
        Status.SOLUTION_PROPOSED,
        Status.ESCALATED,
        Status.SOLVED,
        Status.PARTLY_SOLVED,
        Status.NOT_SOLVABLE,
        Status.RECEIVED,
        Status.TRIAGE,
        Status.REJECTED,
    ]
    langs = list(pools)
    batch = []
    start = time.perf_counter()
    for i in range(size):
        lang = langs[i % 4]
        pool = pools[lang]
        status = rng.choice(statuses)
        reported = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(0, 7 * 365))
        o = Obstacle(
            reference=f"GEN-{i:07d}",
            title=f"{rng.choice(pool['titles'])} ({i})",
            description=" ".join(rng.sample(pool["sentences"], 3)),
            language=lang,
            domain=rng.choice(Domain.values),
            obstacle_type=rng.choice(ObstacleType.values),
            status=status,
            reported_on=reported,
            accepted_on=reported if status not in (Status.RECEIVED, Status.TRIAGE, Status.REJECTED) else None,
        )
        o.border_list = rng.sample(BORDERS, rng.choice([1, 1, 2]))
        search.refresh_terms(o)
        batch.append(o)
        if len(batch) == 5000:
            Obstacle.objects.bulk_create(batch)
            batch = []
    Obstacle.objects.bulk_create(batch)
    print(f"generated {size} obstacles in {time.perf_counter() - start:.1f} s")


def urls() -> list[str]:
    from urllib.parse import urlencode

    found = []
    for lang, queries in QUERIES.items():
        for n, query in enumerate(queries):
            facets = FACETS[n % len(FACETS)]
            found.append(f"/{lang}/obstacles/?" + urlencode({"q": query, **facets}))
        found.append(f"/{lang}/obstacles/?" + urlencode(FACETS[(len(found)) % len(FACETS)]))
    return found


def measure(client, paths: list[str], n: int) -> dict:  # noqa: ANN001
    for path in paths:
        assert client.get(path).status_code == 200, path
    times = []
    for i in range(n):
        # A distinct address per request, so the public-page cache never answers: what is measured is the
        # search itself (facet counts may come from their own cache, as in production).
        path = f"{paths[i % len(paths)]}&n={i}"
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def load(paths: list[str], seconds: int, data_dir: Path) -> dict:
    from load_programme import _env, _wrk

    env = _env(data_dir)
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    port = 8766
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "python"), "-m", "grensloos", "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "grensloos.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/bare/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        pages = _wrk(base, paths, seconds, 20)
        bare = _wrk(base + "/bench/bare/", None, seconds, 20)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    return {
        "register": {k: v for k, v in pages.items() if k != "raw"},
        "bare": {k: v for k, v in bare.items() if k != "raw"},
        "throughput_ratio": round(pages["rps"] / bare["rps"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--load", type=int, default=20, help="seconds of wrk load per target (0: skip)")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="switch the cache off, so every request counts its facets (default: the local-memory cache, as deployed)",
    )
    args = parser.parse_args()
    cache_url = "dummycache://" if args.no_cache else "locmemcache://bench"
    data_dir = fresh_django({"CACHE_URL": cache_url, "OBSTACLES_EMBEDDING_BACKEND": "none"})
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    generate(args.size)
    paths = urls()
    client = Client()
    page = measure(client, paths, args.requests)
    api = measure(client, ["/api/obstacles/?" + p.split("?", 1)[1] for p in paths], args.requests)
    result = {
        "database": connection.vendor,
        "obstacles": args.size,
        "cache": cache_url,
        "register_page": page,
        "api_list": api,
    }
    print(json.dumps(result, indent=2), flush=True)
    if args.load and shutil.which("wrk"):
        connection.close()
        result["load"] = load(paths, args.load, data_dir)
        print(json.dumps(result["load"], indent=2))


if __name__ == "__main__":
    main()
