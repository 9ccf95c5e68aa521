"""Reading and bumping stream sequence numbers (one row per stream, see ``live.models``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import connection

from live.models import StreamSequence

_TABLE = StreamSequence._meta.db_table


def bump(counts: Mapping[str, int]) -> dict[str, int]:
    """Add ``counts[stream]`` to each stream's number; the new numbers. Call inside a transaction.

    One statement for all the streams: it creates a stream's row on first use, row-locks it until
    the transaction ends (so two commands touching one stream commit their numbers in order; rows
    are taken in name order, so two commands never lock crosswise), and returns the new values.
    ON CONFLICT ... RETURNING works on SQLite >= 3.35 and PostgreSQL.
    """
    streams = sorted(counts)
    if not streams:
        return {}
    rows = ", ".join(["(%s, %s)"] * len(streams))
    sql = (f'INSERT INTO "{_TABLE}" ("stream", "seq") VALUES {rows} '
           f'ON CONFLICT ("stream") DO UPDATE SET "seq" = "{_TABLE}"."seq" + EXCLUDED."seq" '
           f'RETURNING "stream", "seq"')
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for stream in streams for value in (stream, counts[stream])])
        return dict(cursor.fetchall())


def current(streams: Iterable[str]) -> dict[str, int]:
    """The latest committed number of each stream (0 for a stream nothing has happened on yet)."""
    wanted = list(dict.fromkeys(streams))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found.update(StreamSequence.objects.filter(stream__in=chunk).values_list("stream", "seq"))
    return {stream: found.get(stream, 0) for stream in wanted}


def current_one(stream: str) -> int:
    return current([stream])[stream]
