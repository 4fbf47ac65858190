"""Which new missions go into whose weekly digest: a plain-data filter, no query.

The Django side (``digest.py``, with messaging's digest machinery) loads one batch of
recipients and the week's missions with a fixed number of queries, then calls :func:`match`
for each person. The matching issue will replace this simple filter with a scored one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

from solidaires.messaging.digest import DigestPerson

__all__ = ["MAX_MISSIONS_PER_DIGEST", "DigestMission", "DigestPerson", "Matcher", "match"]

MAX_MISSIONS_PER_DIGEST = 10


@dataclass(frozen=True)
class DigestMission:
    id: int
    title: str
    url: str
    themes: frozenset[str] = frozenset()
    communes: frozenset[str] = frozenset()
    is_remote: bool = False
    published_at: str = ""  # ISO date-time, newest first when trimming
    commune_label: str = ""
    reasons: tuple[str, ...] = ()  # why this person gets it, in plain French (matching)


def match(
    person: DigestPerson,
    missions: Iterable[DigestMission],
    nearby: Mapping[str, Set[str]],
    *,
    limit: int = MAX_MISSIONS_PER_DIGEST,
) -> list[DigestMission]:
    """Missions for ``person``: a shared theme (or the person chose none), and either remote,
    or in a commune within reach of theirs (``nearby[commune]``, the commune itself included),
    or anywhere when the person gave no commune. Newest first, at most ``limit``."""
    reachable: Set[str] | None = None
    if person.commune is not None:
        reachable = nearby.get(person.commune, frozenset()) | {person.commune}
    chosen = []
    for mission in missions:
        if person.themes and not (person.themes & mission.themes):
            continue
        if reachable is not None and not mission.is_remote and not (mission.communes & reachable):
            continue
        chosen.append(mission)
    chosen.sort(key=lambda m: (m.published_at, m.id), reverse=True)
    return chosen[:limit]


class Matcher:
    """:func:`match` for many people against the same missions, with what depends only on the
    commune (missions within reach, newest first) computed once per commune, and results
    shared by people with the same commune and themes. Same answers as :func:`match`."""

    def __init__(
        self,
        missions: Iterable[DigestMission],
        nearby: Mapping[str, Set[str]],
        *,
        limit: int = MAX_MISSIONS_PER_DIGEST,
    ) -> None:
        self.missions = sorted(missions, key=lambda m: (m.published_at, m.id), reverse=True)
        self.nearby = nearby
        self.limit = limit
        self._by_commune: dict[str | None, list[DigestMission]] = {}
        self._results: dict[tuple[str | None, frozenset[str]], list[DigestMission]] = {}

    def _reachable(self, commune: str | None) -> list[DigestMission]:
        if commune not in self._by_commune:
            if commune is None:
                found = self.missions
            else:
                reach = self.nearby.get(commune, frozenset()) | {commune}
                found = [m for m in self.missions if m.is_remote or (m.communes & reach)]
            self._by_commune[commune] = found
        return self._by_commune[commune]

    def __call__(self, person: DigestPerson) -> list[DigestMission]:
        key = (person.commune, person.themes)
        if key not in self._results:
            chosen = []
            for mission in self._reachable(person.commune):
                if not person.themes or person.themes & mission.themes:
                    chosen.append(mission)
                    if len(chosen) == self.limit:
                        break
            self._results[key] = chosen
        return self._results[key]
