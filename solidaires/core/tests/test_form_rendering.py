"""Accessible form rendering: {{ form }} and {{ field.as_field_group }} use our templates."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import engines


class MissionForm(forms.Form):
    title = forms.CharField(label="Titre de la mission", help_text="Une phrase courte.")
    commune = forms.CharField(label="Commune", required=False)
    frequency = forms.ChoiceField(
        label="Fréquence",
        choices=[("once", "Une fois"), ("weekly", "Chaque semaine")],
        widget=forms.RadioSelect,
        help_text="Choisissez une réponse.",
    )
    consent = forms.BooleanField(label="J'accepte d'être recontacté·e", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("commune") == "Nulle-part":
            raise forms.ValidationError("Cette combinaison n'est pas possible.")
        return data


def tag(html: str, element_id: str) -> str:
    match = re.search(rf'<(input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, f"no control with id {element_id}"
    return match.group(0)


def test_unbound_form_labels_and_help():
    html = str(MissionForm())
    assert '<div class="form-field">' in html
    assert '<label for="id_title">Titre de la mission</label>' in html
    assert '<label for="id_commune">Commune <span class="optional">(facultatif)</span></label>' in html
    assert '<div class="help-text" id="id_title_helptext">Une phrase courte.</div>' in html
    assert 'aria-describedby="id_title_helptext"' in tag(html, "id_title")
    assert "aria-invalid" not in html
    assert "(facultatif)" not in html.split("id_consent")[1].split("</div>")[0]  # not on a checkbox


def test_radios_are_grouped_in_a_fieldset_with_a_legend():
    html = str(MissionForm())
    fieldset = re.search(r"<fieldset[^>]*>.*?</fieldset>", html, re.S).group(0)
    assert "<legend>Fréquence</legend>" in fieldset
    assert 'aria-describedby="id_frequency_helptext"' in fieldset
    assert 'id="id_frequency_0"' in fieldset


def test_checkbox_comes_before_its_label():
    html = str(MissionForm())
    assert html.index('id="id_consent"') < html.index('<label for="id_consent">')


def test_errors_are_next_to_the_field_and_linked():
    form = MissionForm(data={"commune": "Valence"})
    assert not form.is_valid()
    html = str(form)
    title = tag(html, "id_title")
    assert 'aria-invalid="true"' in title
    assert 'aria-describedby="id_title_helptext id_title_error"' in title
    assert '<div class="field-error" id="id_title_error">' in html
    assert "Ce champ est obligatoire." in html
    assert 'class="form-field form-field-error"' in html
    # What was typed is kept.
    assert 'value="Valence"' in tag(html, "id_commune")
    assert "aria-invalid" not in tag(html, "id_commune")
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    assert 'aria-describedby="id_frequency_helptext id_frequency_error"' in fieldset


def test_as_field_group_renders_one_field():
    form = MissionForm(data={})
    form.is_valid()
    html = str(form["title"].as_field_group())
    assert html.strip().startswith('<div class="form-field form-field-error">')
    assert '<div class="field-error" id="id_title_error">' in html


def test_non_field_errors_are_shown():
    form = MissionForm(data={"title": "Jardin", "frequency": "once", "commune": "Nulle-part"})
    assert not form.is_valid()
    assert "Cette combinaison n&#x27;est pas possible." in str(form)


def test_hidden_fields_are_rendered_without_a_label():
    html = str(MissionForm())
    assert '<input type="hidden" name="token"' in html
    assert 'for="id_token"' not in html


@pytest.mark.django_db
def test_error_summary_links_to_each_field():
    form = MissionForm(data={"commune": "Valence"})
    form.is_valid()
    template = engines["django"].from_string('{% include "includes/form_errors.html" with form=form %}')
    html = template.render({"form": form})
    assert 'role="alert"' in html
    assert 'href="#id_title"' in html
    assert 'href="#id_frequency"' in html  # the group of radios
    assert "Le formulaire contient 2 erreurs" in html
