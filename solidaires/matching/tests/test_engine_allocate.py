import itertools
import random

import numpy as np
import pytest

from solidaires.matching.engine.allocate import allocate
from solidaires.matching.engine.recommend import Engine

from .engine_data import PLACES, TAXONOMY, mission, volunteer


def brute_force_best(scores, capacity):
    people, missions = scores.shape
    best = 0.0
    for choice in itertools.product(range(-1, missions), repeat=people):
        used = [0] * missions
        total = 0.0
        ok = True
        for person, j in enumerate(choice):
            if j < 0:
                continue
            used[j] += 1
            if used[j] > capacity[j] or scores[person, j] <= 0:
                ok = False
                break
            total += scores[person, j]
        if ok:
            best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_optimal_and_within_capacity_on_small_cases(seed):
    rng = random.Random(seed)
    people, missions = rng.randint(1, 5), rng.randint(1, 3)
    scores = np.array([[rng.choice([0.0, rng.random()]) for _ in range(missions)] for _ in range(people)])
    capacity = [rng.randint(0, 2) for _ in range(missions)]
    pairs = allocate(scores, capacity)
    assert len({p for p, _ in pairs}) == len(pairs)  # one mission per person at most
    for j in range(missions):
        assert sum(1 for _, m in pairs if m == j) <= capacity[j]
    assert all(scores[p, m] > 0 for p, m in pairs)
    assert sum(scores[p, m] for p, m in pairs) == pytest.approx(brute_force_best(scores, capacity))


def test_total_fit_beats_greedy():
    # Greedy would give mission 0 to person 0 (0.9) and leave person 1 with nothing.
    scores = np.array([[0.9, 0.8], [0.85, 0.0]])
    assert sorted(allocate(scores, [1, 1])) == [(0, 1), (1, 0)]


def test_empty_cases():
    assert allocate(np.zeros((0, 3)), [1, 1, 1]) == []
    assert allocate(np.zeros((2, 0)), []) == []


def test_campaign_places_people_under_the_missions_needs():
    engine = Engine(
        [mission(1, remaining=1), mission(2, remaining=2, title="Collecte"), mission(3, remaining=0)],
        PLACES,
        TAXONOMY,
    )
    people = [volunteer(i, themes=frozenset({"alimentation"})) for i in range(1, 6)]
    placed = engine.campaign(people)
    counts = {m: sum(1 for r in placed if r.mission_id == m) for m in (1, 2, 3)}
    assert counts == {1: 1, 2: 2, 3: 0}
    assert all(r.reasons for r in placed)
