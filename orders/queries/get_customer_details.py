"""GetCustomerDetailsQuery: what a returning customer gave last time, to prefill the checkout.

A signed-in customer's details live on their account (``CustomerDetails``); anyone's also live in
their session after an order. The session's copy is handed in by the caller, so the query stays a
pure read: the account wins, then the session, then what the account itself knows (name, email).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from orders.models import CustomerDetails, Fulfilment
from pizzeria.application import OperationResult, Query, QueryHandler

MAX_NAME, MAX_PHONE, MAX_EMAIL, MAX_ADDRESS = 100, 32, 254, 300


@dataclass(frozen=True)
class CustomerDetailsDto:
    name: str = ""
    phone: str = ""
    email: str = ""
    delivery_address: str = ""
    fulfilment: str = ""  # "delivery", "pickup" or "" (no preference yet)

    @property
    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def as_session_value(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_session_value(cls, value: Any) -> CustomerDetailsDto:
        """Whatever the session holds, made safe: only known keys, only text, within the limits."""
        if not isinstance(value, dict):
            return cls()

        def text(key: str, limit: int) -> str:
            raw = value.get(key, "")
            return raw[:limit] if isinstance(raw, str) else ""

        fulfilment = text("fulfilment", 10)
        return cls(name=text("name", MAX_NAME), phone=text("phone", MAX_PHONE), email=text("email", MAX_EMAIL),
                   delivery_address=text("delivery_address", MAX_ADDRESS),
                   fulfilment=fulfilment if fulfilment in Fulfilment.values else "")


@dataclass(frozen=True)
class GetCustomerDetailsQuery(Query[CustomerDetailsDto]):
    user_id: int | None = None
    session_details: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


class GetCustomerDetailsHandler(QueryHandler[GetCustomerDetailsQuery, CustomerDetailsDto]):
    def handle(self, query: GetCustomerDetailsQuery) -> OperationResult[CustomerDetailsDto]:
        if query.user_id is not None:
            saved = CustomerDetails.objects.filter(user_id=query.user_id).first()
            if saved is not None:
                return OperationResult.ok(CustomerDetailsDto(
                    name=saved.name, phone=saved.phone, email=saved.email,
                    delivery_address=saved.delivery_address, fulfilment=saved.fulfilment,
                ))
        from_session = CustomerDetailsDto.from_session_value(query.session_details)
        if not from_session.is_empty or query.user_id is None:
            return OperationResult.ok(from_session)
        user = get_user_model().objects.filter(pk=query.user_id).first()
        if user is None:
            return OperationResult.ok(CustomerDetailsDto())
        return OperationResult.ok(CustomerDetailsDto(name=user.get_full_name(), email=user.email))
