"""Hard constraints: a pair that breaks one is never recommended, whatever its score.

- the mission is full (no place left);
- the person is younger than the mission's minimum age; when their age is unknown, only
  missions whose minimum age is at most ``ASSUMED_AGE`` (18: the platform is open from 15,
  and an association meets the person before anything happens) — decision 1300;
- the person needs a step-free place and the mission is not accessible;
- the mission needs a car and the person said how they travel without a car.
"""

from __future__ import annotations

import numpy as np

from solidaires.matching.engine.geo import CAR
from solidaires.matching.engine.model import MissionRecord, VolunteerRecord

ASSUMED_AGE = 18


def eligible(
    *,
    remaining: np.ndarray,
    min_age: np.ndarray,
    accessible: np.ndarray,
    car_needed: np.ndarray,
    age: np.ndarray | int,
    needs_step_free: np.ndarray | bool,
    has_car: np.ndarray | bool,
) -> np.ndarray:
    """Vectorised (numpy broadcasting): ``min_age`` 0 for none, ``age`` -1 for unknown,
    ``has_car`` True also when the person did not say how they travel. The person's side
    may be plain Python values (one person against many missions: fewer operations)."""
    effective_age = np.where(np.asarray(age) < 0, ASSUMED_AGE, age)
    ok = (np.asarray(remaining) > 0) & (np.asarray(min_age) <= effective_age)
    if not isinstance(needs_step_free, bool) or needs_step_free:
        ok &= ~np.asarray(needs_step_free) | np.asarray(accessible)
    if not isinstance(has_car, bool) or not has_car:
        ok &= ~np.asarray(car_needed) | np.asarray(has_car)
    return ok


def is_eligible(mission: MissionRecord, volunteer: VolunteerRecord) -> bool:
    """The same rule on one pair of records (for tests and explanations)."""
    return bool(
        eligible(
            remaining=np.array(mission.remaining),
            min_age=np.array(mission.min_age or 0),
            accessible=np.array(mission.accessible),
            car_needed=np.array(mission.car_needed),
            age=np.array(volunteer.age if volunteer.age is not None else -1),
            needs_step_free=np.array(volunteer.needs_step_free),
            has_car=np.array(not volunteer.modes or CAR in volunteer.modes),
        )
    )
