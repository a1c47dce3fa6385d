"""Forms of the obstacle register: the public report, the register's filters and the staff actions."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grensloos.core.vocabularies import Domain
from grensloos.programme.models import Project, StrategicLine, Theme

from .models import (
    BORDERS,
    Affected,
    EscalationTarget,
    Language,
    ObstacleType,
    Priority,
    Solution,
    Status,
    border_label,
)

CONSENT_TEXT = _(
    "I agree that the Benelux Secretariat-General keeps my contact details to handle this report and to tell "
    "me about its progress. They are never published, are seen only by the staff handling the report, and "
    "are deleted after the case is archived. I can ask for them to be deleted at any time."
)


def border_choices() -> list[tuple[str, str]]:
    return [(code, border_label(code)) for code in BORDERS]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # noqa: ANN001, ANN201
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Short title of the obstacle"), max_length=200)
    description = forms.CharField(
        label=_("What is the problem?"),
        help_text=_(
            "Describe what happened, where, and who is affected. Write in Dutch, French, German or English. "
            "Do not include names or other personal details here: this text may be published."
        ),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    language = forms.ChoiceField(
        label=_("Language of your description"),
        help_text=_("Leave on automatic and we recognise it; correct it if we guessed wrong."),
        choices=[("", _("Recognise automatically"))] + list(Language.choices),
        required=False,
    )
    borders = forms.MultipleChoiceField(label=_("Which border(s)?"), choices=(), widget=forms.CheckboxSelectMultiple)
    affected = forms.MultipleChoiceField(
        label=_("Who is affected?"), choices=Affected.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    region = forms.CharField(
        label=_("Region (NUTS code)"),
        help_text=_("For example BE22 (Limburg, Belgium), NL42 (Limburg, Netherlands) or LU00 (Luxembourg)."),
        max_length=5,
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Documents"),
        help_text=_("Up to %(count)s PDF, PNG or JPEG files of at most %(size)s MB each.")
        % {"count": settings.OBSTACLES_MAX_ATTACHMENTS, "size": settings.OBSTACLES_MAX_ATTACHMENT_MB},
        required=False,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a private link to follow your report and tell you when its status changes."),
        required=False,
    )
    contact_phone = forms.CharField(label=_("Your telephone number"), max_length=40, required=False)
    contact_organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)
    altcha = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["borders"].choices = border_choices()
        self.fields["description"].widget.attrs["aria-describedby"] = "id_description_helptext suggestions"

    def clean_region(self) -> str:
        return self.cleaned_data["region"].strip().upper()

    def clean(self) -> dict:
        data = super().clean()
        has_contact = any(
            data.get(f) for f in ("contact_name", "contact_email", "contact_phone", "contact_organisation")
        )
        if has_contact and not data.get("consent"):
            self.add_error(
                "consent", _("Tick the consent box if you want to leave contact details, or leave them empty.")
            )
        return data


def _year_choices():
    this_year = timezone.localdate().year
    return [("", _("All years"))] + [(str(y), str(y)) for y in range(this_year, 2019, -1)]


class RegisterFilterForm(forms.Form):
    """The public register's search box and facets (all optional, GET)."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    domain = forms.ChoiceField(
        label=_("Domain"), choices=[("", _("All domains"))] + list(Domain.choices), required=False
    )
    obstacle_type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types"))] + list(ObstacleType.choices), required=False
    )
    border = forms.ChoiceField(label=_("Border"), choices=(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=(), required=False)
    year = forms.ChoiceField(label=_("Year reported"), choices=(), required=False)
    line = forms.ChoiceField(label=_("Strategic line"), choices=(), required=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        from .models import ACCEPTED_STATES

        self.fields["border"].choices = [("", _("All borders"))] + border_choices()
        public_states = [s for s in Status if s in ACCEPTED_STATES or s == Status.ARCHIVED]
        self.fields["status"].choices = [("", _("All statuses"))] + [(s.value, s.label) for s in public_states]
        self.fields["year"].choices = _year_choices()
        lines = StrategicLine.objects.filter(programme__code=settings.GRENSLOOS_DEFAULT_PROGRAMME).order_by("number")
        self.fields["line"].choices = [("", _("All lines"))] + [
            (str(x.number), f"{x.number}. {x.title}") for x in lines
        ]


class StatusForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    merge_into = forms.CharField(label=_("Duplicate of (reference)"), required=False, max_length=30)
    escalated_to = forms.ChoiceField(
        label=_("Escalate to"), choices=[("", "—")] + list(EscalationTarget.choices), required=False
    )


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["assigned_to"].queryset = (
            get_user_model()
            .objects.filter(role__in=("advisor", "analyst", "admin"), is_active=True)
            .order_by("username")
        )


class ClassifyForm(forms.Form):
    prefix = "classify"  # several forms share the case page; field ids must stay unique
    domain = forms.ChoiceField(label=_("Domain"), choices=[("", "—")] + list(Domain.choices), required=False)
    obstacle_type = forms.ChoiceField(label=_("Type"), choices=[("", "—")] + list(ObstacleType.choices), required=False)
    strategic_line = forms.ModelChoiceField(
        label=_("Strategic line"), queryset=StrategicLine.objects.none(), required=False
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=Language.choices)
    legal_references = forms.CharField(
        label=_("Legal references"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    people_affected = forms.IntegerField(label=_("Estimated number of people affected"), min_value=0, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    projects = forms.ModelMultipleChoiceField(
        label=_("Programme projects"), queryset=Project.objects.none(), required=False
    )
    related = forms.CharField(
        label=_("Related obstacles (references, separated by commas)"), required=False, max_length=1000
    )
    main_obstacle = forms.CharField(
        label=_("Main obstacle (reference), if this is a sub-obstacle"), required=False, max_length=30
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        programme = settings.GRENSLOOS_DEFAULT_PROGRAMME
        self.fields["strategic_line"].queryset = StrategicLine.objects.filter(programme__code=programme).order_by(
            "number"
        )
        self.fields["theme"].queryset = Theme.objects.filter(line__programme__code=programme).order_by(
            "line__number", "number"
        )
        self.fields["projects"].queryset = Project.objects.filter(programme__code=programme).order_by("code")


class SolutionForm(forms.Form):
    prefix = "solution"
    kind = forms.ChoiceField(label=_("Kind of solution"), choices=Solution.Kind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    actor = forms.CharField(label=_("Who acted"), max_length=300, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the reporter"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)


class GovernmentAnswerForm(forms.Form):
    prefix = "government"
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    text = forms.CharField(
        label=_("Answer of your government"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )


class PriorityForm(forms.Form):
    references = forms.CharField(
        label=_("Obstacles on the list, in order (one reference per line)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=5000,
    )


class TemplateForm(forms.Form):
    """Subject and text of one status message in the four languages."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        for code, name in Language.choices:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(lang)s)") % {"lang": name}, max_length=200
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(lang)s)") % {"lang": name}, widget=forms.Textarea(attrs={"rows": 7}), max_length=5000
            )
