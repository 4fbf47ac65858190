import numpy as np
import pytest

from solidaires.matching.engine import urgency


def test_urgency_grows_with_time_unfilled_and_with_inequity():
    values = urgency.urgency(np.array([0, 20, 45, 200]), np.array([np.nan] * 4))
    assert values.tolist() == sorted(values.tolist())
    assert values[0] == 0 and values[-1] == pytest.approx(0.6)
    assert (
        urgency.urgency(np.array([0]), np.array([0.2]))[0]
        > urgency.urgency(np.array([0]), np.array([0.9]))[0]
    )
    assert urgency.urgency(np.array([100]), np.array([0.0]))[0] == pytest.approx(1.0)


def test_spreading_weighs_exposure_against_places_left():
    assert urgency.spread(np.array([0.0]), np.array([1]))[0] == 1.0
    few, many = urgency.spread(np.array([10.0, 10.0]), np.array([1, 10]))
    assert few < many < 1.0
    assert urgency.boost(np.array([1.0]))[0] == pytest.approx(1 + urgency.URGENCY_WEIGHT)
