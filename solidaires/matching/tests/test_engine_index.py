"""The index's top k is the exact top k; hard constraints never broken (property tests)."""

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from solidaires.matching.engine import constraints, schedule, scoring
from solidaires.matching.engine.geo import MODES
from solidaires.matching.engine.index import MissionIndex
from solidaires.matching.engine.model import MissionRecord, VolunteerRecord
from solidaires.matching.engine.recommend import Engine

from .engine_data import PLACES, TAXONOMY, mission, volunteer

THEMES = sorted(TAXONOMY.labels)
KEYS = [p.key for p in PLACES]
WORDS = [
    "bricolage",
    "cuisine",
    "jardinage",
    "informatique",
    "écoute",
    "colis",
    "vélos",
    "devoirs",
    "couture",
    "accueil",
]

themes_st = st.frozensets(st.sampled_from(THEMES), max_size=3)
mask_st = st.integers(min_value=0, max_value=(1 << 21) - 1)

missions_st = st.lists(
    st.builds(
        MissionRecord,
        id=st.integers(1, 10**6),
        title=st.sampled_from(WORDS),
        text=st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join),
        skills=st.lists(st.sampled_from(WORDS), max_size=2).map(", ".join),
        themes=themes_st,
        places=st.lists(st.sampled_from(KEYS), max_size=2).map(tuple),
        is_remote=st.booleans(),
        schedule=mask_st,
        flexible=st.booleans(),
        min_age=st.one_of(st.none(), st.integers(14, 25)),
        accessible=st.booleans(),
        car_needed=st.booleans(),
        remaining=st.integers(-1, 3),
        load=st.integers(0, 5),
        days_open=st.floats(0, 120),
    ),
    max_size=25,
    unique_by=lambda m: m.id,
)
volunteer_st = st.builds(
    VolunteerRecord,
    id=st.integers(1, 1000),
    place=st.one_of(st.none(), st.sampled_from(KEYS)),
    named_places=st.frozensets(st.sampled_from(KEYS), max_size=2),
    modes=st.frozensets(st.sampled_from([k for k in MODES if k]), max_size=2),
    themes=themes_st,
    skills=st.lists(st.sampled_from(WORDS), max_size=3).map(tuple),
    text=st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join),
    availability=mask_st,
    age=st.one_of(st.none(), st.integers(15, 90)),
    needs_step_free=st.booleans(),
    remote_ok=st.booleans(),
)


@settings(max_examples=80, deadline=None)
@given(missions=missions_st, person=volunteer_st, k=st.integers(1, 6))
def test_hard_constraints_are_never_broken_and_top_k_is_exact(missions, person, k):
    engine = Engine(missions, PLACES, TAXONOMY)
    fast = engine.index.top_k(person, k)
    exact = engine.index.brute_force(person, k)
    by_id = {m.id: m for m in missions}
    for found in (fast, exact):
        for s in found:
            m = engine.missions[s.mission]
            assert constraints.is_eligible(m, person)
            assert m.remaining > 0
            if m.min_age:
                assert (person.age if person.age is not None else constraints.ASSUMED_AGE) >= m.min_age
            if person.needs_step_free:
                assert m.accessible
            if m.car_needed and person.modes:
                assert "car" in person.modes
            assert s.score > 0
    assert [round(s.score, 9) for s in fast] == [round(s.score, 9) for s in exact]
    # Every recommendation of the uses too, with reasons.
    for rec in engine.recommend(person, k):
        assert constraints.is_eligible(by_id[rec.mission_id], person)
        assert 1 <= len(rec.reasons) <= 3
    for m in missions[:3]:
        for _rec in engine.volunteers_for(m.id, [person], k):
            assert constraints.is_eligible(m, person)


def test_index_matches_brute_force_on_a_larger_random_world():
    rng = random.Random(7)
    missions = [
        mission(
            i,
            title=rng.choice(WORDS),
            text=" ".join(rng.sample(WORDS, 3)),
            themes=frozenset(rng.sample(THEMES, rng.randint(1, 2))),
            places=(rng.choice(KEYS),),
            is_remote=rng.random() < 0.1,
            schedule=rng.getrandbits(21) & rng.getrandbits(21) & rng.getrandbits(21),
            flexible=rng.random() < 0.2,
            days_open=rng.uniform(0, 60),
            remaining=rng.randint(0, 3),
        )
        for i in range(1, 400)
    ]
    index = MissionIndex(missions, PLACES, TAXONOMY)
    for n in range(60):
        person = volunteer(
            n,
            place=rng.choice(KEYS),
            modes=frozenset(rng.sample(["car", "bike", "public_transport", "needs_lift"], rng.randint(0, 1))),
            themes=frozenset(rng.sample(THEMES, rng.randint(0, 2))),
            text=" ".join(rng.sample(WORDS, 2)),
            availability=rng.getrandbits(21),
        )
        fast = [(s.mission, round(s.score, 9)) for s in index.top_k(person, 10)]
        exact = [(s.mission, round(s.score, 9)) for s in index.brute_force(person, 10)]
        assert [s for _, s in fast] == [s for _, s in exact]


