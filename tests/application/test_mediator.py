"""The mediator layer on its own: routing, behaviors, transactions, events, caching, checks."""


import pytest
from django.contrib.auth.models import Group
from django.core.checks import run_checks
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pizzeria.application import Outcome
from pizzeria.application import OperationResult
from pizzeria.application.behaviors import (
    LoggingBehavior, QueryCachingBehavior, TransactionBehavior, ValidationBehavior,
)
from pizzeria.application.container import Container
from pizzeria.application.events import EventStore, InMemoryEventStore
from pizzeria.application.mediator import Mediator
from pizzeria.application.registry import AmbiguousHandler, HandlerNotFound, HandlerRegistry
from tests.application import orphans, sample

STANDARD_BEHAVIORS = [LoggingBehavior, ValidationBehavior, TransactionBehavior, QueryCachingBehavior]


@pytest.fixture
def journal():
    return sample.Journal()


@pytest.fixture
def event_store():
    return InMemoryEventStore()


def make_mediator(journal, event_store, behaviors=STANDARD_BEHAVIORS):
    container = Container()
    container.register_instance(sample.Journal, journal)
    container.register_instance(EventStore, event_store)
    return Mediator(
        registry=HandlerRegistry.discover(["tests.application.sample"]),
        behavior_classes=behaviors, container=container,
    )


@pytest.fixture
def mediator(journal, event_store):
    return make_mediator(journal, event_store)


def entries(journal, kind):
    return [entry for entry in journal.entries if entry[0] == kind]


# --- routing -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_command_reaches_its_one_handler(mediator, journal):
    result = mediator.execute(sample.CreateLabelCommand("hot"))

    assert result.outcome is Outcome.CREATED and result.data == "hot"
    assert entries(journal, "handler") == [("handler", "hot")]
    assert Group.objects.filter(name="hot").exists()


@pytest.mark.django_db
def test_a_query_reaches_its_handler_and_returns_data(mediator):
    Group.objects.create(name="alpha")
    assert mediator.execute(sample.UncachedCountQuery()).data == 1


def test_a_request_without_handler_is_refused_by_name():
    registry = HandlerRegistry.discover(["tests.application.orphans"])
    with pytest.raises(HandlerNotFound, match="ForgottenCommand"):
        registry.handler_for(orphans.ForgottenCommand)
    with pytest.raises(AmbiguousHandler, match="FirstHandler, SecondHandler"):
        registry.handler_for(orphans.TwiceHandledCommand)


def test_handler_dependencies_are_injected_through_the_constructor(mediator, journal):
    handler = mediator.container.build(sample.CreateLabelHandler)
    assert handler.journal is journal


@pytest.mark.django_db(transaction=True)
async def test_execute_async_runs_a_command_from_async_code(mediator):
    result = await mediator.execute_async(sample.CreateLabelCommand("from-a-consumer"))
    assert result.outcome is Outcome.CREATED
    assert await Group.objects.filter(name="from-a-consumer").aexists()


# --- behaviors -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_behaviors_wrap_the_handler_in_the_configured_order(journal, event_store):
    mediator = make_mediator(journal, event_store, [sample.OuterBehavior, sample.InnerBehavior])
    mediator.execute(sample.UncachedCountQuery())

    assert [entry[0] for entry in journal.entries] == ["outer-before", "inner-before", "inner-after", "outer-after"]


@pytest.mark.django_db
def test_validation_short_circuits_before_the_handler(mediator, journal):
    result = mediator.execute(sample.CreateLabelCommand("   "))

    assert result.outcome is Outcome.INVALID and not result.is_success
    assert result.field_errors == {"name": ["A label needs a name."]}
    assert entries(journal, "handler") == []
    assert not Group.objects.exists()


@pytest.mark.django_db
def test_a_crashing_handler_is_logged_re_raised_and_rolled_back(mediator, caplog):
    with pytest.raises(RuntimeError):
        mediator.execute(sample.CreateLabelCommand("doomed", crash_after_writing=True))

    assert not Group.objects.filter(name="doomed").exists()
    assert "CreateLabelCommand crashed" in caplog.text
    assert "Traceback" in caplog.text


# --- transactions and events ---------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_events_are_stored_in_the_transaction_and_published_after_commit(mediator, journal, event_store):
    mediator.execute(sample.CreateLabelCommand("pepper"))

    assert [event.name for event in event_store.events] == ["pepper"]
    # Published once, outside any atomic block, with the write already visible.
    assert entries(journal, "event") == [("event", "pepper", False, True)]


