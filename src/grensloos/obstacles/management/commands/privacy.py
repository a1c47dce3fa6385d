import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from grensloos.core.errors import DomainError
from grensloos.obstacles import privacy


def _user(username: str | None):  # noqa: ANN202
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"There is no user {username!r}.", returncode=2)
    return user


class Command(BaseCommand):
    help = "Personal data of reporters (GDPR): scheduled purge, access requests, erasure requests."

    def add_arguments(self, parser):  # noqa: ANN001
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help="Remove reporters' data of cases archived more than N months ago.")
        purge.add_argument("--months", type=int, help="Default: OBSTACLES_PURGE_AFTER_MONTHS.")
        purge.add_argument("--dry-run", action="store_true", help="Count only; remove nothing.")
        purge.add_argument("--user", help="User name recorded as the actor in the audit log.")
        exp = sub.add_parser("export", help="Everything held about one person, as JSON (request for access).")
        exp.add_argument("--email", required=True)
        exp.add_argument("--output", default="-", help="File to write, or - for standard output (default).")
        erase = sub.add_parser("erase", help="Remove one person's data (request for erasure).")
        erase.add_argument("--email", required=True)
        erase.add_argument("--user", help="User name recorded as the actor in the audit log.")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(str(exc.message), returncode=2) from exc

    def _purge(self, options) -> None:  # noqa: ANN001
        if options["months"] is not None and options["months"] < 0:
            raise CommandError("--months cannot be negative", returncode=2)
        count = privacy.purge(options["months"], user=_user(options.get("user")), dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(f"{count} reporter contacts would be removed (dry run: nothing removed).")
        else:
            self.stdout.write(f"Removed {count} reporter contacts.")

    def _export(self, options) -> None:  # noqa: ANN001
        text = json.dumps(privacy.export_subject(options["email"]), ensure_ascii=False, indent=2) + "\n"
        if options["output"] == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(options["output"]).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{options['output']}: {exc.strerror}", returncode=2) from exc
        self.stderr.write(f"Written to {options['output']}.")

    def _erase(self, options) -> None:  # noqa: ANN001
        counts = privacy.erase_subject(options["email"], user=_user(options.get("user")))
        if not counts["reports"]:
            self.stdout.write("Nothing is held about this e-mail address.")
            return
        self.stdout.write(
            f"Erased: {counts['contacts']} contacts, {counts['attachments']} attachments, "
            f"{counts['answers']} answers, {counts['audit_entries']} audit entries "
            f"({counts['reports']} reports kept without personal data)."
        )
