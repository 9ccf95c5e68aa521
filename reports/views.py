"""The manager's sales report: a page and the same numbers as a CSV download."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pizzeria.application import OperationResult
from pizzeria.application.mediator import get_mediator
from web.results import http_status
from reports.exports import write_sales_csv
from reports.forms import SalesReportForm
from staff.permissions import manager_required
from reports.queries.get_sales_report import GetSalesReportQuery

PRESETS = (("Today", 1), ("Last 7 days", 7), ("Last 30 days", 30))


def _range_query(start: date, end: date) -> str:
    return urlencode({"start": start.isoformat(), "end": end.isoformat()})


def _run_report(request: HttpRequest) -> tuple[SalesReportForm, OperationResult]:
    """Shape-check the query string, then let the query judge the range; errors land on the form."""
    today = timezone.localdate()
    asked = "start" in request.GET or "end" in request.GET
    form = SalesReportForm(request.GET if asked else {"start": today, "end": today})
    if not form.is_valid():
        return form, OperationResult.validation_error({name: list(errors) for name, errors in form.errors.items()})
    result = get_mediator().execute(GetSalesReportQuery(start=form.cleaned_data["start"], end=form.cleaned_data["end"]))
    for name, problems in result.field_errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
    return form, result


def _render_page(request: HttpRequest, form: SalesReportForm, result: OperationResult) -> HttpResponse:
    today = timezone.localdate()
    report = result.data
    presets = [
        {"label": label, "query": _range_query(today - timedelta(days=days - 1), today),
         "is_active": report is not None and (report.start, report.end) == (today - timedelta(days=days - 1), today)}
        for label, days in PRESETS
    ]
    context = {
        "form": form, "report": report, "presets": presets, "error": result.error,
        "csv_query": _range_query(report.start, report.end) if report else "",
        "time_zone": timezone.get_current_timezone_name(),
    }
    template = "reports/sales.html#sales-report" if request.htmx else "reports/sales.html"
    return render(request, template, context, status=http_status(result))


@manager_required
@require_GET
def sales(request: HttpRequest) -> HttpResponse:
    return _render_page(request, *_run_report(request))


@manager_required
@require_GET
def sales_csv(request: HttpRequest) -> HttpResponse:
    form, result = _run_report(request)
    if not result.is_success:  # a hand-edited link: show the form with what is wrong, not a broken file
        return _render_page(request, form, result)
    report = result.data
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sales-{report.start}-to-{report.end}.csv"'
    write_sales_csv(report, response)
    return response
