from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from grensloos.accounts.services import ensure_admin, reset_password


class Command(BaseCommand):
    help = (
        "Create the administrator account with a generated password, printed once. Does nothing if it "
        "exists, unless --reset-password is given."
    )

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--reset-password", action="store_true", help="Give the existing administrator a new generated password."
        )

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        username = options["username"]
        if options["reset_password"]:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user {username!r}.")
            password = reset_password(user)
        else:
            user, password = ensure_admin(username, options["email"])
            if password is None:
                self.stdout.write(
                    f"The administrator {username!r} already exists; its password was shown when "
                    "it was created. Use --reset-password to set a new one."
                )
                return
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator: {username}\nPassword: {password}\n"
                "This password is shown only now. Keep it somewhere safe."
            )
        )
