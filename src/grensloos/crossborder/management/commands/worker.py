import io
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import override

from grensloos.crossborder import batch, catalogue, engine, ledger, population, simulation
from grensloos.crossborder.engine import CaseError
from grensloos.crossborder.rules import reforms


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}", returncode=2) from exc


def _text(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text", returncode=2) from None


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}", returncode=2) from exc


class Command(BaseCommand):
    help = "Cross-border worker check: assess, day ledger, employer batch, policy simulation, the rules."

    def add_arguments(self, parser):  # noqa: ANN001
        sub = parser.add_subparsers(dest="action", required=True)
        a = sub.add_parser("assess", help="Assess one case given as JSON; prints the answer as JSON.")
        a.add_argument("--input", required=True, help="A JSON file (or - for standard input).")
        a.add_argument("--lang", default="en", choices=["nl", "fr", "de", "en"])
        led = sub.add_parser("ledger", help="Count a calendar of working days (CSV or .ics) and assess the year.")
        led.add_argument("--input", required=True)
        led.add_argument("--residence", required=True)
        led.add_argument("--employer", required=True)
        led.add_argument("--year", required=True, type=int)
        led.add_argument("--working-days", type=float, help="Planned working days in the year (default: the ledger's).")
        led.add_argument("--public-sector", action="store_true")
        led.add_argument("--framework-agreement", action="store_true", help="The framework agreement was requested.")
        led.add_argument("--json", action="store_true", help="Print JSON (the default is a short summary).")
        led.add_argument("--lang", default="en", choices=["nl", "fr", "de", "en"])
        b = sub.add_parser("batch", help="Assess a CSV of employees; writes a CSV of answers.")
        b.add_argument("--input", required=True)
        b.add_argument("--output", required=True)
        b.add_argument("--lang", default="en", choices=["nl", "fr", "de", "en"])
        s = sub.add_parser("simulate", help="Compare today's rules with a reform over a population.")
        s.add_argument("--population", help="A CSV in the batch format; without it a synthetic population is drawn.")
        s.add_argument("--size", type=int, default=100_000, help="Size of the synthetic population.")
        s.add_argument("--seed", type=int, default=2024)
        s.add_argument("--reform", required=True, help="NAME=VALUE, e.g. tolerance-BE-NL=34 or substantial-share=0.4.")
        s.add_argument("--json", action="store_true")
        g = sub.add_parser("population", help="Write a synthetic population in the batch CSV format.")
        g.add_argument("--output", required=True)
        g.add_argument("--size", type=int, default=1000)
        g.add_argument("--seed", type=int, default=2024)
        g.add_argument("--no-telework", type=float, help="Share of workers who never work from home (0–1).")
        g.add_argument(
            "--weekly-days",
            help="Telework habits in days a week with their weights, e.g. '1:0.5,2:0.3,3:0.2' (default 0.5–3 days).",
        )
        g.add_argument("--third-state-share", type=float, help="Share of workers with days in a third state (0–1).")
        g.add_argument("--public-sector-share", type=float, help="Share of civil servants (0–1).")
        g.add_argument(
            "--framework-request-share",
            type=float,
            help="Share of 25 %%+ teleworkers asking for the framework agreement.",
        )
        r = sub.add_parser("rules", help="List every rule with its validity dates and sources.")
        r.add_argument("--json", action="store_true")
        r.add_argument("--lang", default="en", choices=["nl", "fr", "de", "en"])

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        action = options["action"]
        try:
            getattr(self, f"_{action}")(options)
        except CaseError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        except reforms.ReformError as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def _print(self, data) -> None:  # noqa: ANN001
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _assess(self, options) -> None:  # noqa: ANN001
        raw = _read(options["input"])
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"{options['input']}: not valid JSON ({exc})", returncode=2) from exc
        with override(options["lang"]):
            case = engine.parse_case(data)
        self._print(engine.assess(case, options["lang"]))

    def _ledger(self, options) -> None:  # noqa: ANN001
        with override(options["lang"]):
            book = ledger.read(_read(options["input"]), options["input"], options["year"])
            result = ledger.assess(
                book,
                options["residence"].upper(),
                options["employer"].upper(),
                working_days=options.get("working_days"),
                public_sector=options["public_sector"],
                framework_agreement_requested=options["framework_agreement"],
                lang=options["lang"],
            )
        if options["json"]:
            self._print(result)
            return
        answer = result["assessment"]
        self.stdout.write(
            f"Days: {result['days']} (counted against a tolerance: {result['days_counted_for_tolerance']})"
        )
        self.stdout.write(
            f"Social security: {answer['social_security']['state']} – {answer['social_security']['reason']}"
        )
        self.stdout.write(f"Tax shares: {answer['tax']['shares']} – {answer['tax']['reason']}")
        self.stdout.write(f"Remaining: {result['remaining']}")

    def _batch(self, options) -> None:  # noqa: ANN001
        text = _text(_read(options["input"]), options["input"])
        with override(options["lang"]):
            output, data = batch.run(text, options["lang"])
        _write(options["output"], output)
        self.stdout.write(f"{len(data.cases)} workers assessed, written to {options['output']}.")
        if data.extra_columns:
            self.stdout.write(f"Extra columns ignored: {', '.join(data.extra_columns)}.")

    def _simulate(self, options) -> None:  # noqa: ANN001
        change = reforms.parse(options["reform"])
        if options.get("population"):
            text = _text(_read(options["population"]), options["population"])
            columns = batch.read(io.StringIO(text, newline="")).columns
        else:
            if options["size"] < 1:
                raise CommandError("--size must be at least 1", returncode=2)
            columns = population.generate(options["size"], seed=options["seed"])
        result = simulation.simulate(columns, change)
        if options["json"]:
            self._print(result)
            return
        self.stdout.write(
            f"{result['reform']}: {result['tax_share_changed']} of {result['population']} workers change tax shares, "
            f"{result['social_security_changed']} change social-security state."
        )
        for pair, figures in result["by_pair"].items():
            self.stdout.write(f"  {pair}: {figures}")

    def _population(self, options) -> None:  # noqa: ANN001
        if options["size"] < 1:
            raise CommandError("--size must be at least 1", returncode=2)
        settings = {
            name: options[name]
            for name in ("no_telework", "third_state_share", "public_sector_share", "framework_request_share")
            if options.get(name) is not None
        }
        try:
            if options.get("weekly_days"):
                habits = [part.split(":") for part in options["weekly_days"].split(",")]
                settings["weekly_days"] = tuple(float(days) for days, _weight in habits)
                settings["weekly_weights"] = tuple(float(weight) for _days, weight in habits)
            mix = population.Mix(**settings)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        out = io.StringIO()
        population.write_csv(population.generate(options["size"], seed=options["seed"], mix=mix), out)
        _write(options["output"], out.getvalue())
        self.stdout.write(f"{options['size']} synthetic workers written to {options['output']}.")

    def _rules(self, options) -> None:  # noqa: ANN001
        with override(options["lang"]):
            table = {"parameters": catalogue.rules_table(), "legal_bases": catalogue.legal_bases()}
        if options["json"]:
            self._print(table)
            return
        for rule in table["parameters"]:
            self.stdout.write(f"{rule['parameter']}: {rule['description']}")
            for v in rule["values"]:
                refs = "; ".join(r["title"] for r in v["references"]) or "no source"
                doubt = f" [uncertain: {v['uncertain']}]" if v["uncertain"] else ""
                self.stdout.write(f"  {v['from']} – {v['to'] or '…'}: {v['value']} ({refs}){doubt}")
