"""GetAllDayCountsQuery: what the open tickets still need, summed ("all day" in a kitchen): each
item by size, and each topping (on one half counted apart), over the lines not yet ready on new and cooking tickets.
An order ahead counts from its release to the kitchen, as it appears on the board then.

Both sums are computed by the database (toppings are a JSON list on each line: SQLite's
``json_each`` or PostgreSQL's ``jsonb_array_elements``), so the cost stays in C at any queue size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Sum

from kitchen.queries.get_kitchen_queue import NEW_STATUSES
from menu.models import SIZED_CATEGORIES, Size
from orders.models import OrderLine, OrderStatus
from orders.scheduling import held_back_ids
from orders.services import Clock
from pizzeria.application import OperationResult, Query, QueryHandler

OPEN_STATUSES = (*NEW_STATUSES, OrderStatus.COOKING)
# A topping on one half of a pizza is counted apart from whole ones ("Pepperoni (half)"): it is
# half the portion. The SQL below spells the same suffix.
HALF_SUFFIX = " (half)"

_TOPPING_SQL = {
    "sqlite": """
        SELECT json_extract(t.value, '$.name')
               || CASE WHEN json_extract(t.value, '$.half') IN ('left', 'right') THEN ' (half)' ELSE '' END AS name,
               SUM(l.quantity) AS n
        FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id, json_each(l.toppings) t
        WHERE o.status IN ({statuses}) AND NOT l.is_ready{held}
        GROUP BY name ORDER BY n DESC, name""",
    "postgresql": """
        SELECT (t.value ->> 'name')
               || CASE WHEN t.value ->> 'half' IN ('left', 'right') THEN ' (half)' ELSE '' END AS name,
               SUM(l.quantity) AS n
        FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id,
             jsonb_array_elements(l.toppings) t
        WHERE o.status IN ({statuses}) AND NOT l.is_ready{held}
        GROUP BY name ORDER BY n DESC, name""",
}


@dataclass(frozen=True)
class AllDayCountDto:
    label: str  # "Margherita · Large", "Extra cheese"
    count: int


@dataclass(frozen=True)
class AllDayDto:
    items: tuple[AllDayCountDto, ...]
    toppings: tuple[AllDayCountDto, ...]


@dataclass(frozen=True)
class GetAllDayCountsQuery(Query[AllDayDto]):
    pass


class GetAllDayCountsHandler(QueryHandler[GetAllDayCountsQuery, AllDayDto]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, query: GetAllDayCountsQuery) -> OperationResult[AllDayDto]:
        held = held_back_ids(self.clock.now())
        open_lines = OrderLine.objects.filter(order__status__in=OPEN_STATUSES, is_ready=False)
        if held:
            open_lines = open_lines.exclude(order_id__in=held)
        items = (open_lines.values("item_name", "size", "menu_item__category")
                 .annotate(n=Sum("quantity")).order_by("-n", "item_name", "size"))
        return OperationResult.ok(AllDayDto(
            items=tuple(AllDayCountDto(_item_label(row), row["n"]) for row in items),
            toppings=tuple(AllDayCountDto(name, int(n)) for name, n in _topping_counts(open_lines, held) if name),
        ))


def _item_label(row: dict) -> str:
    if row["menu_item__category"] in SIZED_CATEGORIES:
        return f"{row['item_name']} · {Size(row['size']).label}"
    return row["item_name"]


def _topping_counts(open_lines, held: tuple[int, ...]) -> list[tuple[str, int]]:
    sql = _TOPPING_SQL.get(connection.vendor)
    if sql is None:  # another database: sum in Python (fine for a real kitchen's queue)
        totals: dict[str, int] = {}
        for chosen, quantity in open_lines.values_list("toppings", "quantity"):
            for topping in chosen or ():
                name = topping.get("name", "") + (HALF_SUFFIX if topping.get("half") in ("left", "right") else "")
                totals[name] = totals.get(name, 0) + quantity
        return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    placeholders = ", ".join(["%s"] * len(held))
    sql = sql.format(statuses=", ".join(["%s"] * len(OPEN_STATUSES)),
                     held=f" AND o.id NOT IN ({placeholders})" if held else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*OPEN_STATUSES, *held])
        return cursor.fetchall()
