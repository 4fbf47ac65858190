"""Campaign allocation: new volunteers to open missions, maximising the total fit.

After a recruiting event, each of N people gets at most one mission, each mission at most as
many people as it still needs, and the sum of the scores of the pairs chosen is as large as
possible (pairs scored 0, e.g. a hard constraint broken, are never chosen). Solved exactly as
an assignment problem with ``scipy.optimize.linear_sum_assignment`` (Jonker–Volgenant):
each mission is expanded into as many columns as its places left (never more than N), and
each person gets one "no mission" column of cost 0, so nobody is forced onto a bad pair.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["allocate"]


def allocate(scores: np.ndarray, capacity: Sequence[int]) -> list[tuple[int, int]]:
    """``scores[i, j]``: fit of person i for mission j (≤ 0: not allowed); ``capacity[j]``:
    places left. Returns the chosen (person, mission) pairs, by person."""
    scores = np.asarray(scores, dtype=np.float64)
    people, missions = scores.shape
    if people == 0 or missions == 0:
        return []
    places = np.minimum(np.maximum(np.asarray(capacity, dtype=np.int64), 0), people)
    column_mission = np.repeat(np.arange(missions), places)
    gains = scores[:, column_mission]
    cost = np.where(gains > 0, -gains, 1.0)  # a forbidden pair costs more than no mission
    cost = np.hstack([cost, np.where(np.eye(people, dtype=bool), 0.0, 1.0)])
    rows, columns = linear_sum_assignment(cost)
    chosen = []
    for person, column in zip(rows.tolist(), columns.tolist(), strict=True):
        if column < len(column_mission) and gains[person, column] > 0:
            chosen.append((person, int(column_mission[column])))
    return chosen
