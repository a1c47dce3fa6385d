"""Forms of the cross-border worker check pages; the engine validates the case, the form the widgets."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from grensloos.core.i18n import country_name

from .batch import MAX_UPLOAD_BYTES
from .engine import YEARS
from .rules.variables.common import PAIRS, STATES


def _state_choices():
    return [(code, country_name(code)) for code in STATES]


def _default_year() -> int:
    return min(max(datetime.date.today().year, YEARS[0]), YEARS[-1])


class _StatesMixin(forms.Form):
    residence = forms.ChoiceField(label=_("I live in"), choices=())
    employer_country = forms.ChoiceField(label=_("My employer is in"), choices=())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=[(y, str(y)) for y in YEARS])

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        # country names are localised per request, so the choices are built per form
        self.fields["residence"].choices = _state_choices()
        self.fields["employer_country"].choices = _state_choices()
        self.fields["year"].initial = _default_year()


class CheckForm(_StatesMixin):
    public_sector = forms.BooleanField(label=_("I work for a public administration (civil servant)"), required=False)
    national_of_residence_state = forms.BooleanField(
        label=_("I have the nationality of the state where I live, not of my employer's state"),
        required=False,
        help_text=_("Only matters for civil servants."),
    )
    working_days_total = forms.DecimalField(
        label=_("Working days in the year"), min_value=0, max_value=366, decimal_places=1, initial=220
    )
    days_in_employer_country = forms.DecimalField(
        label=_("Days worked in my employer's state"), min_value=0, max_value=366, decimal_places=1
    )
    days_in_residence_country = forms.DecimalField(
        label=_("Days worked in the state where I live (telework included)"),
        min_value=0,
        max_value=366,
        decimal_places=1,
        initial=0,
    )
    other_country = forms.ChoiceField(label=_("Other state where I worked"), required=False, choices=())
    days_in_other_country = forms.DecimalField(
        label=_("Days worked in that other state"), min_value=0, max_value=366, decimal_places=1, required=False
    )
    framework_agreement_requested = forms.BooleanField(
        label=_("My employer and I asked for the framework agreement on cross-border telework"), required=False
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        from babel import Locale
        from django.utils.translation import get_language

        territories = Locale.parse((get_language() or "en").split("-")[0]).territories
        others = sorted(
            ((code, name) for code, name in territories.items() if len(code) == 2 and code.isalpha()),
            key=lambda item: item[1],
        )
        self.fields["other_country"].choices = [("", _("None"))] + others

    def case_data(self) -> dict:
        d = self.cleaned_data
        data = {
            "residence": d["residence"],
            "employer_country": d["employer_country"],
            "year": d["year"],
            "working_days_total": float(d["working_days_total"]),
            "days_in_employer_country": float(d["days_in_employer_country"]),
            "days_in_residence_country": float(d["days_in_residence_country"] or 0),
            "public_sector": d["public_sector"],
            "national_of_residence_state": d["national_of_residence_state"],
            "framework_agreement_requested": d["framework_agreement_requested"],
        }
        if d.get("other_country") and d.get("days_in_other_country"):
            data["days_elsewhere"] = {d["other_country"]: float(d["days_in_other_country"])}
        return data

    #: engine field -> form field, to show an engine error next to the right input
    FIELD_MAP = {"days_elsewhere": "days_in_other_country"}


class LedgerForm(_StatesMixin):
    file = forms.FileField(
        label=_("Calendar of working days"),
        help_text=_(
            "CSV with the columns date,country[,fraction], or an iCalendar file (.ics) whose events name the "
            "country in their location."
        ),
    )
    working_days = forms.DecimalField(
        label=_("Working days planned in the year"),
        min_value=1,
        max_value=366,
        decimal_places=1,
        required=False,
        help_text=_(
            "Days not yet in the calendar are counted in your employer's state. Leave empty if the calendar "
            "covers the whole year."
        ),
    )
    public_sector = forms.BooleanField(label=_("I work for a public administration (civil servant)"), required=False)
    framework_agreement_requested = forms.BooleanField(
        label=_("My employer and I asked for the framework agreement on cross-border telework"), required=False
    )

    def clean_file(self):  # noqa: ANN201
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class BatchForm(forms.Form):
    file = forms.FileField(
        label=_("Employees (CSV)"),
        help_text=_("One row per employee and year, in the columns described on this page; at most 20 000 rows."),
    )

    def clean_file(self):  # noqa: ANN201
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


REFORM_KINDS = [
    ("tolerance", _("A tax day tolerance for a pair of states")),
    ("substantial-share", _("The social-security threshold of substantial activity (share, today 0.25)")),
    ("framework-limit", _("The telework limit of the framework agreement (share, today 0.5)")),
]


class SimulationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rule to change"), choices=REFORM_KINDS)
    pair = forms.ChoiceField(
        label=_("Pair of states (for a tolerance)"),
        choices=[(p.replace("_", "-"), p.replace("_", "–")) for p in PAIRS],
        initial="BE-NL",
        required=False,
    )
    value = forms.DecimalField(
        label=_("New value"),
        help_text=_("Days for a tolerance (e.g. 34), a share between 0 and 1 for a threshold (e.g. 0.4)."),
        max_digits=6,
        decimal_places=3,
        initial=34,
    )
    size = forms.IntegerField(label=_("Synthetic workers"), min_value=1000, max_value=200_000, initial=50_000)
    seed = forms.IntegerField(label=_("Random seed"), min_value=0, max_value=2**31 - 1, initial=2024)

    def clean(self):  # noqa: ANN201
        data = super().clean()
        value = data.get("value")
        if value is None:
            return data
        if data.get("kind") == "tolerance":
            if value != int(value) or not 0 <= value <= 366:
                self.add_error("value", _("A tolerance is a whole number of days from 0 to 366."))
        elif not 0 < value < 1:
            self.add_error("value", _("A threshold is a share strictly between 0 and 1, such as 0.4."))
        return data

    def reform_text(self) -> str:
        d = self.cleaned_data
        value = format(d["value"].normalize(), "f")  # 30 stays 30, 0.400 becomes 0.4
        if d["kind"] == "tolerance":
            return f"tolerance-{d['pair'] or 'BE-NL'}={value}"
        return f"{d['kind']}={value}"
