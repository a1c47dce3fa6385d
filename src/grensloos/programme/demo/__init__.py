"""Demo content: the 2021–2024 programme with invented progress, loaded by ``grensloos demo``."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from ..exchange import import_programme
from ..models import Milestone, ProgressUpdate, Project

DEMO_FILE = Path(__file__).with_name("programme-2021-2024.json")


def demo_document() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def load_demo() -> list[str]:
    """Load (or bring up to date) the demo programme; returns a short report."""
    programme = import_programme(demo_document(), mode="update")
    projects = Project.objects.filter(programme=programme)
    return [
        f"Work programme {programme.code}: {programme.lines.count()} strategic lines, {projects.count()} projects, "
        f"{Milestone.objects.filter(project__programme=programme).count()} milestones, "
        f"{ProgressUpdate.objects.filter(project__programme=programme).count()} progress updates, "
        f"{programme.annual_plans.count()} annual plans.",
    ]
