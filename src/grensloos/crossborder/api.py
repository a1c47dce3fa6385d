"""API of the cross-border worker check: assess, day ledger, employer batch, rules and (staff) simulation.

Nothing a worker sends is stored: every endpoint computes and answers. Texts come back in the language of
``?lang=`` (nl, fr, de, en; English by default).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import batch, catalogue, engine, ledger, population, simulation
from .engine import CaseError
from .rules import reforms
from .rules.variables.common import STATES

MAX_SIMULATION_SIZE = 200_000

LANG = OpenApiParameter("lang", str, enum=list(settings.LANGUAGE_CODES), description="Language of the texts.")


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang", "en")
    if lang not in settings.LANGUAGE_CODES:
        raise ValidationError({"lang": [f"Use one of {', '.join(settings.LANGUAGE_CODES)}."]})
    return lang


class CaseSerializer(serializers.Serializer):
    """One worker-year (documentation of the input; the check validates it itself)."""

    residence = serializers.ChoiceField(choices=STATES)
    employer_country = serializers.ChoiceField(choices=STATES)
    year = serializers.IntegerField(min_value=engine.YEARS[0], max_value=engine.YEARS[-1])
    working_days_total = serializers.FloatField(min_value=0, max_value=366)
    days_in_employer_country = serializers.FloatField(min_value=0, max_value=366)
    days_in_residence_country = serializers.FloatField(min_value=0, max_value=366, required=False)
    days_elsewhere = serializers.DictField(child=serializers.FloatField(min_value=0), required=False)
    public_sector = serializers.BooleanField(required=False)
    framework_agreement_requested = serializers.BooleanField(required=False)
    national_of_residence_state = serializers.BooleanField(required=False)


class HeadroomSerializer(serializers.Serializer):
    tax_tolerance_days_left = serializers.IntegerField(allow_null=True)
    social_security_25_percent_days_left = serializers.IntegerField()
    framework_agreement_days_left = serializers.IntegerField(allow_null=True)


class ReferenceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()
    date = serializers.CharField()


AnswerSerializer = inline_serializer(
    "WorkerAssessment",
    {
        "year": serializers.IntegerField(),
        "pair": serializers.CharField(),
        "social_security": inline_serializer(
            "SocialSecurityAnswer",
            {
                "state": serializers.CharField(),
                "rule": serializers.CharField(),
                "reason": serializers.CharField(),
                "references": ReferenceSerializer(many=True),
            },
        ),
        "tax": inline_serializer(
            "TaxAnswer",
            {
                "shares": serializers.DictField(child=serializers.FloatField()),
                "tolerance": inline_serializer(
                    "TaxTolerance",
                    {
                        "applies": serializers.BooleanField(),
                        "limit_days": serializers.IntegerField(allow_null=True),
                        "days_counted": serializers.FloatField(),
                    },
                ),
                "rule": serializers.CharField(),
                "reason": serializers.CharField(),
                "references": ReferenceSerializer(many=True),
            },
        ),
        "headroom": HeadroomSerializer(),
        "forms": inline_serializer(
            "FormToRequest",
            {
                "title": serializers.CharField(),
                "institution": serializers.CharField(),
                "url": serializers.URLField(),
                "verified": serializers.BooleanField(),
            },
            many=True,
        ),
        "warnings": serializers.ListField(child=serializers.CharField()),
        "uncertain": serializers.BooleanField(),
        "uncertainties": serializers.ListField(child=serializers.CharField()),
    },
)
ERRORS = OpenApiResponse(OpenApiTypes.OBJECT, description="The input is invalid; the key names the field at fault.")


class AssessView(APIView):
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    throttle_classes = [AnonRateThrottle]  # computing is free, not unlimited (API_ANON_RATE)

    @extend_schema(
        operation_id="crossborder_assess",
        summary="Assess one cross-border worker-year",
        parameters=[LANG],
        request=CaseSerializer,
        responses={200: AnswerSerializer, 400: ERRORS},
        tags=["crossborder"],
    )
    def post(self, request: Request) -> Response:
        lang = _lang(request)
        with override(lang):  # a CaseError becomes a 400 naming the field (core.api.exception_handler)
            case = engine.parse_case(request.data)
        return Response(engine.assess(case, lang))


def _upload(request: Request, name: str = "file") -> bytes:
    upload = request.FILES.get(name)
    if upload is None:
        raise ValidationError({name: ["Upload a file."]})
    if upload.size > batch.MAX_UPLOAD_BYTES:
        raise ValidationError({name: [f"The file is larger than {batch.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."]})
    return upload.read()


class BatchView(APIView):
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]
    throttle_classes = [AnonRateThrottle]  # computing is free, not unlimited (API_ANON_RATE)

    @extend_schema(
        operation_id="crossborder_batch",
        summary="Assess a CSV of employees (batch format of `grensloos worker batch`); answers a CSV",
        parameters=[LANG],
        request={"multipart/form-data": inline_serializer("BatchUpload", {"file": serializers.FileField()})},
        responses={(200, "text/csv"): OpenApiTypes.STR, 400: ERRORS},
        tags=["crossborder"],
    )
    def post(self, request: Request) -> HttpResponse:
        lang = _lang(request)
        raw = _upload(request)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError({"file": ["The file is not UTF-8 text."]}) from None
        try:
            with override(lang):
                output, _batch = batch.run(text, lang, max_rows=batch.MAX_ONLINE_ROWS)
        except CaseError as exc:
            raise ValidationError({"file": [exc.message]}) from exc
        response = HttpResponse(output, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="crossborder-results.csv"'
        return response


class LedgerUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    residence = serializers.ChoiceField(choices=STATES)
    employer_country = serializers.ChoiceField(choices=STATES)
    year = serializers.IntegerField(min_value=engine.YEARS[0], max_value=engine.YEARS[-1])
    working_days = serializers.FloatField(min_value=1, max_value=366, required=False)
    public_sector = serializers.BooleanField(required=False, default=False)
    framework_agreement_requested = serializers.BooleanField(required=False, default=False)


class LedgerView(APIView):
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]
    throttle_classes = [AnonRateThrottle]  # computing is free, not unlimited (API_ANON_RATE)

    @extend_schema(
        operation_id="crossborder_ledger",
        summary="Count a calendar of working days (CSV date,country[,fraction] or iCalendar) and assess the year",
        parameters=[LANG],
        request={"multipart/form-data": LedgerUploadSerializer},
        responses={
            200: inline_serializer(
                "LedgerAnswer",
                {
                    "year": serializers.IntegerField(),
                    "days": serializers.DictField(child=serializers.FloatField()),
                    "working_days_recorded": serializers.FloatField(),
                    "working_days_planned": serializers.FloatField(),
                    "calendar_days": serializers.IntegerField(),
                    "days_counted_for_tolerance": serializers.IntegerField(),
                    "training_days": serializers.IntegerField(),
                    "home_days_under_covid_tax_arrangement": serializers.FloatField(),
                    "home_days_under_covid_social_security": serializers.FloatField(),
                    "assessment": AnswerSerializer,
                    "remaining": HeadroomSerializer(),
                },
            ),
            400: ERRORS,
        },
        tags=["crossborder"],
    )
    def post(self, request: Request) -> Response:
        lang = _lang(request)
        form = LedgerUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        raw = _upload(request)
        with override(lang):  # a CaseError becomes a 400 naming the field
            book = ledger.read(raw, data["file"].name, data["year"])
            result = ledger.assess(
                book,
                data["residence"],
                data["employer_country"],
                working_days=data.get("working_days"),
                public_sector=data["public_sector"],
                framework_agreement_requested=data["framework_agreement_requested"],
                lang=lang,
            )
        return Response(result)


class RulesView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="crossborder_rules",
        summary="Every rule of the check with its values over time, sources and doubts",
        parameters=[LANG],
        responses={
            200: inline_serializer(
                "RulesTable",
                {
                    "parameters": serializers.ListField(child=serializers.DictField()),
                    "legal_bases": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        tags=["crossborder"],
    )
    def get(self, request: Request) -> Response:
        with override(_lang(request)):
            return Response({"parameters": catalogue.rules_table(), "legal_bases": catalogue.legal_bases()})


class SimulationRequestSerializer(serializers.Serializer):
    reform = serializers.CharField(max_length=60, help_text="NAME=VALUE, e.g. tolerance-BE-NL=34")
    size = serializers.IntegerField(min_value=1, max_value=MAX_SIMULATION_SIZE, default=50_000)
    seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, default=2024)


class CanRunSimulation(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.user.has_perm("crossborder.run_simulation")


class SimulateView(APIView):
    """Staff only: the Secretariat, delegates and advisors try rule changes on a synthetic population."""

    permission_classes = [CanRunSimulation]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="crossborder_simulate",
        summary="Policy simulation on a synthetic population (staff)",
        request=SimulationRequestSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: ERRORS, 403: OpenApiResponse(description="Staff only.")},
        tags=["crossborder"],
    )
    def post(self, request: Request) -> Response:
        form = SimulationRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            change = reforms.parse(form.validated_data["reform"])
        except reforms.ReformError as exc:
            raise ValidationError({"reform": [str(exc)]}) from exc
        columns = population.generate(form.validated_data["size"], seed=form.validated_data["seed"])
        return Response(simulation.simulate(columns, change))
