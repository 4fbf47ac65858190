"""Top-k missions for a person: an index of missions by commune and theme with upper bounds.

Missions are stored as *rows* (one per commune where they happen; one for a remote mission)
sorted into *buckets* (commune, first theme). Each bucket keeps the largest value of every
factor of the score among its rows: the union of their themes and schedules, the largest
urgency, and the largest weight of each stem (for a bound on the text cosine, as in WAND).
A query:

1. takes the communes within the person's largest reach (precomputed neighbour lists,
   sorted by distance), plus the communes they named and the remote missions;
2. bounds the text of every bucket there (its largest stem weights against the person's
   vector), and gathers the rows of these places that the hard constraints allow;
3. scores them without the text (themes, availability, proximity, urgency, spreading: a
   lower bound), then with the bucket's text bound (an upper bound): only the rows whose
   upper bound reaches the k-th lower bound (k distinct missions) get their text computed.
   The result is the exact top k (ties aside). The places' buckets and rows are contiguous,
   so the bounds are repeated over the rows locally (no array over all buckets per query),
   and the hard constraints, themes and availability use per-row values precomputed once
   (``_prepare``): the same values as ``score_rows``, with fewer numpy operations.

``brute_force`` scores every row with the same code, for the benchmark and the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from solidaires.matching.engine import constraints, geo, schedule, scoring, urgency
from solidaires.matching.engine.model import MissionRecord, Place, Taxonomy, VolunteerRecord
from solidaires.matching.engine.text import Vectorizer

BUCKET_ROWS = 16


@dataclass
class Query:
    record: VolunteerRecord
    place: int  # -1: unknown
    vmask: int
    vrelated: int
    availability: int
    modes: list[geo.Mode]
    area: int
    vector: np.ndarray  # dense TF-IDF over the index's vocabulary
    age: int
    has_car: bool
    named: np.ndarray
    exclude: np.ndarray  # mission positions not to propose


@dataclass(frozen=True)
class Scored:
    mission: int  # position in MissionIndex.missions
    row: int
    score: float


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Concatenate ``range(start, start + size)`` for each pair, vectorised."""
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    # Position i of range j: starts[j] + i - (sizes[0] + ... + sizes[j-1]).
    return np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)


