"""Slots of the associations' pages (decision 1101): higher apps fill them from AppConfig.ready()."""

from solidaires.core.slots import Slot

association_sections = Slot(
    "associations.detail.sections",
    "Sections of an association's public page (kwargs: association, request)",
)
