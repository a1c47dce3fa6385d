from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from grensloos.accounts.models import MemberState, Role
from grensloos.accounts.services import create_user


class Command(BaseCommand):
    help = "Create a user with a role; a generated password is printed once."

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument(
            "--country",
            default="",
            choices=["", *[c.value for c in MemberState]],
            help="Member state of a delegate (BE, NL or LU).",
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        try:
            user, password = create_user(
                options["username"],
                options["role"],
                email=options["email"],
                country=options["country"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as exc:
            messages = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in exc.message_dict.items())
            raise CommandError(messages, returncode=2) from exc
        self.stdout.write(self.style.SUCCESS(f"User {user.username} ({user.role}); password: {password}"))
