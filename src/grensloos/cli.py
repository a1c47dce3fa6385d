"""The ``grensloos`` console command.

It is Django's command-line utility bound to the grensloos settings: every management command of the
project (``demo``, ``serve``, ``createadmin``, ``programme``, ``report``...) and of Django (``migrate``,
``check``...) is available as ``grensloos <command>``, and all of them honour ``DATABASE_URL``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a grensloos command; ``argv`` defaults to ``sys.argv``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grensloos.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "grensloos"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
