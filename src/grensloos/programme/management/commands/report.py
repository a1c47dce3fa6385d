import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from grensloos.core.i18n import LANGUAGES
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

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
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
