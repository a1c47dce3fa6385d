"""REST API of the work programme.

Reading is public (open data); writing needs the role the rules in ``rules.py`` ask for. Public and private
serializers are separate classes: the public ones list their fields explicitly and never carry people's
names; comments between delegates and the Secretariat have no public serializer at all.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from grensloos.accounts.models import Role
from grensloos.core.api import TranslatedField
from grensloos.core.audit import acting_as
from grensloos.core.i18n import LANGUAGES, country_name

from . import services
from .models import (
    AnnualPlan,
    Indicator,
    Measurement,
    Milestone,
    Priority,
    ProgressUpdate,
    Project,
    ProjectComment,
    StrategicLine,
    Territory,
    Theme,
    WorkProgramme,
)


class CleanModelSerializer(serializers.ModelSerializer):
    """Runs the model's own validation (``full_clean``) so the API enforces the same invariants as forms."""

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        m2m_names = {f.name for f in self.Meta.model._meta.many_to_many}
        plain = {k: v for k, v in attrs.items() if k not in m2m_names}
        instance = self.instance if self.instance is not None else self.Meta.model()
        originals = {k: getattr(instance, k) for k in plain} if self.instance is not None else {}
        for key, value in plain.items():
            setattr(instance, key, value)
        try:
            instance.full_clean(exclude=self._clean_exclude(instance))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            ) from exc
        finally:
            for key, value in originals.items():  # leave the instance untouched until save()
                setattr(instance, key, value)
        return attrs

    def _clean_exclude(self, instance: models.Model) -> list[str]:
        return []


@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": r"^\d{1,2}\.\d{1,2}$"}})
class ThemeCodesField(serializers.Field):
    """Themes as their codes ("1.3"), resolved within the project's programme."""

    def to_representation(self, value: Any) -> list[str]:
        return [t.code for t in value.all()]

    def to_internal_value(self, data: Any) -> list[str]:
        if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
            raise serializers.ValidationError('Expected a list of theme codes such as "1.3".')
        if len(data) > 50:
            raise serializers.ValidationError("Too many themes.")
        return data


def _resolve_themes(programme: WorkProgramme, codes: list[str]) -> list[Theme]:
    themes = []
    for code in codes:
        line, _dot, number = code.partition(".")
        if not (line.isdigit() and number.isdigit() and len(line) < 3 and len(number) < 3):
            raise serializers.ValidationError({"themes": [f'{code!r} is not a theme code such as "1.3".']})
        theme = Theme.objects.filter(line__programme=programme, line__number=int(line), number=int(number)).first()
        if theme is None:
            raise serializers.ValidationError({"themes": [f"There is no theme {code} in programme {programme.code}."]})
        themes.append(theme)
    return themes


# --------------------------------------------------------------------------------------------- serializers


class TerritorySerializer(CleanModelSerializer):
    name = TranslatedField("name", max_length=200, require_all=False)

    class Meta:
        model = Territory
        fields = ["code", "kind", "country", "name"]

    def to_representation(self, instance: Territory) -> dict:
        data = super().to_representation(instance)
        if instance.kind == Territory.Kind.COUNTRY:
            data["name"] = {lang: country_name(instance.code, lang) for lang in LANGUAGES}
        return data


class WorkProgrammeSerializer(CleanModelSerializer):
    title = TranslatedField("title", max_length=200)
    summary = TranslatedField("summary", require_all=False, required=False)

    class Meta:
        model = WorkProgramme
        fields = ["code", "start_year", "end_year", "adopted_on", "title", "summary"]


