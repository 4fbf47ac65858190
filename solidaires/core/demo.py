"""Demo data: the shared toolkit of every app's demo module (the orchestration behind
``manage.py generate_demo`` is ``solidaires.site.demo``).

Everything the generator writes is fictional and says so:

* associations carry ``is_demo=True`` and end their description with FICTIONAL_MARKER;
* places end their description with FICTIONAL_MARKER (their slugs are stable);
* generated people have e-mail addresses under the reserved ``.invalid`` top-level domain
  (RFC 2606): ``…@exemple.invalid``; the role accounts of ``create_demo_accounts`` live
  under ``demo.solidaires.invalid``; phone numbers come from the ranges ARCEP reserves
  for works of fiction (04 65 71 xx xx).

Determinism: every random draw comes from ``random.Random`` instances seeded with
``f"{seed}:{stream}"`` (one stream per kind of data), never from global state, and every
date is relative to REFERENCE_DATE, so the same seed always gives the same data.

Idempotence: rows are upserted on stable keys (association and place slugs, e-mail
addresses); rows of a previous run that the new run does not produce are deleted. See
docs/demo.md and docs/decisions/0500-demo-data-generator.md.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from solidaires.core.slugs import french_slugify

T = TypeVar("T")

PARIS = ZoneInfo("Europe/Paris")
# The "today" of the demo world: every generated date is relative to it.
REFERENCE_DATE = date(2026, 1, 1)
REFERENCE_DATETIME = datetime(2026, 1, 1, 9, 0, tzinfo=PARIS)

FICTIONAL_MARKER = "Fiche fictive, générée pour la démonstration de Solidaires."
DEMO_USER_DOMAIN = "exemple.invalid"
DEMO_ASSOCIATION_DOMAIN = "assos.exemple.invalid"
DEMO_PLACE_DOMAIN = "lieux.exemple.invalid"
DEMO_ACCOUNT_DOMAIN = "demo.solidaires.invalid"
# The one documented demo password (generated people and role accounts). Never in production.
DEMO_PASSWORD = "solidaires-demo-2026"  # noqa: S105 - documented demo credential

BATCH_SIZE = 2000
IN_CHUNK = 900  # SQLite allows 999 parameters per statement in Django's view of it

NO_TERRITORY_MESSAGE = "Aucune commune en base. Chargez d'abord le territoire : manage.py load_territory"


class NoTerritoryError(Exception):
    """No commune is loaded: the generator has nothing to attach data to."""


@dataclass(frozen=True)
class Scale:
    name: str
    associations: int
    users: int


SCALES: dict[str, Scale] = {
    # Hidden, for tests: a handful of rows.
    "tiny": Scale("tiny", associations=30, users=150),
    # The article's magnitudes (Valence Romans Agglo): 350+ associations, ~4,000 users.
    "agglo": Scale("agglo", associations=360, users=4_000),
    "metropole": Scale("metropole", associations=360 * 6, users=4_000 * 6),
    "national": Scale("national", associations=360 * 100, users=4_000 * 100),
}
PUBLIC_SCALES = ("agglo", "metropole", "national")


# ---------------------------------------------------------------------------------------
# French words
# ---------------------------------------------------------------------------------------

# fmt: off
FIRST_NAMES = (
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Jade", "Louise", "Sarah", "Lina",
    "Yasmine", "Fatima", "Aïcha", "Nadia", "Samira", "Leïla", "Myriam", "Salomé", "Zoé", "Clara",
    "Marie", "Anne", "Catherine", "Isabelle", "Sylvie", "Nathalie", "Christine", "Monique",
    "Françoise", "Martine", "Brigitte", "Josiane", "Chantal", "Odile", "Annie", "Jacqueline",
    "Hélène", "Sophie", "Valérie", "Sandrine", "Céline", "Aurélie", "Élodie", "Julie", "Laura",
    "Fanny", "Mélanie", "Agnès", "Paulette", "Yvette", "Ginette", "Fatou", "Aminata", "Mariam",
    "Thomas", "Nicolas", "Julien", "Maxime", "Hugo", "Lucas", "Nathan", "Théo", "Louis", "Gabriel",
    "Karim", "Mohamed", "Mehdi", "Yanis", "Rachid", "Omar", "Bilal", "Samir", "Ismaël", "Sami",
    "Jean", "Pierre", "Michel", "Alain", "Bernard", "Philippe", "Daniel", "Patrick", "Gérard",
    "Jacques", "René", "André", "Christian", "Claude", "Henri", "Marcel", "Roger", "Serge",
    "François", "Laurent", "Olivier", "Stéphane", "Frédéric", "Sébastien", "Vincent", "David",
    "Éric", "Thierry", "Pascal", "Didier", "Yves", "Hervé", "Mamadou", "Moussa", "Ibrahima",
    "Arthur", "Raphaël", "Paul", "Antoine", "Baptiste", "Noé", "Adam", "Rayan", "Enzo", "Loïc",
    "Lou", "Alex", "Dominique", "Claude", "Sacha", "Charlie", "Maël", "Morgan", "Andréa", "Eden",
)
# fmt: on

# fmt: off
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
    "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer",
    "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer",
    "Lucas", "Meunier", "Jean", "Perez", "Marchand", "Dufour", "Blanchard", "Marie", "Barbier",
    "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Pierre", "Renard",
    "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud",
    "Lemoine", "Picard", "Gaillard", "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis",
    "Olivier", "Rodriguez", "Da Silva", "Hubert", "Louis", "Charles", "Guillot", "Rivière",
    "Le Gall", "Guillaume", "Adam", "Rey", "Moulin", "Gonzalez", "Berger", "Lecomte", "Menard",
    "Fleury", "Deschamps", "Carpentier", "Julien", "Benoît", "Paris", "Maillard", "Marchal",
    "Aubry", "Vasseur", "Le Roux", "Renault", "Jacquet", "Collet", "Prévost", "Poirier",
    "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Pons", "Paul", "Laine", "Carré", "Breton",
    "Rémy", "Schneider", "Perrot", "Guyot", "Barre", "Marty", "Cousin", "Haddad", "Benali",
    "Diallo", "Traoré", "Mendy", "Kaya", "Yilmaz", "Ferreira", "Santos", "Benmoussa", "Bouzid",
    "Diop", "Sow", "Mansour", "Khelifi", "Chaouch", "Belkacem", "Ouali", "Sarkissian", "Petrossian",
    "Manoukian", "Achard", "Reynaud", "Chabert", "Jullien", "Faure", "Vallet", "Bouvier", "Chapuis",
    "Arnoux", "Magnan", "Rouvière", "Bérard", "Blachon", "Vernet",
)
# fmt: on

# Generic neighbourhood names ("quartier de la Gare"), with their article.
# fmt: off
QUARTIERS = (
    "du Centre", "de la Gare", "des Tilleuls", "des Aubépines", "du Vieux Bourg", "des Peupliers",
    "du Stade", "des Écoles", "de la Chapelle", "des Vignes", "du Moulin", "des Platanes",
    "de la Fontaine", "des Cerisiers", "du Levant", "des Coteaux", "du Plateau", "des Prés",
    "de la Croix", "des Mûriers", "du Lavoir", "des Jardins", "de l'Église", "du Château",
)
# fmt: on
# Real neighbourhood names of the two largest communes of the reference territory.
QUARTIERS_BY_INSEE: dict[str, tuple[str, ...]] = {
    "26362": (
        "de Fontbarlettes",
        "du Plan",
        "du Polygone",
        "de Valensolles",
        "de Chamberlière",
        "du Petit Charran",
        "de Briffaut",
        "de Hugo-Provence",
        "des Baumes",
        "de Lautagne",
        "du Centre-ville",
    ),
    "26281": (
        "de la Monnaie",
        "des Ors",
        "du Centre historique",
        "de la Presle",
        "des Balmes",
        "de Saint-Nicolas",
        "de la Martinette",
    ),
}

# fmt: off
STREET_NAMES = (
    "rue de la République", "rue Victor-Hugo", "avenue Jean-Jaurès", "rue des Écoles",
    "place de la Mairie", "rue du Stade", "chemin des Vignes", "rue des Tilleuls",
    "allée des Platanes", "rue Pasteur", "boulevard Gambetta", "rue Jules-Ferry", "rue de la Paix",
    "avenue de Verdun", "rue du Moulin", "impasse des Cerisiers", "rue Émile-Zola",
    "rue de la Fontaine", "place du Marché", "rue Jean-Moulin",
)
# fmt: on

WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------

_VOWELS = set("aeiouyhâàäéèêëîïôöûùüœ")


def de(name: str) -> str:
    """French "of" before a place name: de Valence, d'Alixan, du Chalon, des Granges."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1].lower() in _VOWELS:
        return "d'" + name
    return "de " + name


