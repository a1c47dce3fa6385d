import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Serve the platform. In development this is Django's server; with --gunicorn (or in production mode) "
        "it is gunicorn, the production server."
    )

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--gunicorn", action="store_true", help="Serve with gunicorn.")
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        if not 0 < options["port"] < 65536:
            raise CommandError("--port must be between 1 and 65535.", returncode=2)
        address = f"{options['host']}:{options['port']}"
        if options["gunicorn"] or settings.PRODUCTION:
            gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
            if settings.PRODUCTION:
                call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(f"Serving grensloos with gunicorn on http://{address}/")
            os.execv(  # noqa: S606 - replaces this process with gunicorn, arguments are ours
                gunicorn,
                [
                    gunicorn,
                    "grensloos.wsgi",
                    "--bind",
                    address,
                    "--workers",
                    str(options["workers"]),
                    "--access-logfile",
                    "-",
                ],
            )
        self.stdout.write(f"Serving grensloos on http://{address}/ (press Ctrl+C to stop)")
        call_command("runserver", address, use_reloader=False)