class StrategicLineSerializer(CleanModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", queryset=WorkProgramme.objects.all())
    title = TranslatedField("title", max_length=200)
    motto = TranslatedField("motto", max_length=300)
    summary = TranslatedField("summary")

    class Meta:
        model = StrategicLine
        fields = ["id", "programme", "number", "title", "motto", "summary"]


class ThemeSerializer(CleanModelSerializer):
    code = serializers.CharField(read_only=True)
    title = TranslatedField("title", max_length=200)
    summary = TranslatedField("summary", require_all=False, required=False)

    class Meta:
        model = Theme
        fields = ["id", "code", "line", "number", "title", "summary"]


class ProjectSerializer(CleanModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", queryset=WorkProgramme.objects.all())
    title = TranslatedField("title", max_length=200)
    summary = TranslatedField("summary", require_all=False, required=False)
    themes = ThemeCodesField(required=False)
    lead = serializers.SlugRelatedField(slug_field="code", queryset=Territory.objects.all(), many=True, required=False)
    partners = serializers.SlugRelatedField(
        slug_field="code", queryset=Territory.objects.all(), many=True, required=False
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "programme",
            "code",
            "title",
            "summary",
            "themes",
            "flagship",
            "status",
            "lead",
            "partners",
            "start_date",
            "end_date",
            "eu_funding_programme",
            "eu_funding_amount",
            "website",
            "is_demo",
        ]

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        programme = attrs.get("programme") or (self.instance.programme if self.instance else None)
        if "themes" in attrs and programme is not None:
            attrs["themes"] = _resolve_themes(programme, attrs["themes"])
        return attrs


class MilestoneSerializer(CleanModelSerializer):
    title = TranslatedField("title", max_length=200)

    class Meta:
        model = Milestone
        fields = ["id", "project", "code", "title", "planned_date", "actual_date", "status", "is_demo"]


class MeasurementSerializer(CleanModelSerializer):
    class Meta:
        model = Measurement
        fields = ["id", "indicator", "date", "value", "note", "is_demo"]


class IndicatorSerializer(CleanModelSerializer):
    name = TranslatedField("name", max_length=200)
    unit = TranslatedField("unit", max_length=60)
    measurements = MeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "project",
            "code",
            "name",
            "unit",
            "baseline",
            "baseline_date",
            "target",
            "target_date",
            "is_demo",
            "measurements",
        ]


class ProgressUpdatePublicSerializer(serializers.ModelSerializer):
    """What everybody sees of a progress update: no author."""

    class Meta:
        model = ProgressUpdate
        fields = ["uuid", "project", "year", "quarter", "rag", "narrative", "language", "created_at", "is_demo"]
        read_only_fields = fields


class ProgressUpdateSerializer(serializers.ModelSerializer):
    """For the Secretariat: includes the author and accepts new updates."""

    class Meta:
        model = ProgressUpdate
        fields = [
            "uuid",
            "project",
            "year",
            "quarter",
            "rag",
            "narrative",
            "language",
            "author_name",
            "created_at",
            "is_demo",
        ]
        read_only_fields = ["uuid", "author_name", "created_at", "is_demo"]

    def create(self, validated_data: dict) -> ProgressUpdate:
        return services.record_progress(self.context["request"].user, **validated_data)


class ProjectCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectComment
        fields = ["uuid", "project", "author_name", "country", "text", "language", "created_at"]
        read_only_fields = ["uuid", "author_name", "country", "created_at"]

    def create(self, validated_data: dict) -> ProjectComment:
        return services.comment_on_project(self.context["request"].user, **validated_data)


class PrioritySerializer(CleanModelSerializer):
    title = TranslatedField("title", max_length=200)
    description = TranslatedField("description", require_all=False, required=False)
    themes = ThemeCodesField(required=False)
    projects = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), many=True, required=False)

    class Meta:
        model = Priority
        fields = ["id", "plan", "number", "title", "description", "themes", "projects"]

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        plan = attrs.get("plan") or (self.instance.plan if self.instance else None)
        if plan is not None:
            if "themes" in attrs:
                attrs["themes"] = _resolve_themes(plan.programme, attrs["themes"])
            foreign = [p.pk for p in attrs.get("projects", []) if p.programme_id != plan.programme_id]
            if foreign:
                raise serializers.ValidationError({"projects": [f"Project {foreign[0]} belongs to another programme."]})
        return attrs