@pytest.mark.django_db(transaction=True)
def test_a_failed_result_rolls_back_and_publishes_nothing(mediator, journal, event_store):
    result = mediator.execute(sample.CreateLabelCommand("regret", fail_after_writing=True))

    assert result.outcome is Outcome.CONFLICT and result.error == "Changed my mind."
    assert not Group.objects.filter(name="regret").exists()
    assert event_store.events == []
    assert entries(journal, "event") == [] and entries(journal, "any-event") == []


@pytest.mark.django_db
def test_nothing_is_published_before_commit(mediator, journal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mediator.execute(sample.CreateLabelCommand("later"))
    assert entries(journal, "event") == []
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_event_handler_neither_fails_the_command_nor_stops_the_others(mediator, journal, caplog):
    result = mediator.execute(sample.CreateLabelCommand("resilient"))

    assert result.outcome is Outcome.CREATED
    assert Group.objects.filter(name="resilient").exists()
    assert entries(journal, "event") and entries(journal, "any-event") == [("any-event", "resilient")]
    assert "BrokenLabelListener failed on LabelCreated" in caplog.text
    assert "the SMS gateway is down" in caplog.text


# --- query caching -------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_cached_query_is_served_from_cache_until_an_event_invalidates_it(mediator, journal):
    assert mediator.execute(sample.CountLabelsQuery()).data == 0
    with CaptureQueriesContext(connection) as queries:
        assert mediator.execute(sample.CountLabelsQuery()).data == 0
    assert len(queries) == 0
    assert len(entries(journal, "count")) == 1

    mediator.execute(sample.CreateLabelCommand("fresh"))  # raises LabelCreated

    assert mediator.execute(sample.CountLabelsQuery()).data == 1
    assert len(entries(journal, "count")) == 2


@pytest.mark.django_db
def test_cache_keys_differ_by_query_arguments(mediator):
    Group.objects.create(name="a1")
    assert mediator.execute(sample.CountLabelsQuery(prefix="a")).data == 1
    assert mediator.execute(sample.CountLabelsQuery(prefix="b")).data == 0


@pytest.mark.django_db
def test_uncached_queries_always_reach_the_handler(mediator):
    assert mediator.execute(sample.UncachedCountQuery()).data == 0
    Group.objects.create(name="x")
    assert mediator.execute(sample.UncachedCountQuery()).data == 1


# --- start-up check ------------------------------------------------------------------------
def test_system_check_fails_when_a_request_has_no_handler_or_two(settings):
    settings.MEDIATOR = {**settings.MEDIATOR, "HANDLER_MODULES": ["tests.application.orphans"]}
    messages = [error.msg for error in run_checks(tags=["mediator"])]

    assert any("No handler is registered for ForgottenCommand" in m for m in messages)
    assert any("No handler is registered for LonelyQuery" in m for m in messages)
    assert any("TwiceHandledCommand has more than one handler" in m for m in messages)


def test_system_check_passes_for_the_real_project():
    assert run_checks(tags=["mediator"]) == []


def test_operation_result_helpers_name_their_outcome():
    assert OperationResult.ok(1).outcome is Outcome.OK and OperationResult.ok(1)
    assert OperationResult.created().outcome is Outcome.CREATED
    assert OperationResult.bad_request("no").outcome is Outcome.REJECTED
    assert OperationResult.validation_error({"f": ["bad"]}).field_errors == {"f": ["bad"]}
    assert OperationResult.not_found().outcome is Outcome.NOT_FOUND
    assert OperationResult.conflict("busy").outcome is Outcome.CONFLICT
    assert OperationResult.service_unavailable("full").outcome is Outcome.UNAVAILABLE
    assert OperationResult.internal_server_error().outcome is Outcome.FAILED
    assert not OperationResult.conflict("busy")


class _BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    set = add = get


@pytest.mark.django_db
def test_an_unreachable_cache_means_uncached_queries_not_failures(mediator, journal, monkeypatch, caplog):
    from pizzeria.application.behaviors import QueryCache

    monkeypatch.setattr(QueryCache, "cache", property(lambda self: _BrokenCache()))
    Group.objects.create(name="still-works")

    assert mediator.execute(sample.CountLabelsQuery()).data == 1
    assert mediator.execute(sample.CountLabelsQuery()).data == 1
    assert len(entries(journal, "count")) == 2  # both reached the handler
    assert "Query cache unavailable" in caplog.text
