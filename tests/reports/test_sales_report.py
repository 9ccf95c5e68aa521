"""The manager's sales report: exact figures from known orders, the page, the CSV, access and bad input."""

import csv
import html
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from pizzeria.application import Outcome
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from orders.commands.cancel_order import CancelOrderCommand
from menu.models import MenuItem
from orders.models import Order
from orders.services import Clock, FixedClock
from reports.queries.get_sales_report import GetSalesReportQuery, _ranked
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo(settings.TIME_ZONE)  # America/New_York unless TIME_ZONE says otherwise
FRI, SAT = date(2026, 11, 20), date(2026, 11, 21)
RANGE = "start=2026-11-20&end=2026-11-21"


def local(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


class Shop:
    """Drives orders through the mediator with the clock set to each step's local time."""

    def __init__(self, mediator):
        self.mediator, self.clock = mediator, FixedClock(local(20, 12, 0))
        mediator.container.register_instance(Clock, self.clock)
        self.cook_id = get_user_model().objects.get(username="cook").pk
        self.driver_id = get_user_model().objects.get(username="driver").pk

    def run(self, at: datetime, command):
        self.clock.moment = at
        result = self.mediator.execute(command)
        assert result.is_success, result
        return result.data

    def place(self, at: datetime, *lines, fulfilment="delivery") -> str:
        return self.run(at, place_order_command(lines=lines, fulfilment=fulfilment)).order_id

    def cook(self, order_id: str, started: datetime, ready: datetime) -> None:
        self.run(started, StartCookingCommand(order_id=order_id, cook_id=self.cook_id))
        self.run(ready, MarkOrderReadyCommand(order_id=order_id))

    def deliver(self, order_id: str, out: datetime, delivered: datetime) -> None:
        self.run(out, MarkOutForDeliveryCommand(order_id=order_id, driver_id=self.driver_id))
        self.run(delivered, MarkOrderDeliveredCommand(order_id=order_id, driver_id=self.driver_id))


@pytest.fixture
def shop(menu, mediator):
    return Shop(mediator)


@pytest.fixture
def sales(shop):
    """Five orders on Fri 20 and Sat 21 Nov 2026 (local), and one just outside on each side."""
    # A, 12:05 pickup: 2 x Margherita 12.00 + Cola 2.50 = 26.50; ready after 15 min, picked up after 20.
    a = shop.place(local(20, 12, 5), line("margherita", quantity=2), line("cola"), fulfilment="pickup")
    shop.cook(a, local(20, 12, 7), local(20, 12, 20))
    shop.run(local(20, 12, 25), MarkOrderPickedUpCommand(order_id=a))
    # B, 12:40 delivery: Pepperoni 14.00 + Margherita 12.00 = 26.00; ready after 20 min, delivered after 50.
    b = shop.place(local(20, 12, 40), line("pepperoni"), line("margherita"))
    shop.cook(b, local(20, 12, 45), local(20, 13, 0))
    shop.deliver(b, local(20, 13, 5), local(20, 13, 30))
    # C, 19:10 delivery: 3 x small Margherita 9.60 = 28.80; ready after 20 min, delivered after 65.
    c = shop.place(local(20, 19, 10), line("margherita", "small", quantity=3))
    shop.cook(c, local(20, 19, 12), local(20, 19, 30))
    shop.deliver(c, local(20, 19, 40), local(20, 20, 15))
    # D, 19:50: large Pepperoni 18.20, cancelled: counted as placed, not as revenue or sold.
    d = shop.place(local(20, 19, 50), line("pepperoni", "large"))
    shop.run(local(20, 19, 52), CancelOrderCommand(order_id=d, reason="Changed my mind"))
    # E, Sat 21:30 local (02:30 UTC on the 22nd): a small Cola 2.00, still pending.
    shop.place(local(21, 21, 30), line("cola", "small"), fulfilment="pickup")
    # Outside: Thu 23:30 local is already Friday in UTC; Sun 00:15 local.
    shop.place(local(19, 23, 30), line("quattro_formaggi", "large", quantity=5))
    shop.place(local(22, 0, 15), line("diavola", quantity=4))


def report(mediator, start=FRI, end=SAT):
    result = mediator.execute(GetSalesReportQuery(start=start, end=end))
    assert result.outcome is Outcome.OK, result
    return result.data


# --- the query -------------------------------------------------------------------------------
def test_the_report_adds_up_the_orders_placed_in_the_range(sales, mediator):
    sold = report(mediator)

    assert sold.order_count == 5
    assert sold.revenue == Decimal("83.30")  # 26.50 + 26.00 + 28.80 + 2.00; D was cancelled
    assert sold.average_order_value == Decimal("20.83")  # 83.30 / 4 = 20.825, rounded half up
    assert sold.cancellations == 1
    assert sold.avg_minutes_to_ready == Decimal("18.3")  # (15 + 20 + 20) / 3
    assert sold.avg_minutes_to_delivered == Decimal("57.5")  # (50 + 65) / 2; A's pickup is not a delivery


def test_best_sellers_are_ranked_by_quantity_without_cancelled_orders(sales, mediator):
    sellers = [(s.rank, s.item_name, s.quantity, s.revenue, s.bar_percent) for s in report(mediator).best_sellers]
    assert sellers == [
        (1, "Margherita", 6, Decimal("64.80"), 100),
        (2, "Cola", 2, Decimal("4.50"), 33),
        (3, "Pepperoni", 1, Decimal("14.00"), 17),  # the cancelled large one would have made it 2
    ]


def test_tied_sellers_share_a_rank():
    rows = [{"item_name": name, "quantity": qty, "revenue": Decimal(rev)}
            for name, qty, rev in [("Diavola", 4, "58.00"), ("Cola", 4, "10.00"), ("Tiramisù", 1, "6.50")]]
    assert [(s.rank, s.item_name, s.bar_percent) for s in _ranked(rows)] == [
        (1, "Diavola", 100), (1, "Cola", 100), (3, "Tiramisù", 25),
    ]


def test_orders_per_hour_use_local_time_and_mark_the_peaks(sales, mediator):
    sold = report(mediator)

    assert [b.hour for b in sold.orders_by_hour] == list(range(24))
    assert {b.hour: b.orders for b in sold.orders_by_hour if b.orders} == {12: 2, 19: 2, 21: 1}
    assert [b.hour for b in sold.peak_hours] == [12, 19] and sold.peak_orders == 2
    assert [(b.bar_percent, b.label) for b in sold.orders_by_hour if b.orders] == [
        (100, "12 PM"), (100, "7 PM"), (50, "9 PM"),
    ]


def test_the_range_is_whole_local_days(sales, mediator):
    friday = report(mediator, FRI, FRI)
    assert friday.order_count == 4 and friday.revenue == Decimal("81.30")  # not Saturday's E

    thursday = report(mediator, date(2026, 11, 19), date(2026, 11, 19))
    assert thursday.order_count == 1 and thursday.peak_hours[0].hour == 23  # 04:30 UTC on Friday

    saturday = report(mediator, SAT, SAT)
    assert saturday.order_count == 1 and saturday.revenue == Decimal("2.00")  # 02:30 UTC on Sunday


def test_a_period_without_orders_is_all_zeros(sales, mediator):
    empty = report(mediator, date(2026, 11, 1), date(2026, 11, 18))

    assert empty.is_empty and empty.order_count == 0 and empty.cancellations == 0
    assert empty.revenue == Decimal("0.00") and empty.average_order_value == Decimal("0.00")
    assert empty.avg_minutes_to_ready is None and empty.avg_minutes_to_delivered is None
    assert empty.best_sellers == () and empty.peak_hours == ()
    assert [b.orders for b in empty.orders_by_hour] == [0] * 24


def test_the_number_of_sql_queries_does_not_grow_with_the_orders(sales, shop, mediator, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        report(mediator)
    with CaptureQueriesContext(connection) as few:
        report(mediator)
    for minute in range(12):
        shop.place(local(21, 18, minute), line("diavola"), line("cola"))
    with CaptureQueriesContext(connection) as many:
        assert report(mediator).order_count == 17
    assert len(many) == len(few)


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    (SAT, FRI, "end", "The end date must be on or after the start date."),
    (date(2025, 1, 1), date(2026, 1, 2), "end", "Choose a period of at most 366 days."),
    ("2026-11-20", SAT, "start", "Enter a valid start date."),
    (FRI, datetime(2026, 11, 21, 12, 0), "end", "Enter a valid end date."),
    (date(1999, 12, 31), SAT, "start", "Choose a date between 2000 and 2100."),
    (FRI, date(9999, 12, 31), "end", "Choose a date between 2000 and 2100."),
])
def test_a_bad_range_is_refused_with_a_field_error(mediator, start, end, field, message):
    result = mediator.execute(GetSalesReportQuery(start=start, end=end))
    assert result.outcome is Outcome.INVALID and result.field_errors == {field: [message]}


