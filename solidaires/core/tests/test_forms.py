"""Every form of the project cleans and limits its text (decision 1117)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms

import solidaires
from solidaires.core.forms import CleanForm, CleanTextMixin
from solidaires.core.text import LONG_TEXT_MAX


def project_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(solidaires.__path__, "solidaires."):
        name = module.name
        if ".tests" in name or ".migrations" in name or ".management" in name:
            continue
        if "form" in name.rsplit(".", 1)[-1] or name.endswith(("views", "agent_views")) or ".views" in name:
            importlib.import_module(name)
    found: list[type[forms.BaseForm]] = []
    todo = list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        module = cls.__module__
        if module.startswith("solidaires.") and ".tests" not in module and cls not in found:
            found.append(cls)
    return found


def test_every_form_of_the_project_cleans_its_text():
    classes = project_form_classes()
    assert len(classes) > 50
    forgotten = sorted(
        f"{cls.__module__}.{cls.__qualname__}" for cls in classes if not issubclass(cls, CleanTextMixin)
    )
    assert not forgotten, f"Forms that do not derive from solidaires.core.forms: {forgotten}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cls",
    [c for c in project_form_classes() if c.__module__ != "solidaires.core.forms"],
    ids=lambda c: c.__qualname__,
)
def test_each_form_that_builds_alone_cleans_its_text_fields(cls):
    try:
        form = cls()
    except (TypeError, KeyError):
        pytest.skip("needs arguments to build")  # covered by the class check above
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
            assert getattr(field, "cleans_text", False), name
            assert field.max_length is not None and field.max_length <= LONG_TEXT_MAX, name


class Sample(CleanForm):
    name = forms.CharField(max_length=20)
    story = forms.CharField(widget=forms.Textarea, required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False)
    added_later: forms.CharField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added_later"] = forms.CharField(required=False)


def test_text_is_cleaned_passwords_are_not():
    form = Sample(
        {
            "name": "Cam\u202eille",
            "story": "e\u0301te\u0301\u200b",
            "password": "a\u200bb",
            "added_later": "x\u2066",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "name": "Camille",
        "story": "été",
        "password": "a\u200bb",
        "added_later": "x",
    }


def test_the_length_error_is_french_and_says_both_numbers():
    form = Sample({"name": "x" * 25, "story": "y" * 12345})
    assert not form.is_valid()
    assert form.errors["name"] == ["20 caractères au plus, vous en avez saisi 25."]
    assert form.errors["story"] == ["10\u202f000 caractères au plus, vous en avez saisi 12\u202f345."]
    assert 'maxlength="20"' in str(form["name"])
    assert "y" * 12345 in str(form["story"])  # what was typed is shown again


def test_the_length_counts_the_cleaned_text():
    assert Sample({"name": "a" * 20 + "\u200b" * 5}).is_valid()


def test_nul_is_refused_in_french():
    form = Sample({"name": "a\x00b"})
    assert not form.is_valid()
    assert form.errors["name"] == ["Le texte contient un caractère nul : retirez-le et réessayez."]
