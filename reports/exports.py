"""The sales report as CSV: the same numbers as the page, in three sections."""

from __future__ import annotations

import csv

from reports.queries.get_sales_report import SalesReportDto


def _cell(text: str) -> str:
    """Menu names are typed by staff: keep a spreadsheet from running one as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _optional(value) -> str:
    return "" if value is None else str(value)


def write_sales_csv(report: SalesReportDto, out) -> None:
    writer = csv.writer(out)
    writer.writerow(["Sales report", report.start.isoformat(), report.end.isoformat()])
    writer.writerow([])
    writer.writerow(["Summary", "Value"])
    writer.writerows([
        ["Orders placed", report.order_count],
        ["Revenue", report.revenue],
        ["Food and drink sales", report.food_sales],
        ["Delivery fees", report.delivery_fees],
        ["Sales tax collected", report.tax_collected],
        ["Average order value", report.average_order_value],
        ["Cancellations", report.cancellations],
        ["Average minutes to ready", _optional(report.avg_minutes_to_ready)],
        ["Average minutes to delivered", _optional(report.avg_minutes_to_delivered)],
        ["Peak hours", " ".join(f"{bucket.hour:02d}:00" for bucket in report.peak_hours)],
    ])
    writer.writerow([])
    writer.writerow(["Rank", "Best seller", "Quantity", "Revenue"])
    writer.writerows([seller.rank, _cell(seller.item_name), seller.quantity, seller.revenue]
                     for seller in report.best_sellers)
    writer.writerow([])
    writer.writerow(["Hour", "Orders"])
    writer.writerows([f"{bucket.hour:02d}:00", bucket.orders] for bucket in report.orders_by_hour)
