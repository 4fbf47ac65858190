"""The plain records the engine works on (the adapter builds them from the database)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    """A commune: its town hall's position, whether public transport serves it, its
    intercommunality (minibuses stay in it) and the share of its missions that found
    volunteers (None: unknown), for the equity boost."""

    key: str
    name: str
    lat: float
    lon: float
    served: bool = False
    area: str = ""
    fill_rate: float | None = None


@dataclass(frozen=True)
class Taxonomy:
    """The themes (slug → French label) and the pairs of close themes (half credit)."""

    labels: dict[str, str]
    related: frozenset[frozenset[str]] = frozenset()

    def slugs(self) -> list[str]:
        return list(self.labels)


@dataclass(frozen=True)
class MissionRecord:
    id: int
    title: str
    text: str = ""  # description
    skills: str = ""
    themes: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()  # commune keys; empty and not remote: unknown place
    is_remote: bool = False
    schedule: int = 0  # 21-bit mask, see schedule.py
    flexible: bool = False
    min_age: int | None = None
    accessible: bool = False
    car_needed: bool = False
    remaining: int = 1  # places still to fill; 0 or less: full
    load: int = 0  # applications waiting for an answer
    days_open: float = 0.0  # days since publication
    published_rank: float = 0.0  # publication time (any increasing number), for "newest"
    organiser: str = ""


@dataclass(frozen=True)
class VolunteerRecord:
    id: int
    place: str | None = None  # commune key
    named_places: frozenset[str] = frozenset()  # communes they said they can go to
    modes: frozenset[str] = frozenset()  # geo.MODES keys; empty: not said
    themes: frozenset[str] = frozenset()
    skills: tuple[str, ...] = ()
    text: str = ""
    availability: int = 0
    age: int | None = None
    needs_step_free: bool = False
    remote_ok: bool = False


@dataclass(frozen=True)
class Reason:
    kind: str  # "distance", "theme", "skills", "schedule", "urgency", "equity", "mobility"
    text: str
    weight: float = 0.0


@dataclass(frozen=True)
class Recommendation:
    mission_id: int
    volunteer_id: int
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
