"""Statistical sources, datasets, observations and the curated indicator catalogue.

Storage of observations. A dataset's observations are kept in *blocks*, one per geography: a text in the
Eurostat TSV cell layout, one line per series (``dim1,dim2,...,geo<TAB>cell<TAB>cell...``), the cells
aligned with the dataset's list of periods, each cell ``<value> <flags>`` (``:`` for a missing value).
This keeps an import to one write per geography (a file of 600 000 cells is ~40 rows, not 600 000) and an
indicator page to a handful of indexed reads whatever the size of the store; the text is validated cell by
cell when it is imported, so reading it back cannot fail. Every format (bulk TSV, SDMX-CSV, JSON-stat,
SDMX-ML, the API) is turned into this one layout.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from grensloos.core.vocabularies import Domain


class Source(models.Model):
    """A statistical office or service that publishes datasets (Eurostat; later CBS, Statbel, STATEC)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("statistical source")
        verbose_name_plural = _("statistical sources")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Dataset(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="datasets")
    code = models.CharField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    dimensions = models.JSONField(_("dimensions"), default=list, help_text=_("Dimension names; geo comes last."))
    periods = models.JSONField(_("periods"), default=list)
    last_update = models.DateTimeField(_("last update at the source"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    series_count = models.PositiveIntegerField(default=0)
    observation_count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class SeriesBlock(models.Model):
    """All series of one dataset for one geography, in the TSV cell layout (see the module docstring)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="blocks")
    geo = models.CharField(max_length=20)
    body = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dataset", "geo"], name="unique_block_geo")]

    def __str__(self) -> str:
        return f"{self.dataset_id}:{self.geo}"


class ImportRecord(models.Model):
    """Provenance: where a dataset's content came from and what the import did."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        API = "api", _("API")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    location = models.CharField(_("file or URL"), max_length=1000)
    file_format = models.CharField(_("format"), max_length=30)
    source_last_update = models.DateTimeField(_("last update at the source"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    checksum = models.CharField(max_length=64)
    series_count = models.PositiveIntegerField(default=0)
    observation_count = models.PositiveBigIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    changed = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dataset_id} {self.imported_at:%Y-%m-%d %H:%M}"


class Indicator(models.Model):
    """A curated indicator: a dataset plus fixed dimension values, tied to the work programme."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    dataset_code = models.CharField(_("dataset"), max_length=60)
    filters = models.JSONField(_("fixed dimension values"), default=dict)
    unit = models.CharField(
        _("unit"), max_length=80, help_text=_("Unit as the reader sees it, e.g. percentage of employment")
    )
    decimals = models.PositiveSmallIntegerField(default=1)
    regional = models.BooleanField(_("regional (NUTS 2)"), default=False)
    line = models.ForeignKey(
        "programme.StrategicLine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_indicators",
        verbose_name=_("strategic line"),
    )
    theme = models.ForeignKey(
        "programme.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_indicators",
        verbose_name=_("theme"),
    )
    domain = models.CharField(_("obstacle domain"), max_length=50, blank=True, choices=Domain.choices)
    checked = models.BooleanField(
        _("definition checked"),
        default=True,
        help_text=_("False while the dimension codes have not been checked against a published file."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("data indicator")
        verbose_name_plural = _("data indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name