def test_a_leap_year_fits_in_one_report(db, mediator):
    assert mediator.execute(GetSalesReportQuery(start=date(2028, 1, 1), end=date(2028, 12, 31))).outcome is Outcome.OK


# --- who may see it ----------------------------------------------------------------------------
def signed_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def manager(client, menu):
    return signed_in(client, "manager")


@pytest.mark.parametrize("url", ["/reports/", f"/reports/sales.csv?{RANGE}"])
def test_only_managers_may_see_the_reports(client, menu, url):
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for username in ("customer", "cook", "driver"):
        assert signed_in(client, username).get(url).status_code == 403
    assert signed_in(client, "manager").get(url).status_code == 200
    get_user_model().objects.create_superuser("boss", "boss@marios.example", "boss-pass-123")
    assert signed_in(client, "boss").get(url).status_code == 200  # superuser without the group


# --- the page --------------------------------------------------------------------------------
def test_the_page_shows_the_figures_chart_and_best_sellers(manager, sales):
    response = manager.get(f"/reports/?{RANGE}")
    body = html.unescape(response.content.decode())

    assert response.status_code == 200
    assert 'type="date" name="start" value="2026-11-20"' in body and 'name="end" value="2026-11-21"' in body
    for figure, label in [("5", "orders placed"), ("$83.30", "revenue"), ("$20.83", "average order"),
                          ("1", "cancelled"), ("18.3 <small>min</small>", "avg. placed → ready"),
                          ("57.5 <small>min</small>", "avg. placed → delivered")]:
        assert f'<span class="stat-value">{figure}</span><span class="stat-label">{label}' in body
    assert body.count('<li class="hour') == 24 and body.count("is-peak") == 2
    assert 'title="12 PM: 2 orders"' in body and 'title="9 PM: 1 order"' in body and 'title="3 AM: 0 orders"' in body
    assert "7 PM: 2 orders (busiest)</span>" in body and "Busiest: 12 PM and 7 PM" in body
    names = [body.index(f'<span class="seller-name">{name}</span>') for name in ("Margherita", "Cola", "Pepperoni")]
    assert names == sorted(names) and "<strong>6</strong> sold · $64.80" in body
    assert f'href="/reports/sales.csv?{RANGE}"' in body and "Download CSV" in body
    assert "/static/css/reports.css" in body


