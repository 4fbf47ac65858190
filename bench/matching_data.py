"""Generated data for bench/matching.py: communes, missions, volunteers with hidden preferences.

No database: the engine works on plain records. Each volunteer has *hidden* true preferences
(how much they like each theme, the skills they really have, how far they really travel,
when they are really free) and *declares* only part of them, with noise, in the words a
person would use ("cuisiner" where the mission says "cuisine"). The true utility of a
mission for a person is computed from the hidden preferences with a formula of another
form than the engine's score (a product of theme liking and skills, plus availability),
so that the engine is graded on what people want, not on its own formula.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np

from solidaires.matching.engine import schedule
from solidaires.matching.engine.geo import BIKE, CAR, NEEDS_LIFT, PUBLIC_TRANSPORT
from solidaires.matching.engine.model import MissionRecord, Place, Taxonomy, VolunteerRecord

THEMES = [
    "alimentation", "logement", "sante", "emploi", "numerique", "acces-droits", "apprendre-francais",
    "education", "famille", "jeunesse", "seniors", "handicap", "mobilite", "environnement", "culture",
    "sport", "solidarite-internationale", "budget", "vie-quartier", "reparation",
]  # fmt: skip

# (what a mission says, what a volunteer says) per skill, with the themes it serves.
SKILLS: list[tuple[str, str, tuple[str, ...]]] = [
    ("cuisine", "cuisiner", ("alimentation", "famille")),
    ("distribution de colis", "distribuer des colis", ("alimentation",)),
    ("tri des denrées", "trier les denrées", ("alimentation", "reparation")),
    ("bricolage", "bricoler", ("reparation", "logement")),
    ("peinture", "peindre", ("logement", "culture")),
    ("déménagement", "déménager", ("logement",)),
    ("accompagnement aux rendez-vous médicaux", "accompagner aux rendez-vous", ("sante", "seniors")),
    ("écoute", "écouter", ("sante", "seniors", "handicap")),
    ("rédaction de CV", "rédiger des CV", ("emploi",)),
    ("préparation aux entretiens", "préparer des entretiens", ("emploi", "jeunesse")),
    ("informatique", "informaticien", ("numerique",)),
    ("démarches en ligne", "démarche en ligne", ("numerique", "acces-droits")),
    ("dossiers administratifs", "dossier administratif", ("acces-droits", "budget")),
    ("conversation en français", "converser en français", ("apprendre-francais",)),
    ("alphabétisation", "alphabétiser", ("apprendre-francais", "education")),
    ("aide aux devoirs", "aider aux devoirs", ("education", "jeunesse")),
    ("mathématiques", "mathématique", ("education",)),
    ("garde d'enfants", "garder des enfants", ("famille",)),
    ("animation", "animer", ("jeunesse", "culture", "vie-quartier")),
    ("visites de convivialité", "visiter des personnes âgées", ("seniors",)),
    ("langue des signes", "signer", ("handicap",)),
    ("conduite", "conduire", ("mobilite", "seniors")),
    ("réparation de vélos", "réparer des vélos", ("mobilite", "reparation")),
    ("jardinage", "jardiner", ("environnement",)),
    ("compostage", "composter", ("environnement",)),
    ("musique", "musicien", ("culture",)),
    ("photographie", "photographier", ("culture",)),
    ("entraînement sportif", "entraîner", ("sport", "jeunesse")),
    ("arbitrage", "arbitrer", ("sport",)),
    ("traduction", "traduire", ("solidarite-internationale", "apprendre-francais")),
    ("collecte de dons", "collecter des dons", ("solidarite-internationale", "alimentation")),
    ("gestion du budget", "gérer un budget", ("budget",)),
    ("comptabilité", "comptable", ("budget",)),
    ("médiation", "médiatrice", ("vie-quartier", "famille")),
    ("couture", "coudre", ("reparation", "culture")),
]
FILLER = [
    "association",
    "bénévoles",
    "quartier",
    "aider",
    "personnes",
    "besoin",
    "semaine",
    "équipe",
    "accueil",
    "projet",
    "local",
    "habitants",
    "solidarité",
    "moment",
    "partage",
    "convivial",
    "commune",
    "public",
    "soutien",
]
RELATED = [
    ("alimentation", "reparation"), ("sante", "seniors"), ("handicap", "sante"), ("emploi", "jeunesse"),
    ("education", "jeunesse"), ("famille", "education"), ("numerique", "acces-droits"),
    ("acces-droits", "budget"), ("apprendre-francais", "education"), ("culture", "vie-quartier"),
    ("sport", "jeunesse"), ("environnement", "reparation"), ("mobilite", "seniors"),
]  # fmt: skip

SCALES = {
    # (agglomerations, communes per agglomeration, open missions, volunteers)
    "agglo": (1, 54, 1_500, 12_000),
    "national": (120, 45, 50_000, 400_000),
}


def taxonomy() -> Taxonomy:
    return Taxonomy(
        labels={t: t.replace("-", " ").capitalize() for t in THEMES},
        related=frozenset(frozenset(p) for p in RELATED),
    )


@dataclass
class Hidden:
    """What the volunteer really wants (never given to the engine)."""

    liking: np.ndarray  # per theme, in [0, 1]
    skills: frozenset[int]
    scale_km: float
    reach_km: float
    free: int  # true availability mask


@dataclass
class World:
    places: list[Place]
    missions: list[MissionRecord]
    volunteers: list[VolunteerRecord]
    hidden: list[Hidden]
    mission_skills: list[frozenset[int]] = field(default_factory=list)


def _places(rng: random.Random, agglomerations: int, per: int) -> list[Place]:
    places = []
    for a in range(agglomerations):
        if agglomerations == 1:
            clat, clon = 44.93, 4.89  # Valence
        else:
            clat, clon = rng.uniform(43.0, 50.5), rng.uniform(-1.5, 7.0)
        for c in range(per):
            r, angle = 28.0 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
            if c == 0:
                r = 0.0
            lat = clat + r * math.cos(angle) / 111.0
            lon = clon + r * math.sin(angle) / (111.0 * math.cos(math.radians(clat)))
            places.append(
                Place(
                    key=f"{a:03d}{c:02d}",
                    name=f"Commune {a}-{c}",
                    lat=lat,
                    lon=lon,
                    served=r < 10 or rng.random() < 0.2,
                    area=f"epci{a}",
                    fill_rate=min(1.0, max(0.0, rng.gauss(0.6, 0.2))),
                )
            )
    return places


def _schedule(rng: random.Random) -> tuple[int, bool]:
    kind = rng.random()
    if kind < 0.2:
        return 0, True
    mask = 0
    for _ in range(1 if kind < 0.6 else rng.randint(1, 3)):
        mask |= schedule.bit(rng.randrange(7), rng.randrange(3))
    return mask, False


def generate(scale: str, seed: int) -> World:
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    agglomerations, per, n_missions, n_volunteers = SCALES[scale]
    places = _places(rng, agglomerations, per)
    weights = [1.0 / (1 + (i % per)) ** 0.8 for i in range(len(places))]  # the centre is larger
    theme_pop = [1.0 / (1 + i) ** 0.5 for i in range(len(THEMES))]
    skills_of_theme = {t: [i for i, s in enumerate(SKILLS) if t in s[2]] for t in THEMES}

    missions, mission_skills = [], []
    homes = rng.choices(range(len(places)), weights=weights, k=n_missions)
    for i in range(n_missions):
        # Sorted: a set's order depends on the process's string hashing, the data must not.
        themes = sorted(set(rng.choices(THEMES, weights=theme_pop, k=rng.choice([1, 1, 2]))))
        pool = [s for t in themes for s in skills_of_theme[t]] or list(range(len(SKILLS)))
        skills = frozenset(rng.sample(sorted(set(pool)), min(len(set(pool)), rng.randint(1, 2))))
        mask, flexible = _schedule(rng)
        days = rng.uniform(0, 90)
        title = f"{SKILLS[min(skills)][0].capitalize()} pour {rng.choice(FILLER)}"
        text = " ".join([SKILLS[s][0] for s in sorted(skills)] + rng.sample(FILLER, 6))
        # As the demo data (volunteering/missions/demo.py): 30 % of the digital missions.
        remote = "numerique" in themes and rng.random() < 0.3
        missions.append(
            MissionRecord(
                id=i + 1,
                title=title,
                text=text,
                skills=", ".join(SKILLS[s][0] for s in sorted(skills)),
                themes=frozenset(themes),
                places=() if remote else (places[homes[i]].key,),
                is_remote=remote,
                schedule=mask,
                flexible=flexible,
                min_age=18 if rng.random() < 0.1 else None,
                accessible=rng.random() < 0.5,
                car_needed=rng.random() < 0.05,
                remaining=0 if rng.random() < 0.05 else rng.randint(1, 5),
                load=rng.randint(0, 2),
                days_open=days,
                published_rank=-days,
            )
        )
        mission_skills.append(skills)

    volunteers, hidden = [], []
    homes = rng.choices(range(len(places)), weights=weights, k=n_volunteers)
    likings = nrng.random((n_volunteers, len(THEMES))) ** 4  # a few themes matter
    for v in range(n_volunteers):
        liking = likings[v]
        favourites = [THEMES[t] for t in np.argsort(-liking)[:3]]
        declared_themes = frozenset(t for t in favourites[:2] if rng.random() < 0.8)
        pool = [s for t in favourites for s in skills_of_theme[t]]
        true_skills = frozenset(rng.sample(sorted(set(pool)), min(len(set(pool)), rng.randint(1, 3))))
        said_skills = tuple(SKILLS[s][1] for s in sorted(true_skills) if rng.random() < 0.8)
        roll = rng.random()
        modes = (
            frozenset()
            if roll < 0.2
            else frozenset({CAR})
            if roll < 0.65
            else frozenset({PUBLIC_TRANSPORT})
            if roll < 0.85
            else frozenset({BIKE})
            if roll < 0.95
            else frozenset({NEEDS_LIFT})
        )
        scale_km = {CAR: 12.0, PUBLIC_TRANSPORT: 7.0, BIKE: 3.0, NEEDS_LIFT: 6.0}.get(
            next(iter(modes), ""), 8.0
        )
        scale_km *= rng.uniform(0.6, 1.5)
        free = 0
        for _ in range(rng.randint(2, 6)):
            free |= schedule.bit(rng.randrange(7), rng.randrange(3))
        declared_free = (
            0
            if rng.random() < 0.15
            else sum(1 << b for b in range(21) if free >> b & 1 and rng.random() < 0.85)
        )
        text = " ".join(list(said_skills) + rng.sample(FILLER, 3))
        volunteers.append(
            VolunteerRecord(
                id=v + 1,
                place=places[homes[v]].key,
                modes=modes,
                themes=declared_themes,
                skills=said_skills,
                text=text,
                availability=declared_free,
                age=None if rng.random() < 0.1 else rng.randint(16, 80),
                remote_ok=rng.random() < 0.3,
            )
        )
        hidden.append(
            Hidden(liking=liking, skills=true_skills, scale_km=scale_km, reach_km=3 * scale_km, free=free)
        )
    return World(places, missions, volunteers, hidden, mission_skills)