def test_excluded_missions_are_not_proposed():
    index = MissionIndex([mission(1), mission(2)], PLACES, TAXONOMY)
    found = index.top_k(index.query(volunteer(themes=frozenset({"alimentation"})), exclude=[1]), 10)
    assert [index.missions[s.mission].id for s in found] == [2]


def test_spreading_lowers_a_mission_shown_to_many():
    engine = Engine([mission(1, remaining=1), mission(2, remaining=1, title="Autre")], PLACES, TAXONOMY)
    person = volunteer(themes=frozenset({"alimentation"}))
    first = engine.recommend(person, 1, spread=True)[0].mission_id
    for _ in range(30):
        engine.recommend(person, 1, spread=True)
    later = [engine.recommend(person, 1, spread=True)[0].mission_id for _ in range(30)]
    assert {first} | set(later) == {1, 2}  # not always the same mission


def test_the_nearer_of_two_equal_missions_comes_first_and_too_far_is_never_proposed():
    missions = [mission(1, places=("26197",)), mission(2, places=("26362",)), mission(3, places=("69123",))]
    engine = Engine(missions, PLACES, TAXONOMY)
    found = [
        r.mission_id
        for r in engine.recommend(volunteer(themes=frozenset({"alimentation"}), modes=frozenset({"car"})))
    ]
    assert found == [2, 1]


def test_a_schedule_match_and_a_shared_theme_raise_the_score():
    evening = schedule.bit(1, 2)
    missions = [
        mission(1, schedule=evening),
        mission(2, schedule=schedule.bit(3, 0)),
        mission(3, schedule=evening, themes=frozenset({"numerique"})),
    ]
    engine = Engine(missions, PLACES, TAXONOMY)
    person = volunteer(themes=frozenset({"alimentation"}), availability=evening)
    assert [r.mission_id for r in engine.recommend(person)] == [1, 2, 3]


@settings(max_examples=80, deadline=None)
@given(missions=missions_st, person=volunteer_st, k=st.integers(1, 6), data=st.data())
def test_top_k_with_excluded_missions_scores_as_brute_force(missions, person, k, data):
    """The index's own scoring path (eligibility looked up per combination of constraints,
    themes and availability from per-row counts, excluded missions, people with or without a
    commune) gives the brute force's scores."""
    index = MissionIndex(missions, PLACES, TAXONOMY)
    exclude = data.draw(st.lists(st.sampled_from([m.id for m in missions] or [0]), max_size=4))
    q = index.query(person, exclude=exclude)
    fast = index.top_k(q, k)
    everything = {s.mission: s.score for s in index.brute_force(q, len(missions) + 1, full=True)}
    exact = index.brute_force(q, k, full=True)
    assert not {index.missions[s.mission].id for s in fast} & set(exclude)
    assert [round(s.score, 9) for s in fast] == [round(s.score, 9) for s in exact]
    for s in fast:
        assert abs(everything[s.mission] - s.score) <= 1e-12


@settings(max_examples=60, deadline=None)
@given(missions=missions_st, person=volunteer_st)
def test_index_per_row_shortcuts_equal_the_scoring_functions(missions, person):
    """``_themes``, ``_overlap`` and the per-combination constraints give exactly the values of
    ``scoring.theme_scores``, ``schedule.overlap`` and ``constraints.eligible``."""
    index = MissionIndex(missions, PLACES, TAXONOMY)
    q = index.query(person)
    rows = np.arange(len(index.row_mission))
    assert np.array_equal(
        index._themes(q, rows), scoring.theme_scores(q.vmask, q.vrelated, index.r_themes[rows])
    )
    assert np.array_equal(
        index._overlap(q, rows),
        schedule.overlap(q.availability, index.r_schedule[rows], index.r_flexible[rows]),
    )
    allowed = constraints.eligible(
        remaining=index.c_remaining,
        min_age=index.c_min_age,
        accessible=index.c_accessible,
        car_needed=index.c_car,
        age=q.age,
        needs_step_free=bool(person.needs_step_free),
        has_car=bool(q.has_car),
    )
    expected = constraints.eligible(
        remaining=index.m_remaining[index.row_mission],
        min_age=index.r_min_age,
        accessible=index.r_accessible,
        car_needed=index.r_car,
        age=q.age,
        needs_step_free=bool(person.needs_step_free),
        has_car=bool(q.has_car),
    )
    assert np.array_equal(allowed[index.r_constraint], expected)
