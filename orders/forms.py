"""Forms give posts their shape; the rules live in the commands."""

from __future__ import annotations

import secrets
from datetime import datetime

from django import forms

from menu.models import Size

from orders.models import Fulfilment, PaymentMethod


class AnyValuesField(forms.MultipleChoiceField):
    """A list of strings; which ones are allowed is the command's business, not the form's."""

    def valid_value(self, value) -> bool:
        return True


class AddToCartForm(forms.Form):
    item = forms.CharField(max_length=80)
    size = forms.ChoiceField(choices=Size.choices, initial=Size.MEDIUM,
                             error_messages={"invalid_choice": "Choose small, medium or large."})
    toppings = AnyValuesField(required=False)
    # Half-and-half: toppings on the left or right half only (pizzas; the command checks).
    left_toppings = AnyValuesField(required=False)
    right_toppings = AnyValuesField(required=False)
    quantity = forms.IntegerField(initial=1, error_messages={
        "invalid": "Quantity must be a whole number from 1 to 20.", "required": "How many would you like?",
    })
    special_instructions = forms.CharField(required=False, strip=True, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 200}))


class CartQuantityForm(forms.Form):
    quantity = forms.IntegerField(error_messages={"invalid": "Quantity must be a whole number from 1 to 20."})


class CheckoutForm(forms.Form):
    # Required-ness and lengths are the command's rules (one place, one wording).
    customer_name = forms.CharField(label="Your name", required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}))
    customer_phone = forms.CharField(label="Phone", required=False, widget=forms.TextInput(
        attrs={"autocomplete": "tel", "maxlength": 32, "inputmode": "tel", "placeholder": "(202) 555-0142"}))
    customer_email = forms.CharField(label="Email (optional, for your confirmation)", required=False,
                                     widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254}))
    fulfilment = forms.ChoiceField(label="Delivery or pickup", choices=Fulfilment.choices,
                                   initial=Fulfilment.DELIVERY, widget=forms.RadioSelect,
                                   error_messages={"required": "Choose delivery or pickup.",
                                                   "invalid_choice": "Choose delivery or pickup."})
    delivery_address = forms.CharField(label="Delivery address", required=False,
                                       widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address", "maxlength": 300}))
    payment_method = forms.ChoiceField(label="Payment", choices=PaymentMethod.choices,
                                       initial=PaymentMethod.CASH, widget=forms.RadioSelect,
                                       error_messages={"required": "Choose cash or card.",
                                                       "invalid_choice": "Choose cash or card."})
    card_number = forms.CharField(label="Card number", required=False, widget=forms.TextInput(
        attrs={"autocomplete": "cc-number", "maxlength": 23, "inputmode": "numeric", "placeholder": "4242 4242 4242 4242"}))
    notes = forms.CharField(label="Notes for the kitchen or driver (optional)", required=False,
                            widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}))
    # Order ahead: "" = as soon as possible, or one of today's slots (an ISO time with its offset,
    # as GetEtaQuery offers them); whether it is still free is the command's business.
    scheduled_for = forms.CharField(label="When", required=False, max_length=40)
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # The cart version this form was shown with: ordering a cart that changed since is refused.
    cart_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", secrets.token_urlsafe(24))

    def clean_scheduled_for(self):
        value = self.cleaned_data["scheduled_for"].strip()
        if not value or value == "asap":
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise forms.ValidationError("Choose a time from the list, or as soon as possible.")
        return moment

    def add_command_errors(self, field_errors: dict[str, list[str]]) -> list[str]:
        """Put each command error next to its field; return those about cart lines."""
        line_errors = []
        for field, messages in field_errors.items():
            if field in self.fields:
                for message in messages:
                    self.add_error(field, message)
            else:
                line_errors.extend(messages)
        return line_errors




class CustomerDetailsForm(forms.Form):
    """The details a signed-in customer's checkout is prefilled with (profile page). Every field may
    be left empty; the command decides what is valid."""

    name = forms.CharField(label="Your name", required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}))
    phone = forms.CharField(label="Phone", required=False, widget=forms.TextInput(
        attrs={"autocomplete": "tel", "maxlength": 32, "inputmode": "tel", "placeholder": "(202) 555-0142"}))
    email = forms.CharField(label="Email", required=False,
                            widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254}))
    delivery_address = forms.CharField(label="Delivery address", required=False, widget=forms.Textarea(
        attrs={"rows": 2, "autocomplete": "street-address", "maxlength": 300}))
    fulfilment = forms.ChoiceField(label="Usually", required=False, widget=forms.RadioSelect,
                                   choices=[("", "Ask me each time"), *Fulfilment.choices],
                                   error_messages={"invalid_choice": "Choose delivery or pickup."})

    def add_command_errors(self, field_errors: dict[str, list[str]]) -> None:
        for field, messages in field_errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