def _dot_rows(matrix: sparse.csr_matrix, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """``matrix[rows] @ vector`` without building the sub-matrix (plain numpy gathers)."""
    starts = matrix.indptr[rows]
    sizes = matrix.indptr[rows + 1] - starts
    entries = _ranges(starts, sizes)
    products = matrix.data[entries] * vector[matrix.indices[entries]]
    owner = np.repeat(np.arange(len(rows)), sizes)
    return np.bincount(owner, weights=products, minlength=len(rows))


def _max_by_group(matrix: sparse.csr_matrix, groups: np.ndarray, n_groups: int) -> sparse.csr_matrix:
    """Element-wise maximum of the rows of each group (rows sorted by group)."""
    coo = matrix.tocoo()
    keys = groups[coo.row].astype(np.int64) * matrix.shape[1] + coo.col
    order = np.argsort(keys, kind="stable")
    keys, data = keys[order], coo.data[order]
    if len(keys) == 0:
        return sparse.csr_matrix((n_groups, matrix.shape[1]), dtype=np.float32)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    maxima = np.maximum.reduceat(data, starts)
    unique = keys[starts]
    return sparse.csr_matrix(
        (maxima, (unique // matrix.shape[1], unique % matrix.shape[1])), shape=(n_groups, matrix.shape[1])
    )


class MissionIndex:
    def __init__(
        self,
        missions: Sequence[MissionRecord],
        places: Sequence[Place],
        taxonomy: Taxonomy,
        *,
        weights: scoring.Weights = scoring.WEIGHTS,
    ) -> None:
        self.missions = list(missions)
        self.places = list(places)
        self.taxonomy = taxonomy
        self.weights = weights
        self.codec = scoring.ThemeCodec(taxonomy)
        self.place_index = {p.key: i for i, p in enumerate(self.places)}
        n_places = len(self.places)
        self.lat = np.array([p.lat for p in self.places], dtype=np.float64)
        self.lon = np.array([p.lon for p in self.places], dtype=np.float64)
        self.served = np.array([p.served for p in self.places], dtype=bool)
        areas = {a: i for i, a in enumerate(sorted({p.area for p in self.places}))}
        self.area = np.array([areas[p.area] for p in self.places], dtype=np.int64)
        self.area_codes = areas
        fill = [np.nan if p.fill_rate is None else p.fill_rate for p in self.places]
        self.fill_rate = np.array([*fill, np.nan], dtype=np.float64)  # last: remote

        ms = self.missions
        self.id_of = np.array([m.id for m in ms], dtype=np.int64)
        self.position = {m.id: i for i, m in enumerate(ms)}
        self.m_themes = np.array([self.codec.mask(m.themes) for m in ms], dtype=np.int64)
        self.m_schedule = np.array([m.schedule for m in ms], dtype=np.int64)
        self.m_flexible = np.array([m.flexible for m in ms], dtype=bool)
        self.m_min_age = np.array([m.min_age or 0 for m in ms], dtype=np.int64)
        self.m_accessible = np.array([m.accessible for m in ms], dtype=bool)
        self.m_car = np.array([m.car_needed for m in ms], dtype=bool)
        self.m_remaining = np.array([m.remaining for m in ms], dtype=np.float64)
        self.m_days_open = np.array([m.days_open for m in ms], dtype=np.float64)
        self.m_published = np.array([m.published_rank for m in ms], dtype=np.float64)
        self.exposure = np.array([m.load for m in ms], dtype=np.float64)
        self.m_spread = urgency.spread(self.exposure, self.m_remaining)

        documents = [Vectorizer.document(f"{m.title} {m.text}", m.skills) for m in ms]
        self.vectorizer = Vectorizer(documents)
        self.matrix = self.vectorizer.transform(documents)

        # Rows: (place, first theme bit, strongest stem, mission), remote missions at place
        # n_places; buckets: runs of at most BUCKET_ROWS rows with the same place and theme
        # (rows with the same strongest stem together, for a tight bound on the text).
        strongest = np.zeros(len(ms), dtype=np.int64)
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        for i in range(len(ms)):
            a, b = indptr[i], indptr[i + 1]
            if b > a:
                strongest[i] = indices[a + int(np.argmax(data[a:b]))]
        keys: list[tuple[int, int, int, int]] = []
        for i, m in enumerate(ms):
            first = int(self.m_themes[i] & -self.m_themes[i]).bit_length()
            if m.is_remote:
                keys.append((n_places, first, int(strongest[i]), i))
            else:
                for key in dict.fromkeys(m.places):
                    if key in self.place_index:
                        keys.append((self.place_index[key], first, int(strongest[i]), i))
        keys.sort()
        table = np.array(keys, dtype=np.int64).reshape(-1, 4)
        self.row_place, self.row_mission = table[:, 0], table[:, 3]
        self.row_urgency = urgency.urgency(self.m_days_open[self.row_mission], self.fill_rate[self.row_place])
        self.row_boost = urgency.boost(self.row_urgency)
        rm = self.row_mission
        self.r_themes, self.r_schedule, self.r_flexible = (
            self.m_themes[rm],
            self.m_schedule[rm],
            self.m_flexible[rm],
        )
        self.r_min_age, self.r_accessible, self.r_car = (
            self.m_min_age[rm],
            self.m_accessible[rm],
            self.m_car[rm],
        )
        self.rows = (
            self.matrix[self.row_mission] if len(table) else sparse.csr_matrix((0, self.matrix.shape[1]))
        )
        self.multi_place = len(table) > len(np.unique(self.row_mission))

        pair = table[:, 0] * 64 + table[:, 1]
        new_run = np.r_[True, pair[1:] != pair[:-1]] if len(pair) else np.zeros(0, dtype=bool)
        run_id = np.cumsum(new_run) - 1
        run_start = np.flatnonzero(new_run)
        offset = np.arange(len(pair)) - run_start[run_id] if len(pair) else np.zeros(0, dtype=np.int64)
        starts = (
            np.flatnonzero(new_run | (offset % BUCKET_ROWS == 0))
            if len(pair)
            else np.zeros(0, dtype=np.int64)
        )
        self.b_start = starts
        self.b_size = np.diff(np.r_[starts, len(pair)])
        self.b_place = self.row_place[starts] if len(pair) else np.zeros(0, dtype=np.int64)
        if len(pair):
            rm = self.row_mission
            self.b_themes = np.bitwise_or.reduceat(self.m_themes[rm], starts)
            self.b_schedule = np.bitwise_or.reduceat(self.m_schedule[rm], starts)
            self.b_flexible = np.logical_or.reduceat(self.m_flexible[rm], starts)
            unknown = (self.m_schedule[rm] == 0) & ~self.m_flexible[rm]
            self.b_unknown = np.logical_or.reduceat(unknown, starts)
            self.b_urgency = np.maximum.reduceat(self.row_urgency, starts)
            bucket_of_row = np.repeat(np.arange(len(starts)), self.b_size)
            self.b_text = _max_by_group(self.rows, bucket_of_row, len(starts))
        else:
            empty = np.zeros(0, dtype=np.int64)
            self.b_themes = self.b_schedule = empty
            self.b_flexible = self.b_unknown = empty.astype(bool)
            self.b_urgency = empty.astype(np.float64)
            self.b_text = sparse.csr_matrix((0, self.matrix.shape[1]), dtype=np.float32)
        # Buckets of each place (place n_places: remote), contiguous.
        self.p_first = np.searchsorted(self.b_place, np.arange(n_places + 1), side="left")
        self.p_last = np.searchsorted(self.b_place, np.arange(n_places + 1), side="right")
        self.p_row_first = np.searchsorted(self.row_place, np.arange(n_places + 1), side="left")
        self.p_row_last = np.searchsorted(self.row_place, np.arange(n_places + 1), side="right")
        self.row_bucket = np.repeat(np.arange(len(self.b_start)), self.b_size)
        self._neighbours()
        self._prepare()
        self.stats_rows = 0
        self.stats_candidates = 0

    def _prepare(self) -> None:
        """Per-row values that do not depend on the person, for ``top_k`` (fewer operations
        per query; the scores are computed with the same arithmetic as ``score_rows``)."""
        rm = self.row_mission
        # The hard constraints of a row depend on four values: the distinct combinations
        # are few, so a query checks them once each and looks its answer up per row.
        combos = np.stack(
            [(self.m_remaining[rm] > 0).astype(np.int64), self.r_min_age, self.r_accessible, self.r_car]
        ).reshape(4, -1)
        unique, self.r_constraint = np.unique(combos, axis=1, return_inverse=True)
        self.r_constraint = self.r_constraint.reshape(-1)
        self.c_remaining, self.c_min_age = unique[0].astype(np.float64), unique[1]
        self.c_accessible, self.c_car = unique[2].astype(bool), unique[3].astype(bool)
        # Themes: the row's number of themes (at least 1: with none, nothing is shared).
        self.r_theme_count = np.maximum(np.bitwise_count(self.r_themes), 1).astype(np.float64)
        # Availability: the row's number of slots (at least 1), and the rows whose overlap
        # does not depend on the person's slots (flexible: 1; no schedule: unknown).
        self.r_slot_count = np.maximum(np.bitwise_count(self.r_schedule), 1).astype(np.float64)
        self.r_fixed = self.r_flexible | (self.r_schedule == 0)
        self.r_fixed_overlap = np.where(self.r_flexible, 1.0, schedule.UNKNOWN)

    def _themes(self, q: Query, rows: np.ndarray) -> np.ndarray:
        """``scoring.theme_scores(q.vmask, q.vrelated, self.r_themes[rows])``, the same values."""
        if q.vmask == 0:
            return np.full(len(rows), scoring.NO_THEME)
        themes = self.r_themes[rows]
        shared = np.bitwise_count(themes & q.vmask)
        # smaller > 0 where something is shared: the same quotient as theme_scores; 0 elsewhere.
        exact = shared / np.minimum(self.r_theme_count[rows], q.vmask.bit_count())
        if q.vrelated == 0:
            return exact
        return np.where(shared > 0, exact, np.where((themes & q.vrelated) != 0, scoring.RELATED, 0.0))

    def _overlap(self, q: Query, rows: np.ndarray) -> np.ndarray:
        """``schedule.overlap(q.availability, self.r_schedule[rows], self.r_flexible[rows])``."""
        if q.availability == 0:
            return np.where(self.r_flexible[rows], 1.0, schedule.UNKNOWN)
        shared = np.bitwise_count(self.r_schedule[rows] & q.availability)
        return np.where(self.r_fixed[rows], self.r_fixed_overlap[rows], shared / self.r_slot_count[rows])

    # -- geography ---------------------------------------------------------------------

    def _neighbours(self) -> None:
        """For each place, the places within the largest reach, sorted by distance (a window
        over places sorted by latitude keeps this near-linear)."""
        reach = max(mode.reach_km for mode in geo.MODES.values())
        order = np.argsort(self.lat, kind="stable")
        lat_sorted = self.lat[order]
        window = reach / 111.0 + 1e-9
        ptr, idx, km = [0], [], []
        for p in range(len(self.places)):
            low = np.searchsorted(lat_sorted, self.lat[p] - window, side="left")
            high = np.searchsorted(lat_sorted, self.lat[p] + window, side="right")
            candidates = order[low:high]
            d = geo.haversine_many(self.lat[p], self.lon[p], self.lat[candidates], self.lon[candidates])
            keep = d <= reach
            c, d = candidates[keep], d[keep]
            sort = np.lexsort((c, d))
            idx.append(c[sort])
            km.append(d[sort])
            ptr.append(ptr[-1] + int(keep.sum()))
        self.nb_ptr = np.array(ptr, dtype=np.int64)
        self.nb_idx = np.concatenate(idx) if idx else np.zeros(0, dtype=np.int64)
        self.nb_km = np.concatenate(km) if km else np.zeros(0, dtype=np.float64)

    def place_proximity(self, q: Query, places: np.ndarray, km: np.ndarray) -> np.ndarray:
        return geo.proximity(
            km,
            q.modes,
            served=self.served[places],
            same_area=self.area[places] == q.area,
            named=np.isin(places, q.named) if len(q.named) else None,
        )

    # -- queries -----------------------------------------------------------------------

    def query(self, v: VolunteerRecord, *, exclude: Sequence[int] = ()) -> Query:
        place = self.place_index.get(v.place, -1) if v.place else -1
        vector = np.zeros(self.matrix.shape[1], dtype=np.float32)
        document = Vectorizer.document(v.text, " ".join(v.skills))
        if document:
            row = self.vectorizer.transform([document])
            vector[row.indices] = row.data
        return Query(
            record=v,
            place=place,
            vmask=self.codec.mask(v.themes),
            vrelated=self.codec.related_mask(v.themes),
            availability=v.availability,
            modes=geo.modes_of(v.modes),
            area=int(self.area[place]) if place >= 0 else -1,
            vector=vector,
            age=v.age if v.age is not None else -1,
            has_car=not v.modes or geo.CAR in v.modes,
            named=np.array(
                sorted(self.place_index[k] for k in v.named_places if k in self.place_index), dtype=np.int64
            ),
            exclude=np.array(sorted(self.position[i] for i in exclude if i in self.position), dtype=np.int64),
        )

    def _eligible(self, q: Query, rows: np.ndarray, missions: np.ndarray) -> np.ndarray:
        """Which ``rows`` (of ``missions``) the hard constraints allow for this person: the few
        distinct combinations of constraints are checked once, then looked up per row."""
        allowed = constraints.eligible(
            remaining=self.c_remaining,
            min_age=self.c_min_age,
            accessible=self.c_accessible,
            car_needed=self.c_car,
            age=q.age,
            needs_step_free=bool(q.record.needs_step_free),
            has_car=bool(q.has_car),
        )
        ok = allowed[self.r_constraint[rows]]
        if len(q.exclude):
            ok &= ~np.isin(missions, q.exclude)
        return ok

    def score_rows(
        self,
        q: Query,
        rows: np.ndarray,
        proximity: np.ndarray,
        *,
        text_bound: np.ndarray | None = None,
        k: int = 0,
        full: bool = False,
    ) -> np.ndarray:
        """Scores of ``rows`` (0: not to propose). With ``text_bound`` (per row) and ``k``,
        the text (the costly part) is computed only for rows whose upper bound reaches the
        k-th best lower bound (the score without its text): the others cannot be in the top k
        and get 0. ``full``: compute every part of every row, even where the score is surely 0
        (the plainest brute force)."""
        mi = self.row_mission[rows]
        ok = self._eligible(q, rows, mi)
        # scoring.combine, with the urgency boost and the spreading kept per row and mission.
        factor = np.where(ok, proximity * self.row_boost[rows] * self.m_spread[mi], 0.0)
        w = self.weights
        base = w.themes * scoring.theme_scores(q.vmask, q.vrelated, self.r_themes[rows]) + (
            w.availability * schedule.overlap(q.availability, self.r_schedule[rows], self.r_flexible[rows])
        )
        live = np.arange(len(rows)) if full else np.flatnonzero(factor > 0)
        if text_bound is not None and k and len(live) > k:
            lower = factor[live] * base[live]
            upper = factor[live] * (base[live] + w.text * np.minimum(text_bound[live], 1.0))
            threshold = self._kth_lower(lower, mi[live], k)
            live = live[upper >= threshold]
        scores = np.zeros(len(rows))
        text = _dot_rows(self.rows, rows[live], q.vector)
        scores[live] = factor[live] * (base[live] + w.text * np.minimum(text, 1.0))
        return scores

    def _kth_lower(self, lower: np.ndarray, missions: np.ndarray, k: int) -> float:
        """A score that k distinct missions surely reach (0 if not found)."""
        if not self.multi_place:
            return float(np.partition(lower, len(lower) - k)[len(lower) - k])
        top = np.argsort(-lower, kind="stable")[: 4 * k]
        _, first = np.unique(missions[top], return_index=True)
        if len(first) < k:
            return 0.0
        return float(lower[top][np.sort(first)][k - 1])

    def _row_proximity_all(self, q: Query) -> np.ndarray:
        remote = self.row_place == len(self.places)
        if q.place < 0:
            prox = np.full(len(self.row_place), scoring.NO_PLACE)
        else:
            km = geo.haversine_many(self.lat[q.place], self.lon[q.place], self.lat, self.lon)
            per_place = self.place_proximity(q, np.arange(len(self.places)), km)
            prox = per_place[np.minimum(self.row_place, len(self.places) - 1)]
        return np.where(remote, scoring.remote_proximity(q.record.remote_ok), prox)

    def _best(
        self, scores: np.ndarray, rows: np.ndarray, missions: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The k best distinct missions (each at its best row), by score, ties by position."""
        if not self.multi_place:
            if len(scores) > k:
                part = np.argpartition(-scores, k - 1)[:k]
                scores, rows, missions = scores[part], rows[part], missions[part]
            order = np.lexsort((missions, -scores))
            return scores[order], rows[order], missions[order]
        order = np.lexsort((missions, -scores))
        scores, rows, missions = scores[order], rows[order], missions[order]
        _, first = np.unique(missions, return_index=True)
        keep = np.sort(first)[:k]
        return scores[keep], rows[keep], missions[keep]

    def brute_force(self, v: VolunteerRecord | Query, k: int = 10, *, full: bool = False) -> list[Scored]:
        """The exact top k by scoring every row: the text only where the other factors are
        not 0, or (``full``) everywhere."""
        q = v if isinstance(v, Query) else self.query(v)
        rows = np.arange(len(self.row_place))
        scores = self.score_rows(q, rows, self._row_proximity_all(q), full=full)
        keep = scores > 0
        s, r, m = self._best(scores[keep], rows[keep], self.row_mission[keep], k)
        return [Scored(int(mm), int(rr), float(ss)) for ss, rr, mm in zip(s, r, m, strict=True)]

    def top_k(self, v: VolunteerRecord | Query, k: int = 10) -> list[Scored]:
        q = v if isinstance(v, Query) else self.query(v)
        if q.place < 0:
            return self.brute_force(q, k)
        n_places = len(self.places)
        a, b = self.nb_ptr[q.place], self.nb_ptr[q.place + 1]
        places, km = self.nb_idx[a:b], self.nb_km[a:b]
        extra = np.setdiff1d(q.named, places) if len(q.named) else q.named
        if len(extra):
            places = np.concatenate([places, extra])
            far = geo.haversine_many(self.lat[q.place], self.lon[q.place], self.lat[extra], self.lon[extra])
            km = np.concatenate([km, far])
        prox = self.place_proximity(q, places, km)
        reach = prox > 0
        places = np.append(places[reach], n_places)
        remote = scoring.REMOTE_OK if q.record.remote_ok else scoring.REMOTE_NOT_SAID
        prox = np.append(prox[reach], remote)
        # The places' buckets, then their rows (both contiguous per place, in the same order:
        # the buckets of a place partition its rows), so a bucket's bound repeats over its rows.
        first_bucket = self.p_first[places]
        buckets = _ranges(first_bucket, self.p_last[places] - first_bucket)
        row_first = self.p_row_first[places]
        counts = self.p_row_last[places] - row_first
        rows = _ranges(row_first, counts)
        if len(rows) == 0:
            return []
        self.stats_candidates += len(rows)
        mi = self.row_mission[rows]
        ok = self._eligible(q, rows, mi)
        # Every reached place has a proximity > 0 (and the boost and the spreading are > 0):
        # the rows that ``score_rows`` would score are the eligible ones. Only they are
        # gathered, with the same operations in the same order (the same scores).
        live = np.flatnonzero(ok)
        text_bound = np.repeat(_dot_rows(self.b_text, buckets, q.vector), self.b_size[buckets])[live]
        rows, mi = rows[live], mi[live]
        factor = np.repeat(prox, counts)[live] * self.row_boost[rows] * self.m_spread[mi]
        w = self.weights
        base = w.themes * self._themes(q, rows) + w.availability * self._overlap(q, rows)
        if k and len(rows) > k:
            lower = factor * base
            upper = factor * (base + w.text * np.minimum(text_bound, 1.0))
            threshold = self._kth_lower(lower, mi, k)
            if threshold > 0:
                keep = np.flatnonzero(upper >= threshold)
                rows, mi, factor, base = rows[keep], mi[keep], factor[keep], base[keep]
        text = _dot_rows(self.rows, rows, q.vector)
        scores = factor * (base + w.text * np.minimum(text, 1.0))
        keep = scores > 0
        best_s, best_r, best_m = self._best(scores[keep], rows[keep], mi[keep], k)
        return [
            Scored(m, r, s) for s, r, m in zip(best_s.tolist(), best_r.tolist(), best_m.tolist(), strict=True)
        ]

    # -- spreading ---------------------------------------------------------------------

    def note_shown(self, missions: Sequence[int], amount: float = 1.0) -> None:
        """Count that these missions (positions) were proposed once more (spreading)."""
        if len(missions):
            positions = np.asarray(missions, dtype=np.int64)
            np.add.at(self.exposure, positions, amount)
            self.m_spread[positions] = urgency.spread(self.exposure[positions], self.m_remaining[positions])
