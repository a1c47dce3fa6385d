from django.core.management import call_command
from django.core.management.base import BaseCommand

from grensloos.insights.demo import load_demo as load_data_demo
from grensloos.obstacles.demo import load_demo as load_obstacles_demo
from grensloos.programme.demo import load_demo


class Command(BaseCommand):
    help = "Migrate the database and load the demo content. Safe to run again: it changes nothing the second time."

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        for line in [*load_demo(), *load_data_demo(), *load_obstacles_demo()]:
            self.stdout.write(line)
