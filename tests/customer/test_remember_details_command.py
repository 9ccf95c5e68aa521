"""RememberCustomerDetailsCommand and GetCustomerDetailsQuery through the mediator."""

import pytest

from orders.commands.remember_customer_details import RememberCustomerDetailsCommand
from orders.models import CustomerDetails
from orders.queries.get_customer_details import CustomerDetailsDto, GetCustomerDetailsQuery
from pizzeria.application import Outcome

pytestmark = pytest.mark.django_db

DETAILS = {"name": "Peach Toadstool", "phone": "(202) 555-0142", "email": "peach@example.com",
           "delivery_address": "1 Castle Road", "fulfilment": "delivery"}


def test_a_signed_in_customers_details_are_saved_on_the_account_and_read_back(mediator, django_user_model):
    user = django_user_model.objects.create_user("peach", password="pw-123456789")

    result = mediator.execute(RememberCustomerDetailsCommand(user_id=user.pk, **DETAILS))

    assert result.is_success
    saved = CustomerDetails.objects.get(user=user)
    assert (saved.name, saved.phone, saved.delivery_address, saved.fulfilment) == (
        "Peach Toadstool", "(202) 555-0142", "1 Castle Road", "delivery")
    read = mediator.execute(GetCustomerDetailsQuery(user_id=user.pk)).data
    assert read == CustomerDetailsDto(**DETAILS)

    mediator.execute(RememberCustomerDetailsCommand(user_id=user.pk, **{**DETAILS, "fulfilment": "pickup"}))
    assert CustomerDetails.objects.get(user=user).fulfilment == "pickup"  # updated, still one row
    assert CustomerDetails.objects.count() == 1


def test_an_anonymous_customers_details_come_back_for_the_session_only(mediator):
    result = mediator.execute(RememberCustomerDetailsCommand(user_id=None, **DETAILS))

    assert result.is_success and CustomerDetails.objects.count() == 0
    session_value = result.data.as_session_value()
    assert mediator.execute(GetCustomerDetailsQuery(session_details=session_value)).data == CustomerDetailsDto(**DETAILS)


def test_the_account_wins_over_the_session_and_falls_back_to_the_users_name(mediator, django_user_model):
    user = django_user_model.objects.create_user("daisy", email="daisy@example.com", first_name="Daisy",
                                                 password="pw-123456789")
    assert mediator.execute(GetCustomerDetailsQuery(user_id=user.pk)).data == CustomerDetailsDto(
        name="Daisy", email="daisy@example.com")
    from_session = mediator.execute(GetCustomerDetailsQuery(user_id=user.pk, session_details=DETAILS)).data
    assert from_session.delivery_address == "1 Castle Road"

    mediator.execute(RememberCustomerDetailsCommand(user_id=user.pk, name="Daisy", phone="(202) 555-0199"))
    assert mediator.execute(GetCustomerDetailsQuery(user_id=user.pk, session_details=DETAILS)).data.phone == "(202) 555-0199"


def test_a_tampered_session_value_is_cleaned(mediator):
    tampered = {"name": "x" * 500, "phone": 42, "fulfilment": "drone", "is_staff": True}
    data = mediator.execute(GetCustomerDetailsQuery(session_details=tampered)).data
    assert data == CustomerDetailsDto(name="x" * 100)


@pytest.mark.parametrize("field, value, message", [
    ("phone", "555", "valid phone number"),
    ("email", "not-an-email", "valid email address"),
    ("name", "n" * 101, "at most 100 characters"),
    ("delivery_address", "a" * 301, "at most 300 characters"),
    ("fulfilment", "drone", "delivery or pickup"),
])
def test_bad_details_are_refused_field_by_field(mediator, django_user_model, field, value, message):
    user = django_user_model.objects.create_user("toad", password="pw-123456789")
    result = mediator.execute(RememberCustomerDetailsCommand(user_id=user.pk, **{**DETAILS, field: value}))
    assert result.outcome is Outcome.INVALID
    assert message in " ".join(result.field_errors[field])
    assert not CustomerDetails.objects.exists()


def test_every_field_may_be_cleared(mediator, django_user_model):
    user = django_user_model.objects.create_user("yoshi", password="pw-123456789")
    mediator.execute(RememberCustomerDetailsCommand(user_id=user.pk, **DETAILS))
    assert mediator.execute(RememberCustomerDetailsCommand(user_id=user.pk)).is_success
    assert mediator.execute(GetCustomerDetailsQuery(user_id=user.pk)).data.is_empty
