"""The engine's uses: missions for a person, people for a mission, the weekly digest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from solidaires.matching.engine import explain, geo, scoring
from solidaires.matching.engine.allocate import allocate
from solidaires.matching.engine.index import MissionIndex, Scored
from solidaires.matching.engine.model import MissionRecord, Place, Recommendation, Taxonomy, VolunteerRecord
from solidaires.matching.engine.text import stems

DEFAULT_K = 10
DIGEST_NEW_DAYS = 7.0


class Engine:
    def __init__(
        self, missions: Sequence[MissionRecord], places: Sequence[Place], taxonomy: Taxonomy
    ) -> None:
        self.index = MissionIndex(missions, places, taxonomy)
        self.places = {p.key: p for p in places}
        order = np.argsort(self.index.row_mission, kind="stable")
        self._mission_rows = np.split(order, np.flatnonzero(np.diff(self.index.row_mission[order])) + 1)
        self._stems: dict[int, set[str]] = {}
        self._rows_of = {int(self.index.row_mission[r[0]]): r for r in self._mission_rows if len(r)}

    @property
    def missions(self) -> list[MissionRecord]:
        return self.index.missions

    def _place_of_row(self, row: int) -> Place | None:
        place = int(self.index.row_place[row])
        return self.index.places[place] if place < len(self.index.places) else None

    def _recommendation(self, volunteer: VolunteerRecord, scored: Scored, audience: str) -> Recommendation:
        mission = self.index.missions[scored.mission]
        if scored.mission not in self._stems:
            self._stems[scored.mission] = set(stems(f"{mission.title} {mission.text} {mission.skills}"))
        reasons = explain.reasons(
            mission=mission,
            volunteer=volunteer,
            mission_place=self._place_of_row(scored.row),
            volunteer_place=self.places.get(volunteer.place) if volunteer.place else None,
            codec=self.index.codec,
            audience=audience,
            mission_stems=self._stems[scored.mission],
        )
        return Recommendation(mission.id, volunteer.id, round(scored.score, 4), reasons)

    def recommend(
        self,
        volunteer: VolunteerRecord,
        k: int = DEFAULT_K,
        *,
        exclude: Iterable[int] = (),
        spread: bool = False,
    ) -> list[Recommendation]:
        """The k missions for this person, best first, with their reasons. ``exclude``:
        mission ids already answered; ``spread``: count them as shown (the digest)."""
        found = self.index.top_k(self.index.query(volunteer, exclude=list(exclude)), k)
        if spread:
            self.index.note_shown([s.mission for s in found])
        return [self._recommendation(volunteer, s, "volunteer") for s in found]

    def volunteers_for(
        self, mission_id: int, volunteers: Iterable[VolunteerRecord], k: int = DEFAULT_K
    ) -> list[Recommendation]:
        """The k people (among ``volunteers``) for whom this mission scores best, with the
        reasons an association may read (no identity: the caller shows no contact)."""
        position = self.index.position.get(mission_id)
        if position is None or position not in self._rows_of:
            return []
        rows = self._rows_of[position]
        index = self.index
        found: list[tuple[float, int, VolunteerRecord]] = []
        for volunteer in volunteers:
            q = index.query(volunteer)
            if q.place < 0:
                prox = np.full(len(rows), scoring.NO_PLACE)
            else:
                places = index.row_place[rows]
                remote = places == len(index.places)
                safe = np.where(remote, 0, places)
                km = geo.haversine_many(
                    index.lat[q.place], index.lon[q.place], index.lat[safe], index.lon[safe]
                )
                prox = np.where(
                    remote, scoring.remote_proximity(volunteer.remote_ok), index.place_proximity(q, safe, km)
                )
            scores = index.score_rows(q, rows, prox)
            best = int(np.argmax(scores))
            if scores[best] > 0:
                found.append((float(scores[best]), int(rows[best]), volunteer))
        found.sort(key=lambda item: (-item[0], item[2].id))
        return [
            self._recommendation(v, Scored(position, row, score), "association")
            for score, row, v in found[:k]
        ]

    def fresh(self, new_days: float = DIGEST_NEW_DAYS) -> Engine:
        """An engine over the missions published in the last ``new_days`` days (the digest's)."""
        return Engine(
            [m for m in self.index.missions if m.days_open <= new_days],
            self.index.places,
            self.index.taxonomy,
        )

    def digest(
        self, volunteers: Iterable[VolunteerRecord], k: int = DEFAULT_K
    ) -> Iterator[tuple[int, list[Recommendation]]]:
        """The weekly digest over this engine's missions (see :meth:`fresh`), person after
        person, streamed (nothing kept): (person id, recommendations) for each person with
        at least one. Spreads as it goes: a mission proposed to many people weighs less for
        the next ones."""
        for volunteer in volunteers:
            found = self.recommend(volunteer, k, spread=True)
            if found:
                yield volunteer.id, found

    def campaign(
        self, volunteers: Sequence[VolunteerRecord], *, candidates: int = 50
    ) -> list[Recommendation]:
        """Campaign allocation (allocate.py): each person's ``candidates`` best missions (the
        index), then the assignment of the people to those missions that maximises the total
        fit under each mission's places left. One recommendation per person placed, with the
        reasons worded for the agent who reviews it (as for an association)."""
        found = [self.index.top_k(v, candidates) for v in volunteers]
        columns = sorted({s.mission for scored in found for s in scored})
        column_of = {m: j for j, m in enumerate(columns)}
        scores = np.zeros((len(volunteers), len(columns)))
        best_row: dict[tuple[int, int], Scored] = {}
        for i, scored in enumerate(found):
            for s in scored:
                scores[i, column_of[s.mission]] = s.score
                best_row[(i, s.mission)] = s
        capacity = [int(self.index.m_remaining[m]) for m in columns]
        pairs = allocate(scores, capacity)
        return [
            self._recommendation(volunteers[i], best_row[(i, columns[j])], "association") for i, j in pairs
        ]


__all__ = ["DEFAULT_K", "Engine"]
