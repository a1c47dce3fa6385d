import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from grensloos.core.i18n import LANGUAGES
from grensloos.obstacles import reports as obstacle_reports
from grensloos.programme import reports
from grensloos.programme.models import WorkProgramme


class Command(BaseCommand):
    help = "Produce a report as HTML or PDF."

    def add_arguments(self, parser):  # noqa: ANN001
        sub = parser.add_subparsers(dest="report", required=True)
        midterm = sub.add_parser("midterm", help="Mid-term evaluation of a work programme.")
        midterm.add_argument("--programme", required=True)
        midterm.add_argument("--lang", choices=LANGUAGES, default="en")
        midterm.add_argument("--format", choices=reports.FORMATS, default="html")
        midterm.add_argument("--output", required=True, help="File to write, or - for standard output.")
        midterm.add_argument("--as-of", help="Date (YYYY-MM-DD) the figures refer to; default today.")
        obstacles = sub.add_parser("obstacles", help="Annual report of the obstacle register.")
        obstacles.add_argument("--year", required=True, help="Calendar year the report covers, e.g. 2024.")
        obstacles.add_argument("--lang", choices=LANGUAGES, default="en")
        obstacles.add_argument("--format", choices=obstacle_reports.FORMATS, default="html")
        obstacles.add_argument("--output", required=True, help="File to write, or - for standard output.")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        if options["report"] == "obstacles":
            return self.handle_obstacles(options)
        as_of = None
        if options.get("as_of"):
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError(f"--as-of: {options['as_of']!r} is not a date (YYYY-MM-DD).", returncode=2) from exc
        programme = WorkProgramme.objects.filter(code=options["programme"]).first()
        if programme is None:
            raise CommandError(f"--programme: there is no work programme {options['programme']!r}.", returncode=2)
        content = reports.render_midterm(programme, options["lang"], options["format"], as_of)
        if options["output"] == "-":
            sys.stdout.buffer.write(content)
        else:
            with open(options["output"], "wb") as handle:
                handle.write(content)
            self.stderr.write(
                f"Wrote the mid-term evaluation ({options['lang']}, {options['format']}) to {options['output']}."
            )

    def handle_obstacles(self, options: dict) -> None:
        value = str(options["year"]).strip()
        try:
            year = int(value)
            obstacle_reports.check_year(year)
        except ValueError as exc:
            raise CommandError(
                f"--year: {value!r} is not a year the register can report on "
                f"(give a year from {obstacle_reports.FIRST_YEAR} to {obstacle_reports.last_year()}).",
                returncode=2,
            ) from exc
        content = obstacle_reports.render_annual(year, options["lang"], options["format"])
        if options["output"] == "-":
            sys.stdout.buffer.write(content)
        else:
            with open(options["output"], "wb") as handle:
                handle.write(content)
            self.stderr.write(
                f"Wrote the obstacle register's annual report {year} ({options['lang']}, {options['format']}) "
                f"to {options['output']}."
            )
