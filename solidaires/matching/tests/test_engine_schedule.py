from datetime import datetime

import numpy as np

from solidaires.matching.engine import schedule


def test_masks_from_offers_profiles_and_slots():
    tuesday_evening = schedule.bit(1, 2)
    assert schedule.availability_mask([1], ["evening"]) == tuesday_evening
    assert schedule.availability_mask([1], []) == schedule.bit(1, 0) | schedule.bit(1, 1) | tuesday_evening
    assert schedule.profile_mask({"tue": ["evening"], "xyz": ["morning"]}) == tuesday_evening
    assert schedule.slot_mask(1, "18:00", "20:00") == tuesday_evening
    assert schedule.slot_mask(1, "11:00", "14:00") == schedule.bit(1, 0) | schedule.bit(1, 1)
    assert schedule.slot_mask(1, "20:00", "18:00") == 0
    assert schedule.slot_mask(1, "bad", "18:00") == 0


def test_one_off_mask():
    tuesday = datetime(2026, 3, 3, 18, 30)
    assert schedule.one_off_mask(tuesday, datetime(2026, 3, 3, 20, 0)) == schedule.bit(1, 2)
    assert schedule.one_off_mask(tuesday, None) == schedule.bit(1, 2)
    assert schedule.one_off_mask(datetime(2026, 3, 3, 9, 0), datetime(2026, 3, 4, 12, 0)) == schedule.bit(
        1, 0
    )


def test_overlap_scores():
    evening = schedule.bit(1, 2)
    both = evening | schedule.bit(5, 0)
    v = np.array([evening, evening, 0, evening])
    m = np.array([both, schedule.bit(2, 0), both, 0])
    assert schedule.overlap(v, m, np.array([False] * 4)).tolist() == [0.5, 0.0, 0.5, 0.5]
    assert schedule.overlap(evening, schedule.bit(2, 0), True) == 1.0


def test_describe_overlap_in_plain_french():
    v = schedule.bit(1, 2) | schedule.bit(5, 0)
    assert schedule.describe_overlap(v, schedule.bit(1, 2)) == "Le mardi soir, quand vous êtes disponible"
    assert schedule.describe_overlap(v, v) == "Le mardi soir et le samedi matin, quand vous êtes disponible"
    assert schedule.describe_overlap(v, schedule.bit(0, 0)) == ""