def test_the_page_defaults_to_today_with_presets(manager):
    today = timezone.localdate()
    body = html.unescape(manager.get("/reports/").content.decode())

    assert f'name="start" value="{today}"' in body and f'name="end" value="{today}"' in body
    assert '<label for="id_start">From</label>' in body and '<label for="id_end">To (inclusive)</label>' in body
    week = f"start={today - timedelta(days=6)}&end={today}"
    month = f"start={today - timedelta(days=29)}&end={today}"
    assert f'href="/reports/?{week}"' in body and f'href="/reports/?{month}"' in body
    assert 'aria-current="true">Today</a>' in body  # the period shown is today's
    assert "No orders were placed in this period." in body and "Download CSV" not in body


def test_an_htmx_request_gets_only_the_report_fragment(manager, sales):
    body = manager.get(f"/reports/?{RANGE}", HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<div id="sales-report"') and "<html" not in body and "$83.30" in body


@pytest.mark.parametrize(("query", "field", "message", "kept"), [
    ("start=2026-11-21&end=2026-11-20", "end", "The end date must be on or after the start date.", 'value="2026-11-20"'),
    ("start=tomorrow&end=2026-11-20", "start", "Enter a real date as YYYY-MM-DD", 'value="tomorrow"'),
    ("start=2026-02-30&end=2026-03-01", "start", "Enter a real date as YYYY-MM-DD", 'value="2026-02-30"'),
    ("start=2026-11-20", "end", "Enter the end date.", 'value="2026-11-20"'),
    ("start=2024-01-01&end=2026-11-20", "end", "Choose a period of at most 366 days.", 'value="2024-01-01"'),
    ("start=0001-01-01&end=9999-12-31", "start", "Choose a date between 2000 and 2100.", 'value="9999-12-31"'),
])
@pytest.mark.parametrize("url", ["/reports/", "/reports/sales.csv"])
def test_bad_dates_re_render_the_form_with_the_error_by_the_field(manager, url, query, field, message, kept):
    response = manager.get(f"{url}?{query}")
    body = html.unescape(response.content.decode())

    assert response.status_code == 422 and response["Content-Type"].startswith("text/html")
    field_html = body[body.index(f'id="field-{field}"'):]
    field_html = field_html[:field_html.index("</div>")]
    assert message in field_html and 'class="error" role="alert"' in field_html
    assert kept in body


# --- the CSV ---------------------------------------------------------------------------------
def test_the_csv_holds_the_same_numbers(manager, sales):
    response = manager.get(f"/reports/sales.csv?{RANGE}")

    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sales-2026-11-20-to-2026-11-21.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    hours = [[f"{hour:02d}:00", {12: "2", 19: "2", 21: "1"}.get(hour, "0")] for hour in range(24)]
    assert rows == [
        ["Sales report", "2026-11-20", "2026-11-21"],
        [],
        ["Summary", "Value"],
        ["Orders placed", "5"],
        ["Revenue", "83.30"],
        ["Food and drink sales", "83.30"],
        ["Delivery fees", "0.00"],
        ["Sales tax collected", "0.00"],
        ["Average order value", "20.83"],
        ["Cancellations", "1"],
        ["Average minutes to ready", "18.3"],
        ["Average minutes to delivered", "57.5"],
        ["Peak hours", "12:00 19:00"],
        [],
        ["Rank", "Best seller", "Quantity", "Revenue"],
        ["1", "Margherita", "6", "64.80"],
        ["2", "Cola", "2", "4.50"],
        ["3", "Pepperoni", "1", "14.00"],
        [],
        ["Hour", "Orders"],
        *hours,
    ]


def test_a_menu_name_cannot_become_a_spreadsheet_formula(manager, shop):
    MenuItem.objects.filter(slug="cola").update(name="=HYPERLINK(\"http://evil\")")
    shop.place(local(20, 12, 0), line("cola"))
    rows = list(csv.reader(io.StringIO(manager.get("/reports/sales.csv?start=2026-11-20&end=2026-11-20")
                                       .content.decode())))
    assert ["1", "'=HYPERLINK(\"http://evil\")", "1", "2.50"] in rows
