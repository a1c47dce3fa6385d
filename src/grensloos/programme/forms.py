from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grensloos.core.i18n import LANGUAGES, current_language, language_name

from .models import RAG, Language, WorkProgramme


class ProgressUpdateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[
            (1, _("Q1 (January–March)")),
            (2, _("Q2 (April–June)")),
            (3, _("Q3 (July–September)")),
            (4, _("Q4 (October–December)")),
        ],
    )
    rag = forms.ChoiceField(
        label=_("Overall status"),
        choices=RAG.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "On track: no action needed. Some concerns: the Secretariat follows up. At risk: the "
            "project needs a decision."
        ),
    )
    narrative = forms.CharField(
        label=_("What happened this quarter?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Results, delays and next steps, in a few sentences. This text is public."),
    )
    language = forms.ChoiceField(label=_("Language of your text"), choices=Language.choices)

    def __init__(self, *args, programme: WorkProgramme, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        years = [y for y in programme.years if y <= today.year] or list(programme.years)
        self.fields["year"].choices = [(y, str(y)) for y in reversed(years)]
        if not self.is_bound:
            self.initial.setdefault("year", min(today.year, programme.end_year))
            quarter = (today.month - 1) // 3 + 1
            self.initial.setdefault("quarter", quarter if today.year <= programme.end_year else 4)
            self.initial.setdefault("language", current_language())


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Visible to the Secretariat and to the delegates of the states in this project, not to the public."
        ),
    )
    language = forms.ChoiceField(label=_("Language of your text"), choices=Language.choices)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("language", current_language())


class ConclusionsForm(forms.Form):
    """One text area per language; empty ones stay empty (the report then says so)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        for lang in LANGUAGES:
            self.fields[lang] = forms.CharField(
                label=_("Conclusions in %(language)s") % {"language": language_name(lang)},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 10, "lang": lang}),
            )
