"""Back office of the Benelux data module: the Secretariat curates indicators and sources; datasets and
their import records are shown read-only (figures only come in through `grensloos data import|refresh`).

Import records have no admin page of their own: they are listed with their dataset and go with it when the
Secretariat deletes a dataset imported by mistake (that deletion is in the audit log)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from grensloos.programme.admin import RulesAdminMixin

from . import models


class ReadOnlyMixin(RulesAdminMixin):
    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201, ARG002
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201, ARG002
        return False


@admin.register(models.Source)
class SourceAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "url", "licence")


class ImportRecordInline(ReadOnlyMixin, admin.TabularInline):
    model = models.ImportRecord
    extra = 0
    can_delete = False
    fields = ("imported_at", "kind", "file_format", "location", "source_last_update", "rows_read", "observation_count")
    readonly_fields = fields


@admin.register(models.Dataset)
class DatasetAdmin(ReadOnlyMixin, TranslationAdmin):
    list_display = ("code", "title", "source", "series_count", "observation_count", "last_update", "imported_at")
    list_filter = ("source",)
    search_fields = ("code", "title_nl", "title_fr", "title_de", "title_en")
    exclude = ("checksum",)
    inlines = [ImportRecordInline]


@admin.register(models.Indicator)
class IndicatorAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("code", "name", "dataset_code", "line", "theme", "domain", "regional", "checked")
    list_filter = ("line", "domain", "regional", "checked")
    search_fields = ("code", "dataset_code", "name_nl", "name_fr", "name_de", "name_en")
    list_select_related = ("line", "theme")
