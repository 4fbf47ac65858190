"""Slots of the territory's pages, filled by higher apps from their ``AppConfig.ready()``
(decision 1101). ``order`` decides the position of each provider's section."""

from solidaires.core.slots import Slot

place_sections = Slot(
    "territory.place.sections",
    "Sections of a place's page, after its description (kwargs: place, request).",
)
