"""Urgency and spreading: multipliers of the fit.

- urgency in [0, 1]: ``0.6 × min(1, days open / 45)`` (a mission still unfilled after six
  weeks) ``+ 0.4 × (1 − fill rate of its commune)`` (the equity boost: communes where few
  missions find volunteers); the score is multiplied by ``1 + URGENCY_WEIGHT × urgency``;
- spreading: a mission already shown to many people, or with applications waiting, for
  the places it has left, is multiplied by ``1 / (1 + SPREAD_WEIGHT × exposure / places)``,
  so that not everybody is sent to the same mission. The digest counts the exposure as it
  goes, person after person.
"""

from __future__ import annotations

import numpy as np

URGENCY_WEIGHT = 0.25
SPREAD_WEIGHT = 0.05
DAYS_URGENT = 45.0


def urgency(days_open: np.ndarray, fill_rate: np.ndarray) -> np.ndarray:
    """``fill_rate`` NaN when unknown (no equity boost)."""
    age_part = np.minimum(1.0, np.maximum(0.0, np.asarray(days_open, dtype=np.float64)) / DAYS_URGENT)
    rate = np.asarray(fill_rate, dtype=np.float64)
    equity = np.where(np.isnan(rate), 0.0, 1.0 - np.clip(rate, 0.0, 1.0))
    return 0.6 * age_part + 0.4 * equity


def boost(urgency_value: np.ndarray) -> np.ndarray:
    return 1.0 + URGENCY_WEIGHT * np.asarray(urgency_value)


def spread(exposure: np.ndarray, remaining: np.ndarray) -> np.ndarray:
    places = np.maximum(np.asarray(remaining, dtype=np.float64), 1.0)
    return 1.0 / (1.0 + SPREAD_WEIGHT * np.asarray(exposure, dtype=np.float64) / places)
