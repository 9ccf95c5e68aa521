"""Allergy words in what a customer wrote (the order's note, each line's instructions), so the
kitchen cannot miss them. The words are a setting: PIZZERIA["ALLERGY_WORDS"]."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings

DEFAULT_ALLERGY_WORDS = (
    "allergy", "allergic", "anaphylaxis", "epipen", "nut", "peanut", "almond", "walnut", "hazelnut",
    "gluten", "coeliac", "celiac", "wheat", "dairy", "lactose", "milk", "egg", "shellfish", "fish",
    "sesame", "soy", "mustard", "celery", "sulphite", "sulfite", "vegan",
)


@lru_cache(maxsize=8)
def _matcher(words: tuple[str, ...]) -> tuple[re.Pattern, dict[str, str]]:
    """Whole words in any case, with their plurals ("nuts", "eggs", "allergies")."""
    forms: dict[str, str] = {}
    for word in (w.strip().lower() for w in words):
        if word:
            for form in (word, word + "s", word + "es", *([word[:-1] + "ies"] if word.endswith("y") else [])):
                forms.setdefault(form, word)
    alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE), forms


def allergy_words() -> tuple[str, ...]:
    return tuple(settings.PIZZERIA.get("ALLERGY_WORDS", DEFAULT_ALLERGY_WORDS))


def allergy_words_in(texts: Iterable[str]) -> list[str]:
    """The configured words found in ``texts`` (lower case, once each, in the order first seen)."""
    words = allergy_words()
    if not any(w.strip() for w in words):
        return []
    pattern, forms = _matcher(words)
    found: dict[str, None] = {}
    for text in texts:
        for match in pattern.finditer(text or ""):
            found.setdefault(forms[match.group(1).lower()], None)
    return list(found)
