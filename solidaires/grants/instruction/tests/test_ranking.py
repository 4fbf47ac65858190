"""Pure tests of the committee ranking (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from solidaires.grants.instruction.ranking import Candidate, Criterion, file_score, rank

CRITERIA = [
    Criterion("utilite", "Utilité sociale", 3),
    Criterion("faisabilite", "Faisabilité", 2),
    Criterion("participation", "Participation des habitants", 1),
]


def test_weighted_mean_of_member_means():
    candidate = Candidate(
        1,
        100_000,
        scores={
            10: {"utilite": 5, "faisabilite": 3, "participation": 1},
            11: {"utilite": 3, "faisabilite": 3, "participation": 3},
        },
    )
    score, per_criterion, scorers = file_score(candidate, CRITERIA)
    # utilite 4, faisabilite 3, participation 2 -> (12 + 6 + 2) / 6 = 3.33
    assert per_criterion == {
        "utilite": Decimal("4.00"),
        "faisabilite": Decimal("3.00"),
        "participation": Decimal("2.00"),
    }
    assert score == Decimal("3.33")
    assert scorers == 2


def test_conflicted_member_scores_are_ignored():
    candidate = Candidate(
        1,
        100_000,
        scores={
            10: {"utilite": 5, "faisabilite": 5, "participation": 5},
            11: {"utilite": 0, "faisabilite": 0, "participation": 0},
        },
        conflicted_members=frozenset({11}),
    )
    score, _, scorers = file_score(candidate, CRITERIA)
    assert score == Decimal("5.00")
    assert scorers == 1


def test_only_conflicted_scores_means_unscored():
    candidate = Candidate(1, 100_000, scores={11: {"utilite": 5}}, conflicted_members=frozenset({11}))
    ranking = rank([candidate], CRITERIA, envelope_left_cents=1_000_000)
    assert ranking.files[0].rank is None
    assert ranking.files[0].score is None
    assert ranking.files[0].proposed_cents == 0


@pytest.mark.parametrize("bad", [-1, 6, 2.5, True])
def test_scores_out_of_range_are_rejected(bad):
    with pytest.raises(ValueError):
        file_score(Candidate(1, 1, scores={1: {"utilite": bad}}), CRITERIA)


def test_ranking_order_and_greedy_proposals_against_the_envelope():
    top = Candidate(1, 400_000, scores={1: {"utilite": 5, "faisabilite": 5, "participation": 5}})
    second = Candidate(2, 300_000, scores={1: {"utilite": 4, "faisabilite": 4, "participation": 4}})
    tie_cheaper = Candidate(3, 100_000, scores={1: {"utilite": 4, "faisabilite": 4, "participation": 4}})
    last = Candidate(4, 200_000, scores={1: {"utilite": 1, "faisabilite": 1, "participation": 1}})
    unscored = Candidate(5, 50_000)
    ranking = rank([last, unscored, second, top, tie_cheaper], CRITERIA, envelope_left_cents=600_000)
    assert [f.application_id for f in ranking.files] == [1, 3, 2, 4, 5]
    assert [f.rank for f in ranking.files] == [1, 2, 3, 4, None]
    # 400k full, 100k full, 300k -> only 100k left (partial), then nothing.
    assert [f.proposed_cents for f in ranking.files] == [400_000, 100_000, 100_000, 0, 0]
    assert ranking.files[2].is_partial
    assert not ranking.files[0].is_partial
    assert ranking.proposed_total_cents == 600_000
    assert ranking.envelope_after_cents == 0


def test_threshold_gives_nothing_below_it():
    good = Candidate(1, 100_000, scores={1: {"utilite": 4}})
    weak = Candidate(2, 100_000, scores={1: {"utilite": 2}})
    ranking = rank([good, weak], CRITERIA, envelope_left_cents=1_000_000, threshold=Decimal("2.5"))
    assert [f.proposed_cents for f in ranking.files] == [100_000, 0]
    assert ranking.files[1].below_threshold
    assert ranking.envelope_after_cents == 900_000


def test_negative_envelope_proposes_nothing():
    ranking = rank([Candidate(1, 100_000, scores={1: {"utilite": 5}})], CRITERIA, envelope_left_cents=-5)
    assert ranking.files[0].proposed_cents == 0
    assert ranking.envelope_left_cents == 0


def test_negative_inputs_rejected():
    with pytest.raises(ValueError):
        rank([Candidate(1, -1)], CRITERIA, envelope_left_cents=0)
    with pytest.raises(ValueError):
        rank([], [Criterion("a", "A", -1)], envelope_left_cents=0)
