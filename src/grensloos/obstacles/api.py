"""Open-data API of the obstacle register, the intake endpoint and suggestions.

Public serializers name every field they show (no ``fields = "__all__"``): a reporter's contact details,
attachments, answers to questions, the tracking nonce and internal notes never leave through the API. Only
accepted obstacles are listed.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from grensloos.core.vocabularies import Domain

from . import intake, queries, services, suggest
from .forms import CONSENT_TEXT
from .models import BORDERS, Affected, Language, Obstacle, ObstacleType, Solution, Status


class SolutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Solution
        fields = ["kind", "description", "language", "actor", "date"]


class PublicObstacleSerializer(serializers.ModelSerializer):
    borders = serializers.ListField(source="border_list", child=serializers.CharField())
    affected = serializers.ListField(source="affected_list", child=serializers.CharField())
    strategic_line = serializers.IntegerField(source="strategic_line.number", allow_null=True, default=None)
    main_obstacle = serializers.SerializerMethodField()
    solution = serializers.SerializerMethodField()

    class Meta:
        model = Obstacle
        fields = [
            "reference",
            "title",
            "description",
            "language",
            "affected",
            "borders",
            "region",
            "domain",
            "obstacle_type",
            "strategic_line",
            "legal_references",
            "people_affected",
            "status",
            "reported_on",
            "accepted_on",
            "closed_on",
            "support_count",
            "main_obstacle",
            "solution",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_main_obstacle(self, obj: Obstacle) -> str | None:
        return obj.parent.reference if obj.parent_id and obj.parent.is_public else None

    @extend_schema_field(SolutionSerializer(allow_null=True))
    def get_solution(self, obj: Obstacle) -> dict | None:
        solution = obj.solution if hasattr(obj, "solution") else None
        return SolutionSerializer(solution).data if solution else None


FILTERS = [
    OpenApiParameter("q", str, description="Full-text search (any of the four languages)."),
    OpenApiParameter("domain", str, enum=Domain.values),
    OpenApiParameter("obstacle_type", str, enum=ObstacleType.values),
    OpenApiParameter("border", str, enum=list(BORDERS)),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("year", int, description="Year the obstacle was reported."),
    OpenApiParameter("line", int, description="Number of the strategic line."),
]


def _filters(request: Request) -> dict:
    from .forms import RegisterFilterForm

    form = RegisterFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.cleaned_data


@extend_schema(parameters=FILTERS, summary="Accepted obstacles of the public register.")
class ObstacleList(generics.ListAPIView):
    serializer_class = PublicObstacleSerializer

    def get_queryset(self):  # noqa: ANN201
        return (
            queries.public_register(_filters(self.request))
            .select_related("strategic_line", "parent", "solution")
            .order_by("-reported_on", "-id")
        )


@extend_schema(summary="One accepted obstacle.")
class ObstacleDetail(generics.RetrieveAPIView):
    serializer_class = PublicObstacleSerializer
    lookup_field = "reference"

    def get_queryset(self):  # noqa: ANN201
        return Obstacle.objects.public().select_related("strategic_line", "parent", "solution")


class ReportSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10_000)
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True)
    borders = serializers.ListField(child=serializers.CharField(max_length=5), min_length=1, max_length=8)
    affected = serializers.ListField(
        child=serializers.ChoiceField(choices=Affected.choices), required=False, max_length=6
    )
    region = serializers.CharField(max_length=5, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    contact_organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True)
    consent = serializers.BooleanField(
        required=False, help_text="Must be true when contact details are given (see the consent text)."
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="PDF, PNG or JPEG files (multipart requests only), checked by their content.",
    )
    altcha = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Solved proof-of-work challenge (GET challenge), base64 JSON; not needed for signed-in staff.",
    )


class IntakeThrottle(ScopedRateThrottle):
    scope = "obstacles-intake"

    def get_rate(self) -> str:
        return settings.OBSTACLES_INTAKE_RATE.replace("/h", "/hour")


@extend_schema(
    request=ReportSerializer,
    responses={
        201: inline_serializer(
            "ReportReceived",
            {
                "reference": serializers.CharField(),
                "tracking_token": serializers.CharField(),
                "language": serializers.CharField(),
            },
        )
    },
    summary="Report a cross-border obstacle (no account needed; proof of work required).",
)
class ReportCreate(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [IntakeThrottle]
    throttle_scope = "obstacles-intake"
    parser_classes = [JSONParser, MultiPartParser]

    def post(self, request: Request) -> Response:
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not (request.user.is_authenticated and request.user.is_staff_role):
            intake.check_proof_of_work(data.get("altcha", ""))
        language = data.get("language") or suggest.detect_language(f"{data['title']}\n{data['description']}")
        report = services.Report(
            title=data["title"],
            description=data["description"],
            language=language,
            affected=data.get("affected", []),
            borders=data["borders"],
            region=data.get("region", ""),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            contact_organisation=data.get("contact_organisation", ""),
            contact_language=data.get("contact_language") or language,
            consent_text=str(CONSENT_TEXT),
            consent=data.get("consent", False),
        )
        files = intake.check_attachments(list(data.get("attachments") or []))
        obstacle, token = services.submit_report(report, files)
        return Response({"reference": obstacle.reference, "tracking_token": token, "language": language}, status=201)


@extend_schema(
    responses={200: OpenApiTypes.OBJECT}, summary="A proof-of-work challenge (ALTCHA, SHA-256) for the intake."
)
class ChallengeView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        return Response(intake.new_challenge())


class SuggestRequest(serializers.Serializer):
    text = serializers.CharField(max_length=10_000)
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True)
    top = serializers.IntegerField(min_value=1, max_value=50, default=5)


class SuggestedLabelSerializer(serializers.Serializer):
    label = serializers.CharField()
    score = serializers.FloatField()


def _labels() -> SuggestedLabelSerializer:
    return SuggestedLabelSerializer(many=True)


@extend_schema(
    request=SuggestRequest,
    responses={
        200: inline_serializer(
            "Suggestions",
            {
                "language": serializers.CharField(),
                "similar": inline_serializer(
                    "SimilarObstacle",
                    {
                        "reference": serializers.CharField(),
                        "title": serializers.CharField(),
                        "language": serializers.CharField(),
                        "score": serializers.FloatField(),
                    },
                    many=True,
                ),
                "classification": inline_serializer(
                    "Classification",
                    {
                        "domain": _labels(),
                        "obstacle_type": _labels(),
                        "strategic_line": _labels(),
                        "method": serializers.CharField(),
                        "methods": serializers.DictField(child=serializers.CharField()),
                    },
                ),
            },
        )
    },
    summary="Similar obstacles (across languages) and a likely classification for a text.",
)
class SuggestView(APIView):
    """The Secretariat gets similar cases from the whole register; everyone else from the public register."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def post(self, request: Request) -> Response:
        serializer = SuggestRequest(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        text = data["text"]
        language = data.get("language") or suggest.detect_language(text)
        # Only the Secretariat sees every case; others get the public register (what they may open anyway).
        secretariat = request.user.has_perm("obstacles.decide")
        similar = suggest.similar_to_text(text, language=language, top=data["top"], public_only=not secretariat)
        return Response(
            {
                "language": language,
                "similar": [m.as_dict() for m in similar],
                "classification": suggest.classify(text, language=language),
            }
        )
