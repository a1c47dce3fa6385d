"""Back office for the Secretariat. Permissions come from the same rules as the API and the pages."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import models


class RulesAdminMixin:
    """Ask django-rules (via ``user.has_perm``) for every admin permission, object-level included."""

    def _perm(self, request, action, obj=None):  # noqa: ANN001, ANN202
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj)

    def has_view_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return request.user.is_staff and self._perm(request, "view", obj)

    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return request.user.is_staff and self._perm(request, "add")

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return request.user.is_staff and self._perm(request, "change", obj)

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return request.user.is_staff and self._perm(request, "delete", obj)

    def has_module_permission(self, request):  # noqa: ANN001, ANN201
        return request.user.is_staff


class ThemeInline(RulesAdminMixin, TranslationTabularInline):
    model = models.Theme
    extra = 0


class MilestoneInline(RulesAdminMixin, TranslationTabularInline):
    model = models.Milestone
    extra = 0


class PriorityInline(RulesAdminMixin, TranslationTabularInline):
    model = models.Priority
    extra = 0
    filter_horizontal = ("themes", "projects")


@admin.register(models.WorkProgramme)
class WorkProgrammeAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("code", "title", "adopted_on")


@admin.register(models.StrategicLine)
class StrategicLineAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("number", "title", "programme")
    list_filter = ("programme",)
    inlines = [ThemeInline]


@admin.register(models.Territory)
class TerritoryAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("code", "kind", "country", "name")
    list_filter = ("kind",)


@admin.register(models.Project)
class ProjectAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("code", "title", "status", "flagship", "is_demo")
    list_filter = ("programme", "status", "flagship", "themes__line")
    search_fields = ("code", "title_nl", "title_fr", "title_de", "title_en")
    filter_horizontal = ("themes", "lead", "partners")
    inlines = [MilestoneInline]


@admin.register(models.AnnualPlan)
class AnnualPlanAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("year", "presidency", "title", "programme")
    inlines = [PriorityInline]


class MeasurementInline(RulesAdminMixin, admin.TabularInline):
    model = models.Measurement
    extra = 0


@admin.register(models.Indicator)
class IndicatorAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("code", "name", "project", "baseline", "target")
    inlines = [MeasurementInline]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("project", "year", "quarter", "rag", "author_name", "is_demo")
    list_filter = ("rag", "year", "is_demo")


@admin.register(models.ProjectComment)
class ProjectCommentAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("project", "author_name", "country", "created_at")


@admin.register(models.MidtermEvaluation)
class MidtermEvaluationAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("programme", "updated_at")
