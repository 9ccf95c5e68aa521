"""The report's date range form: it gives the query string its shape; the rules live in the query."""

from __future__ import annotations

from django import forms


def _date_field(label: str, name: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        # type=date gives a date picker; the browser sends and expects ISO dates.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"Enter the {name} date.",
                        "invalid": "Enter a real date as YYYY-MM-DD, e.g. 2026-11-23."},
    )


class SalesReportForm(forms.Form):
    start = _date_field("From", "start")
    end = _date_field("To (inclusive)", "end")
