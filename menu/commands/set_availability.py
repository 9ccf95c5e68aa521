"""SetAvailabilityCommand: the kitchen 86es an item or a topping (sold out), or brings it back."""

from __future__ import annotations

from dataclasses import dataclass

from menu.models import MenuItem, Topping
from pizzeria.application import Command, CommandHandler, OperationResult
from pizzeria.application.aggregates import track

KINDS = {"item": MenuItem, "topping": Topping}


@dataclass(frozen=True)
class AvailabilityDto:
    kind: str
    slug: str
    name: str
    is_available: bool


@dataclass(frozen=True)
class SetAvailabilityCommand(Command[AvailabilityDto]):
    kind: str  # "item" or "topping"
    slug: str
    is_available: bool
    changed_by: str = ""

    def validate(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.kind not in KINDS:
            errors["kind"] = ["Choose a menu item or a topping."]
        if not isinstance(self.slug, str) or not self.slug or len(self.slug) > 50:
            errors["slug"] = ["Choose something on the menu."]
        if not isinstance(self.is_available, bool):
            errors["is_available"] = ["Say whether it is available (true) or sold out (false)."]
        return errors


class SetAvailabilityHandler(CommandHandler[SetAvailabilityCommand, AvailabilityDto]):
    def handle(self, command: SetAvailabilityCommand) -> OperationResult[AvailabilityDto]:
        model = KINDS[command.kind]
        thing = model.objects.select_for_update().filter(slug=command.slug).first()
        if thing is None:
            return OperationResult.not_found(f"There is no {command.kind} '{command.slug}' on the menu.")
        thing.set_available(command.is_available, by=command.changed_by[:150])
        if thing.pending_events:
            thing.save(update_fields=["is_available"])
            track(thing)
        return OperationResult.ok(AvailabilityDto(command.kind, thing.slug, thing.name, thing.is_available))
