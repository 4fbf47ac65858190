"""Every write on missions, volunteer offers and saved searches (one module per topic).

Keyword-only typed arguments, one transaction, ``full_clean()``, an audit entry for each
state change, e-mails enqueued on commit. Raise PermissionDenied / ValidationError (French).
State moves go through the django-fsm transitions of the models, called only from here.
"""

from solidaires.volunteering.missions.services.missions import (
    MAX_HIDDEN_REASON,
    MISSION_FIELDS,
    MISSIONS_DATA_VERSION,
    TAKING_A_PLACE,
    expire_due_missions,
    handover_hash,
    make_handover_code,
    mission_close,
    mission_create,
    mission_create_on_behalf,
    mission_expire,
    mission_hide,
    mission_publish,
    mission_refresh_fullness,
    mission_snapshot,
    mission_take_over,
    mission_unhide,
    mission_update,
    places_taken,
    refresh_mission_index,
)
from solidaires.volunteering.missions.services.offers import (
    OFFER_FIELDS,
    OFFER_MAX_DAYS,
    offer_create,
    offer_snapshot,
    offer_transition,
    offer_update,
    refresh_offer_index,
)
from solidaires.volunteering.missions.services.saved_searches import (
    MAX_SAVED_SEARCHES,
    STOP_ALERT_SALT,
    saved_search_create,
    saved_search_delete,
    saved_search_mark_alerted,
    saved_search_stop_alerts,
    saved_search_stop_token,
)

__all__ = [
    "MAX_HIDDEN_REASON",
    "MAX_SAVED_SEARCHES",
    "MISSIONS_DATA_VERSION",
    "MISSION_FIELDS",
    "OFFER_FIELDS",
    "OFFER_MAX_DAYS",
    "STOP_ALERT_SALT",
    "TAKING_A_PLACE",
    "expire_due_missions",
    "handover_hash",
    "make_handover_code",
    "mission_close",
    "mission_create",
    "mission_create_on_behalf",
    "mission_expire",
    "mission_hide",
    "mission_publish",
    "mission_refresh_fullness",
    "mission_snapshot",
    "mission_take_over",
    "mission_unhide",
    "mission_update",
    "offer_create",
    "offer_snapshot",
    "offer_transition",
    "offer_update",
    "places_taken",
    "refresh_mission_index",
    "refresh_offer_index",
    "saved_search_create",
    "saved_search_delete",
    "saved_search_mark_alerted",
    "saved_search_stop_alerts",
    "saved_search_stop_token",
]
