"""RememberCustomerDetailsCommand: keep a customer's contact details for their next order.

Sent after a successful checkout (what they just typed) and from the profile page (a signed-in
customer editing them). With a user, the details are saved on the account; the caller keeps the
returned copy in the session too, so an anonymous customer is remembered on this browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from orders.models import CustomerDetails, Fulfilment
from orders.queries.get_customer_details import (
    MAX_ADDRESS,
    MAX_NAME,
    MAX_PHONE,
    CustomerDetailsDto,
)
from orders.validation import email_errors, phone_errors, text_errors
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class RememberCustomerDetailsCommand(Command[CustomerDetailsDto]):
    user_id: int | None
    name: str = ""
    phone: str = ""
    email: str = ""
    delivery_address: str = ""
    fulfilment: str = ""

    def validate(self) -> dict[str, list[str]]:
        # Every field may be empty (a customer may clear what we keep); what is given must be usable.
        errors: dict[str, list[str]] = {}
        if problems := text_errors(self.name, label="Your name", max_length=MAX_NAME):
            errors["name"] = problems
        if problems := text_errors(self.phone, label="Phone", max_length=MAX_PHONE) or (
                phone_errors(self.phone) if self.phone.strip() else []):
            errors["phone"] = problems
        if problems := email_errors(self.email):
            errors["email"] = problems
        if problems := text_errors(self.delivery_address, label="Delivery address", max_length=MAX_ADDRESS):
            errors["delivery_address"] = problems
        if self.fulfilment not in ("", *Fulfilment.values):
            errors["fulfilment"] = ["Choose delivery or pickup."]
        return errors


class RememberCustomerDetailsHandler(CommandHandler[RememberCustomerDetailsCommand, CustomerDetailsDto]):
    def handle(self, command: RememberCustomerDetailsCommand) -> OperationResult[CustomerDetailsDto]:
        details = CustomerDetailsDto(
            name=command.name.strip(), phone=command.phone.strip(), email=command.email.strip(),
            delivery_address=command.delivery_address.strip(), fulfilment=command.fulfilment,
        )
        if command.user_id is not None:
            CustomerDetails.objects.update_or_create(user_id=command.user_id, defaults={
                "name": details.name, "phone": details.phone, "email": details.email,
                "delivery_address": details.delivery_address, "fulfilment": details.fulfilment,
            })
        return OperationResult.ok(details)
