"""Slots of the associations' pages, filled by higher apps from their ``AppConfig.ready()``
(decision 1101). ``order`` decides the position of each provider's section."""

from solidaires.core.slots import Slot

association_sections = Slot(
    "associations.detail.sections",
    "Sections of an association's public page, after its facts (kwargs: association, request).",
)
