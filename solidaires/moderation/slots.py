"""Places on moderation's pages that higher apps fill (decision 1101)."""

from __future__ import annotations

from solidaires.core.slots import Slot

queue_links = Slot(
    "moderation.queue.links",
    "Links under the title of the agents' moderation queue (e.g. mutual aid's posting for an inhabitant).",
)
