"""Committee ranking: scores per criterion x weights -> ranking with proposed amounts.

Pure module (no Django import): the committee views adapt model rows into ``Candidate`` and
``Criterion`` values and show the ``RankedFile`` results.

Rules (docs/decisions/1021-committee-ranking.md):
- a member's scores on a file count only if that member declared no conflict of interest on it;
- a criterion's score on a file is the mean of the counted members' scores (0-5);
- a file's score is the weighted mean of its criteria's scores (0-5, two decimals), over the
  criteria that received at least one score; a file without any counted score is "unscored";
- files are ranked by score (highest first), then by requested amount (smallest first), then by
  id; unscored files come last;
- proposed amounts are given greedily in ranking order against what is left of the envelope:
  the full requested amount while it fits, then what remains (a partial proposal), then 0;
  files below ``threshold`` and unscored files get 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

MIN_SCORE = 0
MAX_SCORE = 5


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: int = 1


@dataclass(frozen=True)
class Candidate:
    application_id: int
    requested_cents: int
    # member id -> {criterion key -> score 0..5}
    scores: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    conflicted_members: frozenset[int] = frozenset()


@dataclass(frozen=True)
class RankedFile:
    application_id: int
    rank: int | None  # None when unscored
    score: Decimal | None
    criterion_scores: dict[str, Decimal]
    scorers: int
    requested_cents: int
    proposed_cents: int
    below_threshold: bool = False

    @property
    def is_partial(self) -> bool:
        return 0 < self.proposed_cents < self.requested_cents


@dataclass(frozen=True)
class Ranking:
    files: list[RankedFile]
    envelope_left_cents: int
    proposed_total_cents: int
    envelope_after_cents: int


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def validate_score(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_SCORE <= value <= MAX_SCORE:
        raise ValueError(f"A score is an integer between {MIN_SCORE} and {MAX_SCORE}: {value!r}")
    return value


def file_score(
    candidate: Candidate, criteria: Sequence[Criterion]
) -> tuple[Decimal | None, dict[str, Decimal], int]:
    """(weighted score or None, mean per criterion, number of members whose scores counted)."""
    counted = {
        member: marks
        for member, marks in candidate.scores.items()
        if member not in candidate.conflicted_members and marks
    }
    per_criterion: dict[str, Decimal] = {}
    for criterion in criteria:
        values = [
            validate_score(marks[criterion.key]) for marks in counted.values() if criterion.key in marks
        ]
        if values:
            per_criterion[criterion.key] = Decimal(sum(values)) / Decimal(len(values))
    weights = {c.key: c.weight for c in criteria if c.key in per_criterion and c.weight > 0}
    total_weight = sum(weights.values())
    if not total_weight:
        return None, {}, 0
    weighted = sum((per_criterion[key] * weight for key, weight in weights.items()), Decimal(0))
    score = _two_places(weighted / Decimal(total_weight))
    return score, {k: _two_places(v) for k, v in per_criterion.items()}, len(counted)


def rank(
    candidates: Iterable[Candidate],
    criteria: Sequence[Criterion],
    *,
    envelope_left_cents: int,
    threshold: Decimal | int | None = None,
) -> Ranking:
    """Rank the files and propose amounts against ``envelope_left_cents`` (never below 0)."""
    if any(c.weight < 0 for c in criteria):
        raise ValueError("Weights cannot be negative.")
    scored: list[tuple[Candidate, Decimal, dict[str, Decimal], int]] = []
    unscored: list[tuple[Candidate, dict[str, Decimal], int]] = []
    for candidate in candidates:
        if candidate.requested_cents < 0:
            raise ValueError("A requested amount cannot be negative.")
        score, per_criterion, scorers = file_score(candidate, criteria)
        if score is None:
            unscored.append((candidate, per_criterion, scorers))
        else:
            scored.append((candidate, score, per_criterion, scorers))
    scored.sort(key=lambda row: (-row[1], row[0].requested_cents, row[0].application_id))
    unscored.sort(key=lambda row: row[0].application_id)

    left = max(0, envelope_left_cents)
    limit = Decimal(threshold) if threshold is not None else None
    files: list[RankedFile] = []
    proposed_total = 0
    for position, (candidate, score, per_criterion, scorers) in enumerate(scored, start=1):
        below = limit is not None and score < limit
        proposed = 0 if below else min(candidate.requested_cents, left)
        left -= proposed
        proposed_total += proposed
        files.append(
            RankedFile(
                application_id=candidate.application_id,
                rank=position,
                score=score,
                criterion_scores=per_criterion,
                scorers=scorers,
                requested_cents=candidate.requested_cents,
                proposed_cents=proposed,
                below_threshold=below,
            )
        )
    for candidate, per_criterion, scorers in unscored:
        files.append(
            RankedFile(
                application_id=candidate.application_id,
                rank=None,
                score=None,
                criterion_scores=per_criterion,
                scorers=scorers,
                requested_cents=candidate.requested_cents,
                proposed_cents=0,
            )
        )
    start = max(0, envelope_left_cents)
    return Ranking(
        files=files,
        envelope_left_cents=start,
        proposed_total_cents=proposed_total,
        envelope_after_cents=start - proposed_total,
    )
