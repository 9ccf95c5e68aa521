"""The query cache computes a query's key once, before it runs: a result read just before a
concurrent change is never stored under the version that change created."""

import pytest
from django.contrib.auth.models import Group

from pizzeria.application.behaviors import PipelineBehavior, QueryCache
from tests.application import sample
from tests.application.test_mediator import STANDARD_BEHAVIORS, entries, event_store, journal, make_mediator  # noqa: F401 (fixtures)


class ChangeRightAfterTheRead(PipelineBehavior):
    """Inside the cache behavior: once the handler has read, another 'process' commits a label and
    invalidates the query (what an event published by a concurrent command does)."""

    armed = False

    def __init__(self, query_cache: QueryCache) -> None:
        self.query_cache = query_cache

    def handle(self, request, next_step):
        result = next_step()
        if ChangeRightAfterTheRead.armed and isinstance(request, sample.CountLabelsQuery):
            ChangeRightAfterTheRead.armed = False
            Group.objects.create(name="concurrent")
            self.query_cache.invalidate(sample.CountLabelsQuery)
        return result


@pytest.mark.django_db
def test_a_result_read_before_a_concurrent_change_is_not_served_after_it(journal, event_store):
    mediator = make_mediator(journal, event_store, [*STANDARD_BEHAVIORS, ChangeRightAfterTheRead])
    ChangeRightAfterTheRead.armed = True

    assert mediator.execute(sample.CountLabelsQuery()).data == 0  # read before the change

    assert mediator.execute(sample.CountLabelsQuery()).data == 1  # not the stale 0
    assert len(entries(journal, "count")) == 2


@pytest.mark.django_db
def test_a_cached_query_reads_the_version_once_per_execution(journal, event_store, monkeypatch):
    mediator = make_mediator(journal, event_store)
    reads = []
    original = QueryCache._current_version
    monkeypatch.setattr(QueryCache, "_current_version",
                        lambda self, query_type: reads.append(query_type) or original(self, query_type))

    mediator.execute(sample.CountLabelsQuery())  # miss: look up, run, store
    mediator.execute(sample.CountLabelsQuery())  # hit

    assert reads == [sample.CountLabelsQuery, sample.CountLabelsQuery]
