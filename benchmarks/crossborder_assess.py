"""Cross-border worker check: one million synthetic worker-years in one OpenFisca simulation.

    .venv/bin/python benchmarks/crossborder_assess.py [--size 1000000] [--repeat 5] [--single 1000]

Draws a synthetic population (`grensloos.crossborder.population`, every covered pair of states, the years
2019–2026) and times, best of ``--repeat`` runs:

* the vectorised assessment: `engine.compute` (one simulation, every year a period of it) plus the
  per-worker doubts from the parameters (`batch.parameter_doubts`), i.e. everything a batch needs except
  writing text;
* the same cases one by one: each worker in a simulation of its own (`engine.compute` on one row), for the
  first ``--single`` workers, extrapolated to the whole population; the ratio of the two is reported;
* for scale, the full CSV round trip of the employer batch (`batch.run`: parse, validate, assess, write) on
  100 000 rows.

Target (issue 4): 1 000 000 worker-years in ≤ 3 s on the project machine; ratio against one by one ≥ 100×.
"""

from __future__ import annotations

import argparse
import io
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import fresh_django  # noqa: E402


def best(function, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--single", type=int, default=1000)
    parser.add_argument("--csv-size", type=int, default=100_000)
    args = parser.parse_args()
    fresh_django()

    from grensloos.crossborder import batch, engine, population

    engine.compute(population.generate(1000, seed=1))  # build the model and read the parameters once
    columns = population.generate(args.size, seed=2024)
    print(f"{args.size} worker-years, {len(set(columns.year.tolist()))} years, python {platform.python_version()}")

    def vectorised() -> None:
        results = engine.compute(columns)
        batch.parameter_doubts(columns, results)

    whole = best(vectorised, args.repeat)
    compute_only = best(lambda: engine.compute(columns), args.repeat)
    print(f"vectorised: {whole:.3f} s (of which the simulation {compute_only:.3f} s)")

    start = time.perf_counter()
    for i in range(args.single):
        engine.compute(columns.rows(i, i + 1))
    per_case = (time.perf_counter() - start) / args.single
    print(f"one by one: {per_case * 1000:.2f} ms per worker -> {per_case * args.size:.0f} s for {args.size}")
    print(f"ratio: {per_case * args.size / whole:.0f}x")

    out = io.StringIO()
    population.write_csv(population.generate(args.csv_size, seed=5), out)
    text = out.getvalue()
    csv_time = best(lambda: batch.run(text), 1)
    print(f"CSV batch round trip, {args.csv_size} rows: {csv_time:.2f} s ({args.csv_size / csv_time:.0f} rows/s)")


if __name__ == "__main__":
    main()
