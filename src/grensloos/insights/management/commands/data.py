import argparse
import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grensloos.core.errors import DomainError
from grensloos.insights import services
from grensloos.insights.formats import FORMATS
from grensloos.insights.models import Dataset


def _date(text: str) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2024-03-28.") from exc
    if day > datetime.date.today():
        raise argparse.ArgumentTypeError(f"{text} lies in the future.")
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


class Command(BaseCommand):
    help = "Benelux data: import Eurostat files, refresh from the Eurostat API, load the indicator catalogue."

    def add_arguments(self, parser):  # noqa: ANN001
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Load a bulk TSV (plain or .gz), SDMX-CSV, JSON-stat or SDMX-ML file.")
        imp.add_argument("file")
        imp.add_argument("--dataset", required=True, help="Eurostat dataset code, e.g. nrg_ind_ren.")
        imp.add_argument("--format", choices=FORMATS, help="Force the format instead of detecting it.")
        imp.add_argument(
            "--last-update",
            type=_date,
            help="Eurostat's last update of the data (YYYY-MM-DD), for files that do not state it (bulk TSV).",
        )
        ref = sub.add_parser("refresh", help="Fetch the catalogue's datasets from Eurostat's API (needs internet).")
        ref.add_argument("--dataset", help="Only this dataset.")
        ref.add_argument("--start-period", default="2000")
        sub.add_parser("catalogue", help="Create or update the curated indicators.")
        sub.add_parser("status", help="List the loaded datasets and their provenance.")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        action = options["action"]
        try:
            if action == "import":
                result = services.import_file(
                    Path(options["file"]),
                    options["dataset"],
                    options.get("format"),
                    last_update=options.get("last_update"),
                )
                self.stdout.write(result.summary())
            elif action == "refresh":
                codes = [options["dataset"]] if options.get("dataset") else services.catalogue_datasets()
                if not codes:
                    raise CommandError("The catalogue is empty: run 'grensloos data catalogue' first.", returncode=2)
                failures = 0
                for code in codes:
                    try:
                        self.stdout.write(services.refresh(code, start_period=options["start_period"]).summary())
                    except DomainError as exc:
                        failures += 1
                        self.stderr.write(f"{code}: {exc.message}")
                if failures:
                    raise CommandError(f"{failures} of {len(codes)} dataset(s) could not be refreshed.", returncode=1)
            elif action == "catalogue":
                indicators = services.load_catalogue()
                self.stdout.write(f"Catalogue: {len(indicators)} indicators.")
            else:
                for dataset in Dataset.objects.order_by("code"):
                    self.stdout.write(
                        f"{dataset.code}: {dataset.series_count} series, {dataset.observation_count} "
                        f"observations, last update {dataset.last_update or '–'}, loaded "
                        f"{dataset.imported_at:%Y-%m-%d %H:%M}"
                    )
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
