"""Keep each obstacle's search terms in step with its text (bulk writers call ``search.refresh_terms``)."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from . import search
from .models import Obstacle


@receiver(pre_save, sender=Obstacle)
def refresh_search_terms(sender, instance: Obstacle, **kwargs) -> None:  # noqa: ANN001, ANN003
    search.refresh_terms(instance)
