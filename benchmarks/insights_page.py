"""Indicator page response time with 10 million observations in the store.

    .venv/bin/python benchmarks/insights_page.py [--requests 300]
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/insights_page.py

Generates a dataset of 296 000 series × 35 years (10.05 million observations, 40 geographies, random
values with some flags and gaps) in the bulk TSV format, imports it, adds an indicator on one of its
series, and requests the indicator page (chart, tables, trends for BE/NL/LU/EU), a line dashboard and
the API series endpoint many times through Django's test client, with the page cache switched off
(CACHE_URL=dummycache://) so every request renders. Reports p50/p95/max per page (target p95 ≤ 100 ms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import fresh_django  # noqa: E402

GEOS = ["BE", "NL", "LU", "EU27_2020", *[f"X{i:02d}" for i in range(36)]]
YEARS = [str(y) for y in range(1990, 2025)]


def generate(path: Path, a_values: int = 148, b_values: int = 50) -> int:
    rng = random.Random(7)
    flags = ["", "", "", "", "", "e", "p", "b", "u"]
    count = 0
    with path.open("w") as out:
        out.write("freq,a,b,unit,geo\\TIME_PERIOD\t" + "\t".join(y + " " for y in YEARS) + "\n")
        for a in range(a_values):
            for b in range(b_values):
                for geo in GEOS:
                    base = rng.uniform(5, 500)
                    cells = []
                    for _year in YEARS:
                        if rng.random() < 0.03:
                            cells.append(": ")
                        else:
                            base *= rng.uniform(0.97, 1.04)
                            cells.append(f"{base:.1f} {rng.choice(flags)}")
                            count += 1
                    out.write(f"A,A{a},B{b},PC,{geo}\t" + "\t".join(cells) + "\n")
    return count


def measure(client, url: str, n: int) -> dict:  # noqa: ANN001
    client.get(url)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1], "max": times[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    fresh_django({"CACHE_URL": "dummycache://", "ALLOWED_HOSTS": "testserver"})
    from django.db import connection
    from django.test import Client

    from grensloos.insights import services
    from grensloos.insights.models import Dataset, Indicator
    from grensloos.programme.demo import load_demo

    load_demo()
    services.load_catalogue()
    path = Path(tempfile.mkdtemp()) / "bench_big.tsv"
    start = time.perf_counter()
    generated = generate(path)
    print(
        f"generated {path.stat().st_size / 1e6:.0f} MB with {generated} observations in "
        f"{time.perf_counter() - start:.1f} s"
    )
    start = time.perf_counter()
    services.import_file(path, "bench_big")
    dataset = Dataset.objects.get(code="bench_big")
    print(
        f"imported {dataset.series_count} series, {dataset.observation_count} observations in "
        f"{time.perf_counter() - start:.1f} s ({connection.vendor})"
    )
    line = Indicator.objects.get(code="freight-rail").line
    names = {
        f"{field}_{lang}": "Benchmark indicator" for field in ("name", "unit") for lang in ("nl", "fr", "de", "en")
    }
    Indicator.objects.update_or_create(
        code="bench-indicator",
        defaults={
            "dataset_code": "bench_big",
            "filters": {"freq": "A", "a": "A71", "b": "B23", "unit": "PC"},
            "line": line,
            **names,
        },
    )
    client = Client()
    for label, url in (
        ("indicator page", "/en/data/indicators/bench-indicator/"),
        ("line dashboard", f"/en/data/lines/{line.number}/"),
        ("API series", "/api/insights/series/?indicator=bench-indicator&geo=BE,NL,LU,EU27_2020"),
        ("CSV", "/en/data/indicators/bench-indicator.csv"),
    ):
        result = measure(client, url, args.requests)
        print(
            f"{label}: p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, max {result['max']:.1f} ms "
            f"over {args.requests} requests"
        )


if __name__ == "__main__":
    main()