def at(name: str) -> str:
    """French "in" before a place name: à Valence, au Chalon, aux Granges."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def ascii_slug(text: str) -> str:
    return french_slugify(unicodedata.normalize("NFKD", text))


def unique_slug(base: str, used: set[str], max_length: int = 200) -> str:
    base = (ascii_slug(base) or "fiche")[:max_length].strip("-")
    slug, n = base, 2
    while slug in used:
        slug = f"{base}-{n}"
        n += 1
    used.add(slug)
    return slug


def fictional_phone(rng: random.Random) -> str:
    """A number from the range ARCEP reserves for fiction (04 65 71 00 00 – 04 65 71 99 99)."""
    n = rng.randrange(10_000)
    return f"04 65 71 {n // 100:02d} {n % 100:02d}"


def jitter(lat: float, lon: float, rng: random.Random, km: float) -> tuple[float, float]:
    """A point within about ``km`` of (lat, lon), rounded to 5 decimals (~1 m)."""
    dlat = rng.uniform(-km, km) / 111.0
    dlon = rng.uniform(-km, km) / (111.0 * max(0.2, math.cos(math.radians(lat))))
    return round(max(-90.0, min(90.0, lat + dlat)), 5), round(max(-180.0, min(180.0, lon + dlon)), 5)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def days_before_reference(rng: random.Random, low: int, high: int) -> datetime:
    """A datetime between ``high`` and ``low`` days before the reference date, in office hours."""
    day = REFERENCE_DATETIME - timedelta(days=rng.randint(low, high))
    return day.replace(hour=rng.randint(8, 19), minute=rng.choice((0, 15, 30, 45)))


def allocate(total: int, weights: Sequence[float], minimum: Sequence[int]) -> list[int]:
    """Split ``total`` between slots: each gets its minimum, the rest in proportion to its weight
    (largest remainders, ties broken by position, so the result is deterministic)."""
    base = list(minimum)
    rest = max(0, total - sum(base))
    weight_sum = sum(weights) or 1.0
    shares = [rest * w / weight_sum for w in weights]
    counts = [b + int(s) for b, s in zip(base, shares, strict=True)]
    leftover = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in order[: max(0, leftover)]:
        counts[i] += 1
    return counts


class WeightedPicker(Generic[T]):
    """Fast repeated weighted choice (cumulative weights computed once)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cum, k=1)[0]


# ---------------------------------------------------------------------------------------
# The territory as the generator sees it
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommuneInfo:
    insee: str
    name: str
    slug: str
    department: str
    population: int
    postal_code: str
    lat: float | None
    lon: float | None
    town_hall_address: str


@dataclass
class DemoContext:
    seed: int
    scale: Scale
    communes: list[CommuneInfo]
    neighbours: dict[str, list[str]]  # insee → nearby insee codes (closest first, itself excluded)
    password_hash: str
    log: Callable[[str], None] = print
    counts: dict[str, int] = field(default_factory=dict)

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}:{stream}")

    @property
    def by_insee(self) -> dict[str, CommuneInfo]:
        return {c.insee: c for c in self.communes}

    def commune_picker(self) -> WeightedPicker[str]:
        """Communes weighted by population (a commune without population counts as 50)."""
        return WeightedPicker(
            [c.insee for c in self.communes], [max(c.population, 50) for c in self.communes]
        )
