import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from grensloos.core.errors import DomainError
from grensloos.obstacles import exchange

LANGUAGES = ["nl", "fr", "de", "en"]


def _user(username: str | None):  # noqa: ANN202
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username!r}.", returncode=2)
    return user


def _suggest(name: str):  # noqa: ANN202
    """The function ``name`` of the suggestion package, or a clear error if it is not there."""
    try:
        from grensloos.obstacles import suggest
    except ImportError as exc:
        raise CommandError(f"The suggestion package cannot be loaded: {exc}", returncode=2) from exc
    function = getattr(suggest, name, None)
    if function is None:
        raise CommandError(f"The suggestion package has no {name}().", returncode=2)
    return function


class Command(BaseCommand):
    help = "The obstacle register: bulk import and export, similar obstacles, classification suggestions."

    def add_arguments(self, parser):  # noqa: ANN001
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import obstacles from a CSV, XLSX or JSON file (all or nothing).")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="Check the file only; write nothing.")
        imp.add_argument("--no-embed", action="store_true", help="Leave the suggestion vectors for later.")
        imp.add_argument("--user", help="User name recorded as the actor in the audit log.")
        exp = sub.add_parser("export", help="Export the register (public obstacles unless --all).")
        exp.add_argument("--format", default="csv", choices=list(exchange.FORMATS))
        exp.add_argument("--output", default="-", help="File to write, or - for standard output (default).")
        exp.add_argument("--all", action="store_true", help="Every status, not only the public register.")
        sim = sub.add_parser("similar", help="Obstacles most similar to a text, best first.")
        sim.add_argument("--text", required=True)
        sim.add_argument("--top", type=int, default=10)
        sim.add_argument("--lang", choices=LANGUAGES, help="Language of the text (detected if not given).")
        sim.add_argument("--json", action="store_true")
        cls = sub.add_parser("classify", help="Suggested domain, type of obstacle and strategic line for a text.")
        cls.add_argument("--text", required=True)
        cls.add_argument("--lang", choices=LANGUAGES)
        cls.add_argument("--json", action="store_true")
        sub.add_parser("train", help="Train the classification suggestions on the confirmed cases.")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(str(exc.message), returncode=2) from exc

    def _print_json(self, data) -> None:  # noqa: ANN001
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _import(self, options) -> None:  # noqa: ANN001
        path = options["file"]
        if path == "-":
            raise CommandError("Give a file name: the format is read from its extension.", returncode=2)
        result = exchange.import_file(
            Path(path),
            filename=path,
            user=_user(options.get("user")),
            dry_run=options["dry_run"],
            embed=not options["no_embed"],
        )
        if result.dry_run:
            self.stdout.write(f"Checked {result.created} obstacles: the file can be imported (nothing written).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {result.created} obstacles"))
        if result.extra_columns:
            self.stdout.write(f"Extra columns ignored: {', '.join(result.extra_columns)}")

    def _export(self, options) -> None:  # noqa: ANN001
        text = exchange.export(fmt=options["format"], include_internal=options["all"])
        if options["output"] == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(options["output"]).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(f"{options['output']}: {exc.strerror}", returncode=2) from exc
        self.stderr.write(f"Exported to {options['output']}.")

    def _similar(self, options) -> None:  # noqa: ANN001
        if options["top"] < 1:
            raise CommandError("--top must be at least 1", returncode=2)
        similar_to_text = _suggest("similar_to_text")
        matches = [m.as_dict() for m in similar_to_text(options["text"], language=options["lang"], top=options["top"])]
        if options["json"]:
            self._print_json(matches)
            return
        if not matches:
            self.stdout.write("No similar obstacles.")
            return
        width = max(len(m["reference"]) for m in matches)
        self.stdout.write(f"{'score':>6}  {'reference':<{width}}  lang  title")
        for m in matches:
            self.stdout.write(f"{m['score']:>6.3f}  {m['reference']:<{width}}  {m['language']:<4}  {m['title']}")

    def _classify(self, options) -> None:  # noqa: ANN001
        suggestion = _suggest("classify")(options["text"], language=options["lang"])
        if options["json"]:
            self._print_json(suggestion)
            return
        for name, ranked in suggestion.items():
            if not isinstance(ranked, list):
                self.stdout.write(f"{name}: {ranked}")
                continue
            labels = ", ".join(f"{item['label']} ({item['score']:.2f})" for item in ranked) or "-"
            self.stdout.write(f"{name}: {labels}")

    def _train(self, options) -> None:  # noqa: ANN001
        self._print_json(_suggest("train")())
