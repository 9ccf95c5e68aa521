"""Reading and bumping stream sequence numbers (one row per stream, see ``live.models``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import connection

from live.models import StreamSequence

_TABLE = StreamSequence._meta.db_table
# One statement per stream: creates the row on first use, row-locks it until the transaction ends
# (so two commands touching one stream commit their numbers in order), and returns the new value.
# ON CONFLICT ... RETURNING works on SQLite >= 3.35 and PostgreSQL.
_BUMP = (f'INSERT INTO "{_TABLE}" ("stream", "seq") VALUES (%s, %s) '
         f'ON CONFLICT ("stream") DO UPDATE SET "seq" = "{_TABLE}"."seq" + EXCLUDED."seq" RETURNING "seq"')


def bump(counts: Mapping[str, int]) -> dict[str, int]:
    """Add ``counts[stream]`` to each stream's number; the new numbers. Call inside a transaction."""
    latest: dict[str, int] = {}
    with connection.cursor() as cursor:
        for stream in sorted(counts):  # a fixed order: two commands never lock rows crosswise
            cursor.execute(_BUMP, [stream, counts[stream]])
            latest[stream] = cursor.fetchone()[0]
    return latest


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
