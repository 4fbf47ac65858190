"""Forms of the missions, volunteer offers and saved searches (one module per topic): they
parse and show errors in French; the rules live in the models and the services."""

from solidaires.volunteering.missions.forms.fields import (
    AGGLO,
    GROUP,
    SLOTS,
    WEEKDAY_CHOICES,
    CommuneField,
    CommunesField,
    PlaceField,
    ThemesField,
    apply_service_errors,
    manages,
)
from solidaires.volunteering.missions.forms.missions import (
    MissionForm,
    OnBehalfForm,
    ReasonForm,
    TakeOverForm,
    initial_from_mission,
)
from solidaires.volunteering.missions.forms.offers import (
    OfferForm,
)
from solidaires.volunteering.missions.forms.saved_searches import (
    SavedSearchForm,
)

__all__ = [
    "AGGLO",
    "GROUP",
    "SLOTS",
    "WEEKDAY_CHOICES",
    "CommuneField",
    "CommunesField",
    "MissionForm",
    "OfferForm",
    "OnBehalfForm",
    "PlaceField",
    "ReasonForm",
    "SavedSearchForm",
    "TakeOverForm",
    "ThemesField",
    "apply_service_errors",
    "initial_from_mission",
    "manages",
]
