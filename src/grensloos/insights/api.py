"""Open-data API of the Benelux data module (read-only; data comes in through imports and refreshes)."""

from __future__ import annotations

from pathlib import PurePath

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from grensloos.core.api import TranslatedField

from . import formats, queries
from .models import Dataset, ImportRecord, Indicator


class DataIndicatorSerializer(serializers.ModelSerializer):
    name = TranslatedField("name", read_only=True)
    unit = TranslatedField("unit", read_only=True)
    description = TranslatedField("description", read_only=True)
    dataset = serializers.CharField(source="dataset_code", read_only=True)
    line = serializers.IntegerField(source="line.number", read_only=True, allow_null=True, default=None)
    theme = serializers.CharField(source="theme.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "description",
            "dataset",
            "filters",
            "regional",
            "checked",
            "decimals",
            "line",
            "theme",
            "domain",
        ]


class ImportRecordSerializer(serializers.ModelSerializer):
    location = serializers.SerializerMethodField()

    class Meta:
        model = ImportRecord
        fields = [
            "kind",
            "location",
            "file_format",
            "source_last_update",
            "imported_at",
            "checksum",
            "series_count",
            "observation_count",
            "rows_read",
        ]

    def get_location(self, obj: ImportRecord) -> str:
        """A URL as it is; for a file only its name (server paths are not published)."""
        return obj.location if obj.kind == ImportRecord.Kind.API else PurePath(obj.location).name


class DatasetSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", read_only=True)
    imports = ImportRecordSerializer(many=True, read_only=True)

    class Meta:
        model = Dataset
        fields = [
            "code",
            "title",
            "source",
            "dimensions",
            "periods",
            "last_update",
            "imported_at",
            "series_count",
            "observation_count",
            "imports",
        ]


class IndicatorFilter(django_filters.FilterSet):
    line = django_filters.NumberFilter(field_name="line__number", help_text="Number of a strategic line.")
    theme = django_filters.CharFilter(method="filter_theme", help_text="Theme code, e.g. 1.3.")
    dataset = django_filters.CharFilter(field_name="dataset_code")

    class Meta:
        model = Indicator
        fields = ["line", "theme", "dataset", "domain", "regional"]

    def filter_theme(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        line, _dot, number = value.partition(".")
        if not (line.isdigit() and number.isdigit() and len(line) < 3 and len(number) < 3):
            return queryset.none()
        return queryset.filter(theme__line__number=int(line), theme__number=int(number))


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The curated indicator catalogue, each tied to a strategic line and theme of the work programme."""

    queryset = Indicator.objects.select_related("line", "theme__line").order_by("order", "code")
    serializer_class = DataIndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-z0-9_]+"
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = IndicatorFilter


class DatasetViewSet(viewsets.ReadOnlyModelViewSet):
    """Loaded datasets with their provenance (source, last update at the source, imports)."""

    queryset = Dataset.objects.select_related("source").prefetch_related("imports").order_by("code")
    serializer_class = DatasetSerializer
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9_]+"


_OBS = inline_serializer(
    "Observation",
    {
        "period": serializers.CharField(),
        "value": serializers.FloatField(allow_null=True),
        "flags": serializers.CharField(),
    },
)
_SERIES = inline_serializer(
    "Series",
    {
        "indicator": serializers.CharField(),
        "dataset": serializers.CharField(),
        "key": serializers.CharField(),
        "geo": serializers.CharField(),
        "observations": _OBS.__class__(many=True),
    },
)
_PARAMS = [
    OpenApiParameter("indicator", OpenApiTypes.STR, required=True, description="Indicator code."),
    OpenApiParameter(
        "geo",
        OpenApiTypes.STR,
        description="Comma-separated countries or NUTS regions (BE,NL,LU,BE33)."
        " Default: BE, NL, LU and the EU aggregate.",
    ),
    OpenApiParameter("start", OpenApiTypes.STR, description="First period, e.g. 2015."),
    OpenApiParameter("end", OpenApiTypes.STR, description="Last period, e.g. 2022."),
]


def _series_for_request(request: Request) -> tuple[Indicator, list]:
    for name in ("indicator", "geo", "start", "end"):
        if "\x00" in request.query_params.get(name, ""):
            raise ValidationError({name: ["Null characters are not allowed."]})
    code = request.query_params.get("indicator", "")
    if not code:
        raise ValidationError({"indicator": ["This parameter is required."]})
    indicator = Indicator.objects.filter(code=code[:80]).first()
    if indicator is None:
        raise NotFound(f"No indicator {code[:80]!r}.")
    start, end = request.query_params.get("start", ""), request.query_params.get("end", "")
    for name, value in (("start", start), ("end", end)):
        if value and not formats.PERIOD_RE.match(value):
            raise ValidationError({name: [f"{value[:20]!r} is not a period such as 2015 or 2015-Q1."]})
    geo_param = request.query_params.get("geo", "")
    geos = [g.strip().upper() for g in geo_param.split(",") if g.strip()][:100] if geo_param else None
    dataset = queries.dataset_for(indicator)
    if dataset is None:
        return indicator, []
    if geos is None:
        geos = queries.compare(indicator).geos
    try:
        series = queries.indicator_series(indicator, geos, dataset)
    except queries.DefinitionError as exc:
        raise ValidationError({"indicator": [f"The indicator does not match its dataset: {exc}"]}) from exc
    out = []
    for geo in geos:
        if geo not in series:
            continue
        observations = [
            o for o in series[geo].observations if (not start or o.period >= start) and (not end or o.period <= end)
        ]
        out.append((geo, series[geo], observations))
    return indicator, out


class PublicReadView(APIView):
    """Open statistical data: anyone may read; there is nothing to write (other methods answer 405)."""

    permission_classes = (AllowAny,)
    http_method_names = ("get", "head", "options")


class SeriesView(PublicReadView):
    """Series of an indicator per country or region, with their observations (value and flags)."""

    @extend_schema(parameters=_PARAMS, responses=_SERIES.__class__(many=True))
    def get(self, request: Request) -> Response:
        indicator, found = _series_for_request(request)
        return Response(
            [
                {
                    "indicator": indicator.code,
                    "dataset": indicator.dataset_code,
                    "key": s.key,
                    "geo": geo,
                    "observations": [{"period": o.period, "value": o.value, "flags": o.flags} for o in observations],
                }
                for geo, s, observations in found
            ]
        )


class ObservationsView(PublicReadView):
    """The same observations as one flat list, one row per country or region and period."""

    @extend_schema(
        parameters=_PARAMS,
        responses=inline_serializer(
            "FlatObservation",
            {
                "indicator": serializers.CharField(),
                "geo": serializers.CharField(),
                "period": serializers.CharField(),
                "value": serializers.FloatField(allow_null=True),
                "flags": serializers.CharField(),
            },
            many=True,
        ),
    )
    def get(self, request: Request) -> Response:
        indicator, found = _series_for_request(request)
        return Response(
            [
                {"indicator": indicator.code, "geo": geo, "period": o.period, "value": o.value, "flags": o.flags}
                for geo, _s, observations in found
                for o in observations
            ]
        )
