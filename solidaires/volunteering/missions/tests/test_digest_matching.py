"""The pure digest filter (no database)."""

from __future__ import annotations

import pytest

from solidaires.volunteering.missions.digest_matching import DigestMission, DigestPerson, match

NEARBY = {"valence": frozenset({"bourg"}), "romans": frozenset()}


def mission(pk, themes=(), communes=(), remote=False, published="2026-11-20"):
    return DigestMission(
        id=pk,
        title=f"M{pk}",
        url=f"/missions/{pk}/",
        themes=frozenset(themes),
        communes=frozenset(communes),
        is_remote=remote,
        published_at=published,
    )


MISSIONS = [
    mission(1, {"sport"}, {"valence"}),
    mission(2, {"sante"}, {"bourg"}),
    mission(3, {"sport"}, {"romans"}),
    mission(4, {"sante"}, (), remote=True),
    mission(5, set(), {"valence"}),
]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (DigestPerson(id=1, themes=frozenset({"sport"}), commune="valence"), [1]),
        (DigestPerson(id=2, themes=frozenset({"sante"}), commune="valence"), [2, 4]),
        (DigestPerson(id=3, themes=frozenset(), commune="valence"), [1, 2, 4, 5]),
        (DigestPerson(id=4, themes=frozenset({"sport"}), commune="romans"), [3]),
        (DigestPerson(id=5, themes=frozenset({"sport"}), commune=None), [1, 3]),
        (DigestPerson(id=6, themes=frozenset({"culture"}), commune=None), []),
        (DigestPerson(id=7, themes=frozenset({"sante"}), commune="ailleurs"), [4]),
    ],
)
def test_match(person, expected):
    assert sorted(m.id for m in match(person, MISSIONS, NEARBY)) == expected


def test_newest_first_and_limit():
    missions = [mission(i, {"sport"}, {"valence"}, published=f"2026-11-{10 + i:02d}") for i in range(8)]
    found = match(DigestPerson(id=1, commune="valence"), missions, NEARBY, limit=3)
    assert [m.id for m in found] == [7, 6, 5]


def test_matcher_agrees_with_match():
    import random

    from solidaires.volunteering.missions.digest_matching import Matcher

    rng = random.Random(7)
    themes = ["a", "b", "c", "d"]
    communes = ["valence", "bourg", "romans", "ailleurs"]
    missions = [
        mission(
            i,
            set(rng.sample(themes, rng.randint(0, 2))),
            set(rng.sample(communes, rng.randint(0, 2))),
            remote=rng.random() < 0.2,
            published=f"2026-11-{1 + rng.randrange(28):02d}",
        )
        for i in range(60)
    ]
    matcher = Matcher(missions, NEARBY, limit=5)
    for i in range(200):
        person = DigestPerson(
            id=i,
            themes=frozenset(rng.sample(themes, rng.randint(0, 2))),
            commune=rng.choice([*communes, None]),
        )
        assert matcher(person) == match(person, missions, NEARBY, limit=5)
