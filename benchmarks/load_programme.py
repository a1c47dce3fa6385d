"""Load benchmark of the public programme pages, served by gunicorn the production way.

    .venv/bin/python benchmarks/load_programme.py [--duration 60] [--connections 50] [--workers 4]

What it does: makes a fresh database (SQLite in a temporary folder, or the one DATABASE_URL names), loads
the demo programme, starts gunicorn in production mode, and drives it with wrk (Debian package ``wrk``)
from the same machine: first the public programme pages (overview, lines, project list, projects, annual
plans, in the four languages, in rotation), then a bare Django view on the same server. It prints wrk's
figures and a summary line: requests/s, latency percentiles, errors, and the throughput ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent


def _env(data_dir: Path) -> dict:
    env = {**os.environ}
    env.update(
        {
            "GRENSLOOS_MODE": "production",
            "SECRET_KEY": "benchmark-only-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "GRENSLOOS_DATA_DIR": str(data_dir),
            "PYTHONPATH": str(HERE),
            "DJANGO_SETTINGS_MODULE": "bench_settings",
        }
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{data_dir / 'bench.sqlite3'}")
    return env


def _paths() -> list[str]:
    from grensloos.programme.models import Project

    paths = []
    projects = list(Project.objects.order_by("code").values_list("code", flat=True))
    for i, lang in enumerate(["nl", "fr", "de", "en"]):
        base = f"/{lang}/programme/2021-2024"
        paths += [f"{base}/", f"{base}/projects/", f"/{lang}/programme/"]
        paths += [f"{base}/lines/{n}/" for n in range(1, 6)]
        paths += [f"{base}/plans/{y}/" for y in range(2021, 2025)]
        paths += [f"{base}/projects/{code}/" for code in projects[i::4]]
    return paths


def _wrk(url: str, paths: list[str] | None, duration: int, connections: int) -> dict:
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s"]
    script = None
    if paths:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115 - wrk reads it later
        script.write(
            "paths = " + json.dumps(paths).replace("[", "{").replace("]", "}") + "\n"
            "counter = 0\nrequest = function()\n  counter = counter + 1\n"
            "  return wrk.format(nil, paths[(counter % #paths) + 1])\nend\n"
        )
        script.close()
        cmd += ["-s", script.name]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    return {"raw": out, **_parse(out)}


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _parse(out: str) -> dict:
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s|m)\b", out)
        result[f"p{pct}_ms"] = _ms(*m.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")

    data_dir = Path(tempfile.mkdtemp(prefix="grensloos-bench-"))
    env = _env(data_dir)
    os.environ.update(env)
    grensloos = [str(VENV_BIN / "python"), "-m", "grensloos"]
    subprocess.run([*grensloos, "compiletranslations"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*grensloos, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*grensloos, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)

    import django

    django.setup()
    paths = _paths()

    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "grensloos.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/bare/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        for path in paths:  # warm every worker's caches a little and check every page answers 200
            with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
                assert response.status == 200, path
        pages = _wrk(base, paths, args.duration, args.connections)
        bare = _wrk(base + "/bench/bare/", None, args.duration, args.connections)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
        shutil.rmtree(data_dir, ignore_errors=True)

    print("=== programme pages ===\n" + pages["raw"])
    print("=== bare Django view ===\n" + bare["raw"])
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    summary = {
        "database": database,
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "pages": len(paths),
        "programme": {k: v for k, v in pages.items() if k != "raw"},
        "bare": {k: v for k, v in bare.items() if k != "raw"},
        "throughput_ratio": round(pages["rps"] / bare["rps"], 3),
    }
    print(json.dumps(summary, indent=2))
    ok = pages["errors"] == 0 and pages["p99_ms"] <= 500
    print("RESULT:", "PASS" if ok else "FAIL", "(no errors and p99 <= 500 ms)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
