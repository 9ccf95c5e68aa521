"""The shapes of the kitchen's 86 and busy-mode buttons (the rules live in the commands)."""

from __future__ import annotations

from django import forms


class _FirstError:
    def first_error(self) -> str:
        for errors in self.errors.values():
            return errors[0]
        return "Please try again."


class AvailabilityForm(_FirstError, forms.Form):
    kind = forms.ChoiceField(choices=[("item", "Item"), ("topping", "Topping")])
    slug = forms.SlugField(max_length=50)
    available = forms.TypedChoiceField(choices=[("1", "Back on"), ("0", "Sold out")], coerce=lambda v: v == "1")


class BusyModeForm(_FirstError, forms.Form):
    EXTRA_CHOICES = (0, 10, 20, 30)
    PAUSE_CHOICES = (0, 15, 30, 60)

    # Each button sends one of the two; the other stays as it is.
    extra_minutes = forms.TypedChoiceField(choices=[(str(m), m) for m in EXTRA_CHOICES], coerce=int,
                                           required=False, empty_value=None)
    pause_minutes = forms.TypedChoiceField(choices=[(str(m), m) for m in PAUSE_CHOICES], coerce=int,
                                           required=False, empty_value=None)

    def clean(self):
        data = super().clean()
        if data.get("extra_minutes") is None and data.get("pause_minutes") is None and not self.errors:
            raise forms.ValidationError("Choose extra minutes or a pause.")
        return data
