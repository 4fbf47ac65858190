"""Places on volunteering's pages and code that higher apps fill (decision 1101).

- ``volunteering.dashboard.sections``: sections of the volunteer's dashboard ("Mon
  bénévolat"), given ``user``; matching fills "Missions pour vous".
- ``volunteering.mission.sections``: sections of a mission's page, given ``mission``;
  matching fills "Bénévoles qui pourraient aider" for the mission's people.
- ``digest_rankers``: who chooses the weekly digest's missions. Under the key "missions", a
  function ``(people, missions, *, now) -> {person id: [DigestMission, ...]}`` replaces the
  plain filter of ``missions/digest_matching.py`` (matching registers its engine there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from solidaires.core.slots import Registry, Slot

volunteer_dashboard_sections = Slot(
    "volunteering.dashboard.sections", "Sections of the volunteer's dashboard, given user"
)
mission_sections = Slot("volunteering.mission.sections", "Sections of a mission's page, given mission")
digest_rankers: Registry[Callable[..., dict[int, list[Any]]]] = Registry("volunteering.digest.rankers")
