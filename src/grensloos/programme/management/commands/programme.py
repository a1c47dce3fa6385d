import sys

from django.core.management.base import BaseCommand, CommandError

from grensloos.programme import exchange, services


class Command(BaseCommand):
    help = "Export or import a whole work programme as JSON."

    def add_arguments(self, parser):  # noqa: ANN001
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write a programme to a JSON file.")
        export.add_argument("--programme", required=True, help="Programme code, e.g. 2021-2024.")
        export.add_argument("--output", required=True, help="File to write, or - for standard output.")
        imp = sub.add_parser("import", help="Read a programme from a JSON file (all or nothing).")
        imp.add_argument("file")
        mode = imp.add_mutually_exclusive_group()
        mode.add_argument("--replace", action="store_true", help="Replace an existing programme with the same code.")
        mode.add_argument("--update", action="store_true", help="Merge the file into an existing programme.")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        try:
            if options["action"] == "export":
                text = exchange.dumps(exchange.export_programme(options["programme"]))
                if options["output"] == "-":
                    sys.stdout.write(text)
                else:
                    with open(options["output"], "w", encoding="utf-8") as handle:
                        handle.write(text)
                    self.stderr.write(f"Exported programme {options['programme']} to {options['output']}.")
                return
            document = exchange.load_file(options["file"])
            mode = "replace" if options["replace"] else "update" if options["update"] else "create"
            programme = services.import_programme(document, mode=mode)
        except exchange.ExchangeError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        except OSError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported programme {programme.code}: {programme.lines.count()} lines, "
                f"{programme.projects.count()} projects, {programme.annual_plans.count()} annual plans."
            )
        )
