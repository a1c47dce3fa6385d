"""Pages of the cross-border worker check: citizen check, day ledger, employer batch, rules, simulation.

Nothing entered here is stored. Every page works without JavaScript; answers are rendered on the server.
"""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from grensloos.core import charts
from grensloos.core.cache import public_page
from grensloos.core.i18n import current_language

from . import batch, catalogue, engine, ledger, population, simulation
from .engine import CaseError
from .forms import BatchForm, CheckForm, LedgerForm, SimulationForm
from .rules import reforms


def _add_error(form, exc: CaseError, mapping: dict | None = None) -> None:  # noqa: ANN001
    name = (mapping or {}).get(exc.field, exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


def check(request: HttpRequest) -> HttpResponse:
    answer = None
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = engine.parse_case(form.case_data())
        except CaseError as exc:
            _add_error(form, exc, CheckForm.FIELD_MAP)
        else:
            answer = engine.assess(case, current_language())
    return render(
        request, "crossborder/check.html", {"form": form, "answer": answer}, status=400 if form.errors else 200
    )


def ledger_page(request: HttpRequest) -> HttpResponse:
    result = None
    form = LedgerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            book = ledger.read(d["file"].read(), d["file"].name, d["year"])
            result = ledger.assess(
                book,
                d["residence"],
                d["employer_country"],
                working_days=float(d["working_days"]) if d.get("working_days") else None,
                public_sector=d["public_sector"],
                framework_agreement_requested=d["framework_agreement_requested"],
                lang=current_language(),
            )
        except CaseError as exc:
            # errors in the calendar itself belong to the file; a state or year error to its own field
            form.add_error(exc.field if exc.field in ("residence", "employer_country", "year") else "file", exc.message)
    return render(
        request,
        "crossborder/ledger.html",
        {"form": form, "result": result, "answer": result and result["assessment"]},
        status=400 if form.errors else 200,
    )


def employers(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            output, _data = batch.run(text, current_language(), max_rows=batch.MAX_ONLINE_ROWS)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except CaseError as exc:
            form.add_error("file", exc.message)
        else:
            response = HttpResponse(output, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="crossborder-results.csv"'
            return response
    return render(
        request,
        "crossborder/employers.html",
        {"form": form, "required": batch.REQUIRED, "optional": batch.OPTIONAL, "output": batch.OUTPUT},
        status=400 if form.errors else 200,
    )


def sample(request: HttpRequest) -> HttpResponse:
    """A small synthetic employee file in the batch format, to try the employer page."""
    out = io.StringIO()
    population.write_csv(population.generate(20, seed=7), out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="employees-sample.csv"'
    return response


@public_page
def rules_table(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "crossborder/rules.html",
        {"parameters": catalogue.rules_table(), "legal_bases": catalogue.legal_bases()},
    )


def simulation_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("crossborder.run_simulation"):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    result = chart = None
    form = SimulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = reforms.parse(form.reform_text())
        except reforms.ReformError as exc:
            form.add_error("value", str(exc))
        else:
            columns = population.generate(form.cleaned_data["size"], seed=form.cleaned_data["seed"])
            result = simulation.simulate(columns, change)
            chart = charts.stacked_bar_chart(
                _("Workers whose answer changes, by pair of states"),
                _("For each pair, the number of synthetic workers whose tax shares or social-security state change."),
                [_("Tax shares change"), _("Social-security state changes")],
                [
                    (pair, [f["tax_share_changed"], f["social_security_changed"]])
                    for pair, f in result["by_pair"].items()
                ],
                category_label=_("Pair of states"),
            )
    return render(
        request,
        "crossborder/simulation.html",
        {
            "form": form,
            "result": result,
            "chart_svg": chart and charts.render_svg(chart),
            "chart_table": chart and charts.render_table(chart),
        },
        status=400 if form.errors else 200,
    )
