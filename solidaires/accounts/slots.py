"""Slots of the account pages (decision 1101): apps above accounts fill them from ready()."""

from solidaires.core.slots import Slot

profile_sections = Slot(
    "accounts.profile.sections",
    "Sections at the top of « Mon compte », before the profile form (kwargs: user, request)",
)
erased_items = Slot(
    "accounts.delete.erased",
    "Items of the « Ce qui sera effacé » list of the account deletion page (kwargs: user, request)",
)
