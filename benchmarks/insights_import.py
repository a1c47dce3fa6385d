"""Import speed of bulk TSV files against pandas.read_csv parsing the same file.

    .venv/bin/python benchmarks/insights_import.py [--repeat 7]
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/insights_import.py

For lfsa_egised.tsv (3.3 MB, 14 733 series × 41 years) and a generated file ten times its size in the same
format (the same rows with ten variants of the age code), it reports the median of several runs of
  * pandas.read_csv(path, sep="\\t")  — parsing only, and
  * grensloos' import: read, decode, validate every cell, group, store in one transaction
and their ratio (target: at most 2).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import fresh_django, samples  # noqa: E402


def make_tenfold(source: Path, target: Path) -> None:
    lines = source.read_text(encoding="utf-8").replace("\r", "").split("\n")
    header, body = lines[0], [line for line in lines[1:] if line]
    with target.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for variant in range(10):
            for line in body:
                freq, age, rest = line.split(",", 2)
                out.write(f"{freq},{age}V{variant},{rest}\n")


def timed(fn, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    fresh_django()
    import pandas as pd
    from django.db import connection

    from grensloos.insights import services
    from grensloos.insights.models import Dataset

    original = samples() / "lfsa_egised.tsv"
    tenfold = Path(tempfile.mkdtemp()) / "lfsa_egised_x10.tsv"
    make_tenfold(original, tenfold)
    print(f"database: {connection.vendor}")
    for path in (original, tenfold):
        pd.read_csv(path, sep="\t")  # warm the file cache and pandas

        def run_import(path: Path = path) -> float:
            Dataset.objects.filter(code="lfsa_egised").delete()  # a first import into an empty store (not timed)
            start = time.perf_counter()
            services.import_file(path, "lfsa_egised")
            return time.perf_counter() - start

        run_import()
        pandas_s = timed(lambda path=path: pd.read_csv(path, sep="\t"), args.repeat)
        ours_s = statistics.median(run_import() for _ in range(args.repeat))
        dataset = Dataset.objects.get(code="lfsa_egised")
        size = path.stat().st_size / 1e6
        print(
            f"{path.name}: {size:.1f} MB, {dataset.series_count} series, {dataset.observation_count} observations; "
            f"pandas.read_csv {pandas_s * 1000:.0f} ms, grensloos import {ours_s * 1000:.0f} ms, "
            f"ratio {ours_s / pandas_s:.2f}"
        )


if __name__ == "__main__":
    main()
