from __future__ import annotations

from django import forms

from solidaires.core.forms import CleanForm
from solidaires.matching.models import IntroductionOutcome


class OutcomeForm(CleanForm):
    outcome = forms.ChoiceField(label="Suite donnée", choices=IntroductionOutcome.choices)
    note = forms.CharField(
        label="Note (facultative)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
