"""The base of every form of the project: text cleaned and limited at the boundary (decision 1117).

Every form derives from ``CleanForm`` / ``CleanModelForm`` (or mixes ``CleanTextMixin`` into a
library's form, allauth's for instance); ``solidaires/core/tests/test_forms.py`` walks every
form class of the project and fails on one that does not. For each text field (a
``CharField`` and its subclasses, passwords left alone) the mixin:

- passes what was typed through ``solidaires.core.text.clean_text`` before the field reads it
  (NFC, invisible and bidirectional control characters removed; NUL and lone surrogates
  refused with a French message);
- gives a field without a length limit the longest one (``LONG_TEXT_MAX`` characters);
- words the length error in French with both numbers: « 10 000 caractères au plus, vous en
  avez saisi 12 345. » (a field's own ``max_length`` message, if any, still wins). The form
  is shown again with what the person typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

from solidaires.core.text import LONG_TEXT_MAX, InvalidText, clean_text, format_count


@deconstructible
class FrenchMaxLengthValidator(MaxLengthValidator):
    """« 200 caractères au plus, vous en avez saisi 245. » (values that are not text pass)."""

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str) or len(value) <= self.limit_value:
            return
        raise ValidationError(
            "%(limit)s caractères au plus, vous en avez saisi %(count)s.",
            code="max_length",
            params={
                "limit": format_count(self.limit_value),
                "count": format_count(len(value)),
                # Django's names, for a field that words its own "max_length" message.
                "limit_value": self.limit_value,
                "show_value": len(value),
            },
        )


def _is_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


def clean_text_field(field: forms.Field) -> forms.Field:
    """Make one field of a form instance clean its text (see the module's doc). Idempotent."""
    if not _is_text(field) or getattr(field, "cleans_text", False):
        return field
    original = field.to_python

    def to_python(value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = clean_text(value)
            except InvalidText as exc:
                raise ValidationError(str(exc), code="invalid_text") from exc
        return original(value)

    field.to_python = to_python  # type: ignore[method-assign]
    assert isinstance(field, forms.CharField)
    if field.max_length is None:
        field.max_length = LONG_TEXT_MAX
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(FrenchMaxLengthValidator(int(field.max_length)))
    field.cleans_text = True  # type: ignore[attr-defined]
    return field


class CleanTextMixin:
    """Mix into any form (before the form class): every text field cleans its text."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            clean_text_field(field)

    def full_clean(self) -> None:
        # Fields a form adds after its own __init__ are caught here, before anything is read.
        for field in self.fields.values():
            clean_text_field(field)
        super().full_clean()  # type: ignore[misc]


class CleanForm(CleanTextMixin, forms.Form):
    """``django.forms.Form`` with text cleaned and limited (the base of the project's forms)."""


class CleanModelForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    """``django.forms.ModelForm`` with text cleaned and limited."""