class AnnualPlanSerializer(CleanModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", queryset=WorkProgramme.objects.all())
    title = TranslatedField("title", max_length=200)
    summary = TranslatedField("summary", require_all=False, required=False)
    priorities = PrioritySerializer(many=True, read_only=True)

    class Meta:
        model = AnnualPlan
        fields = ["id", "programme", "year", "presidency", "title", "summary", "adopted_on", "is_demo", "priorities"]


# ------------------------------------------------------------------------------------------------ filters


class ProjectFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(field_name="programme__code", help_text="Programme code, e.g. 2021-2024.")
    line = django_filters.NumberFilter(
        field_name="themes__line__number", distinct=True, help_text="Number of a strategic line."
    )
    theme = django_filters.CharFilter(method="filter_theme", help_text="Theme code, e.g. 1.3.")
    country = django_filters.CharFilter(method="filter_country", help_text="Territory code of a lead or partner.")

    class Meta:
        model = Project
        fields = ["programme", "status", "flagship", "line", "theme", "country", "is_demo"]

    def filter_theme(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        line, _dot, number = value.partition(".")
        if not (line.isdigit() and number.isdigit() and len(line) < 3 and len(number) < 3):
            return queryset.none()
        return queryset.filter(themes__line__number=int(line), themes__number=int(number)).distinct()

    def filter_country(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        return queryset.filter(Q(lead__code=value) | Q(partners__code=value)).distinct()


class ProgrammeScopedFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(field_name="programme__code", help_text="Programme code.")


class LineFilter(ProgrammeScopedFilter):
    class Meta:
        model = StrategicLine
        fields = ["programme", "number"]


class ThemeFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(field_name="line__programme__code", help_text="Programme code.")

    class Meta:
        model = Theme
        fields = ["programme", "line"]


class PlanFilter(ProgrammeScopedFilter):
    class Meta:
        model = AnnualPlan
        fields = ["programme", "year", "presidency"]


def _by_project(model_: type[models.Model], extra: list[str] | None = None) -> type[django_filters.FilterSet]:
    meta = type("Meta", (), {"model": model_, "fields": ["project", *(extra or [])]})
    return type(f"{model_.__name__}Filter", (django_filters.FilterSet,), {"Meta": meta})


# ---------------------------------------------------------------------------------------------- viewsets


class _Base(viewsets.ModelViewSet):
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    # DRF authenticates (e.g. by token) inside the view, after the audit middleware has run: name the actor
    # of every write explicitly so token-authenticated changes are attributed too.
    def perform_create(self, serializer: serializers.Serializer) -> None:
        with acting_as(self.request.user):
            super().perform_create(serializer)

    def perform_update(self, serializer: serializers.Serializer) -> None:
        with acting_as(self.request.user):
            super().perform_update(serializer)

    def perform_destroy(self, instance: models.Model) -> None:
        with acting_as(self.request.user):
            super().perform_destroy(instance)


class TerritoryViewSet(_Base):
    """Countries, regions, cooperation areas and organisations that lead or join projects."""

    queryset = Territory.objects.order_by("code")
    serializer_class = TerritorySerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9-]+"
    filterset_fields = ["kind", "country"]


class WorkProgrammeViewSet(_Base):
    queryset = WorkProgramme.objects.order_by("-start_year")
    serializer_class = WorkProgrammeSerializer
    lookup_field = "code"
    lookup_value_regex = r"\d{4}-\d{4}"


class StrategicLineViewSet(_Base):
    queryset = StrategicLine.objects.select_related("programme").order_by("programme__start_year", "number")
    serializer_class = StrategicLineSerializer
    filterset_class = LineFilter


class ThemeViewSet(_Base):
    queryset = Theme.objects.select_related("line").order_by("line__programme_id", "line__number", "number")
    serializer_class = ThemeSerializer
    filterset_class = ThemeFilter


class ProjectViewSet(_Base):
    queryset = (
        Project.objects.select_related("programme")
        .prefetch_related("themes__line", "lead", "partners")
        .order_by("programme_id", "code")
    )
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter


class MilestoneViewSet(_Base):
    queryset = Milestone.objects.order_by("project_id", "planned_date", "code")
    serializer_class = MilestoneSerializer
    filterset_class = _by_project(Milestone, ["status"])


class IndicatorViewSet(_Base):
    queryset = Indicator.objects.prefetch_related("measurements").order_by("project_id", "code")
    serializer_class = IndicatorSerializer
    filterset_class = _by_project(Indicator)


class MeasurementViewSet(_Base):
    queryset = Measurement.objects.order_by("indicator_id", "date")
    serializer_class = MeasurementSerializer
    filterset_fields = ["indicator"]


@extend_schema_view(
    # Documented as the public shape; the Secretariat also gets "author_name" (an additional property).
    list=extend_schema(responses=ProgressUpdatePublicSerializer(many=True)),
    retrieve=extend_schema(responses=ProgressUpdatePublicSerializer),
)
class ProgressUpdateViewSet(_Base):
    """Quarterly progress reports. The author is shown to the Secretariat only."""

    queryset = ProgressUpdate.objects.order_by("project_id", "-year", "-quarter", "-created_at")
    lookup_field = "uuid"
    filterset_class = _by_project(ProgressUpdate, ["year", "quarter", "rag"])
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_serializer_class(self) -> type[serializers.Serializer]:
        user = self.request.user
        if self.request.method == "POST" or (
            user.is_authenticated and getattr(user, "role", None) in (Role.ANALYST, Role.ADMIN)
        ):
            return ProgressUpdateSerializer
        return ProgressUpdatePublicSerializer


class ProjectCommentViewSet(_Base):
    """Internal notes on projects: the Secretariat sees all, a delegate those on projects of their country."""

    serializer_class = ProjectCommentSerializer
    read_permission = "programme.view_projectcomment"
    lookup_field = "uuid"
    filterset_class = _by_project(ProjectComment)
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> models.QuerySet:
        qs = ProjectComment.objects.order_by("project_id", "created_at")
        user = self.request.user
        if getattr(user, "role", None) == Role.DELEGATE:
            country = user.country
            qs = qs.filter(
                Q(project__lead__code=country)
                | Q(project__lead__country=country)
                | Q(project__partners__code=country)
                | Q(project__partners__country=country)
            ).distinct()
        return qs


class AnnualPlanViewSet(_Base):
    queryset = AnnualPlan.objects.prefetch_related("priorities__themes__line", "priorities__projects").order_by(
        "programme_id", "year"
    )
    serializer_class = AnnualPlanSerializer
    filterset_class = PlanFilter


class PriorityViewSet(_Base):
    queryset = Priority.objects.prefetch_related("themes__line", "projects").order_by("plan_id", "number")
    serializer_class = PrioritySerializer
    filterset_fields = ["plan"]
