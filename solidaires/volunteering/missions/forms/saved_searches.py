"""The form that names a saved search of the missions list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from solidaires.core.forms import CleanForm
from solidaires.volunteering.missions.forms.fields import (
    _max_length_message,
)


class SavedSearchForm(CleanForm):
    name = forms.CharField(
        label=_("Nom de la recherche"),
        max_length=120,
        help_text=_("Pour la retrouver, par exemple « Missions près de Romans »."),
        error_messages={
            "required": _("Donnez un nom à cette recherche."),
            "max_length": _max_length_message(120),
        },
    )
    alert = forms.BooleanField(
        label=_("M'envoyer un e-mail quand de nouvelles missions correspondent"), required=False, initial=True
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)
