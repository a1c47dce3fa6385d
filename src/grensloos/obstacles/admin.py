"""Back office for the Secretariat. Case handling has its own pages (views.py); the admin is for corrections.
Contact details, attachments and answers can be viewed and deleted here, never edited."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from grensloos.programme.admin import RulesAdminMixin

from . import models


class SolutionInline(RulesAdminMixin, admin.StackedInline):
    model = models.Solution
    extra = 0


@admin.register(models.Obstacle)
class ObstacleAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "title", "language", "status", "domain", "reported_on", "is_demo")
    list_filter = ("status", "domain", "obstacle_type", "language", "is_demo")
    search_fields = ("reference", "title")
    raw_id_fields = ("parent", "related", "projects", "assigned_to")
    readonly_fields = ("support_count", "created_at", "updated_at")
    inlines = [SolutionInline]


@admin.register(models.MessageTemplate)
class MessageTemplateAdmin(RulesAdminMixin, TranslationAdmin):
    list_display = ("status", "subject")


@admin.register(models.PriorityItem)
class PriorityItemAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("year", "rank", "obstacle")
    raw_id_fields = ("obstacle",)


@admin.register(models.GovernmentAnswer)
class GovernmentAnswerAdmin(RulesAdminMixin, admin.ModelAdmin):
    list_display = ("obstacle", "country", "year", "answered_on")
    raw_id_fields = ("obstacle", "author")


class _ReadOnlyAdmin(RulesAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False


@admin.register(models.ReporterContact)
class ReporterContactAdmin(_ReadOnlyAdmin):
    list_display = ("obstacle", "language", "consent_at")


@admin.register(models.Attachment)
class AttachmentAdmin(_ReadOnlyAdmin):
    list_display = ("obstacle", "original_name", "content_type", "size", "uploaded_at")
    exclude = ("file",)
