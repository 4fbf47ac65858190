"""Demo associations and their memberships (written by ``manage.py generate_demo``).

Names come from combinable French patterns ("Les Amis du Vieux Moulin", "Entraide
Solidaire de …", "Jardins partagés du quartier …", "Club de foot de …"); each pattern
brings its themes and its likely legal form. Associations are spread over the communes in
proportion to population, with a few in every populated commune. RNA numbers look real
(W + 9 digits, unique), SIRETs pass the Luhn check (python-stdnum), contacts use the
reserved ``.invalid`` domain and the fiction phone range. ``is_demo`` is set and every
description ends with the fictional-content marker.
"""

from __future__ import annotations

import itertools
import random
import string
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from django.db.models.deletion import ProtectedError
from stdnum import luhn

from solidaires.accounts import demo as accounts_demo
from solidaires.accounts.demo import Person
from solidaires.accounts.models import User
from solidaires.associations.indexing import build_search_document
from solidaires.associations.models import (
    Association,
    AssociationStatus,
    LegalForm,
    Membership,
    MembershipRole,
)
from solidaires.core.demo import (
    BATCH_SIZE,
    DEMO_ASSOCIATION_DOMAIN,
    DEMO_USER_DOMAIN,
    FICTIONAL_MARKER,
    IN_CHUNK,
    QUARTIERS,
    QUARTIERS_BY_INSEE,
    WEEKDAYS_FR,
    CommuneInfo,
    DemoContext,
    WeightedPicker,
    allocate,
    at,
    chunked,
    days_before_reference,
    de,
    fictional_phone,
    unique_slug,
)
from solidaires.core.search import sort_key
from solidaires.core.themes import THEME_BY_SLUG

ROMANS = "26281"
PORTES_LES_VALENCE = "26252"
VALENCE = "26362"
BOURG_DE_PEAGE = "26057"
ALSACE_MOSELLE = {"57", "67", "68"}


# ---------------------------------------------------------------------------------------
# Name patterns
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    name: str
    themes: tuple[str, ...]
    acronym: str = ""
    informal: float = 0.05  # probability of being a collectif informel
    network: bool = False  # may be a foundation or recognised of public utility
    activity: str = ""  # first sentence of the description


Pattern = Callable[[random.Random, CommuneInfo, str], Draft]

# fmt: off
HERITAGE = (
    "du Vieux Moulin", "du Lavoir", "du Vieux Pont", "du Four à pain", "de la Chapelle Saint-Roch",
    "du Vieux Village", "du Château", "de la Tour", "des Remparts", "du Canal",
    "de la Vieille Forge",
)
# fmt: on
# fmt: off
SHOP_NAMES = (
    "La Corbeille", "Le Panier Partagé", "L'Épi", "Le Grenier", "La Passerelle", "Le Cabas",
    "La Musette",
)
# fmt: on
# fmt: off
SCHOOLS = (
    "Jean-Moulin", "Jules-Ferry", "Marie-Curie", "Louis-Pasteur", "Victor-Hugo", "des Cèdres",
    "Jean-Jaurès", "Simone-Veil", "Paul-Éluard", "Jacques-Prévert", "Lucie-Aubrac", "du Centre",
)
# fmt: on
# fmt: off
CHOIRS = (
    "La Clé des Chants", "À Tue-Tête", "Les Voix du Vercors", "Chœur en Fête", "Les Baladins",
    "Do Ré Mi",
)
# fmt: on
TROUPES = ("Les Tréteaux", "Le Rideau Rouge", "La Boîte à Rire", "Les Trois Coups", "Scène Ouverte")
# Country, with its article, and "in" that country.
COUNTRIES = (
    ("Burkina Faso", "le Burkina Faso", "au Burkina Faso"),
    ("Sénégal", "le Sénégal", "au Sénégal"),
    ("Madagascar", "Madagascar", "à Madagascar"),
    ("Arménie", "l'Arménie", "en Arménie"),
    ("Maroc", "le Maroc", "au Maroc"),
    ("Haïti", "Haïti", "en Haïti"),
    ("Bénin", "le Bénin", "au Bénin"),
    ("Mali", "le Mali", "au Mali"),
    ("Cambodge", "le Cambodge", "au Cambodge"),
    ("Roumanie", "la Roumanie", "en Roumanie"),
    ("Togo", "le Togo", "au Togo"),
    ("Tunisie", "la Tunisie", "en Tunisie"),
)
SPORTS = (
    ("Club de foot", "", "du football"),
    ("Football Club", "FC", "du football"),
    ("Union sportive", "US", "de plusieurs sports"),
    ("Tennis Club", "TC", "du tennis"),
    ("Judo Club", "JC", "du judo"),
    ("Basket Club", "BC", "du basket"),
    ("Rugby Club", "RC", "du rugby"),
    ("Cyclo-club", "", "du cyclotourisme"),
    ("Gymnastique volontaire", "GV", "de la gymnastique"),
    ("Pétanque Club", "", "de la pétanque"),
)


def _initials(*words: str) -> str:
    return "".join(w[0].upper() for w in words if w)


ARTICLES = {"Le", "La", "Les", "L", "Un", "Une"}


def _acronym(name: str) -> str:
    """Initials of the capitalised words ("Les Blouses Solidaires de Valence" → "BSV"), or ""."""
    words = [
        w for w in name.replace("'", " ").replace("–", " ").split() if w[:1].isupper() and w not in ARTICLES
    ]
    return "".join(w[0] for w in words).upper() if 3 <= len(words) <= 5 else ""


def _commune_initial(commune: CommuneInfo) -> str:
    parts = [p for p in commune.name.replace("-", " ").split() if p[:1].isupper() and len(p) > 2]
    return "".join(p[0] for p in parts[:3]).upper()


def p_amis(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    place = rng.choice(HERITAGE)
    name = f"Les Amis {place}" if rng.random() < 0.5 else f"Les Amis {place} {de(c.name)}"
    return Draft(
        name,
        ("culture", "vie-quartier"),
        activity=f"Nous faisons vivre le patrimoine {de(c.name)} : visites, chantiers de restauration et fêtes de village.",
    )


def p_entraide(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice(("Entraide Solidaire", "Entraide et Partage", "Solidarité Partage", "Main Tendue"))
    return Draft(
        f"{name} {de(c.name)}",
        ("alimentation", "acces-droits", "seniors"),
        acronym=_initials(*name.split()) + _commune_initial(c) if rng.random() < 0.4 else "",
        network=True,
        activity="Nous accueillons les personnes en difficulté : colis alimentaires, vestiaire, écoute et aide aux démarches.",
    )


def p_jardins(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        f"Jardins partagés du quartier {q}",
        ("environnement", "alimentation", "vie-quartier"),
        informal=0.45,
        activity="Des parcelles cultivées ensemble, un composteur collectif et des ateliers pour petits et grands.",
    )


def p_sport(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    label, acronym, sport = rng.choice(SPORTS)
    name = (
        f"{label} {de(c.name)}"
        if label.startswith(("Club", "Union", "Gym", "Cyclo"))
        else f"{label} {c.name}"
    )
    return Draft(
        name,
        ("sport", "jeunesse") if rng.random() < 0.7 else ("sport",),
        acronym=(acronym + _commune_initial(c)) if acronym else "",
        informal=0.0,
        activity=f"Le club propose la pratique {sport} en loisir et en compétition, dès 6 ans et sans limite d'âge.",
    )


def p_fetes(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        f"Comité des fêtes {de(c.name)}",
        ("culture", "vie-quartier"),
        informal=0.0,
        activity="Nous organisons la fête votive, le marché de Noël, le vide-greniers et le repas des habitants.",
    )


def p_epicerie(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        f"Épicerie solidaire {rng.choice(SHOP_NAMES)} {de(c.name)}"
        if rng.random() < 0.5
        else f"Épicerie solidaire {rng.choice(SHOP_NAMES)}",
        ("alimentation", "budget"),
        activity="Une épicerie où les familles aux petits budgets achètent des produits frais à 10 à 30 % du prix.",
    )


def p_velo(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice(("Atelier vélo", "Cycles et Partage", "La Roue Libre", "Vélo pour tous"))
    return Draft(
        f"{name} {de(c.name)}",
        ("mobilite", "reparation"),
        informal=0.2,
        activity="Un atelier où chacun apprend à réparer son vélo, avec des outils partagés et des vélos d'occasion remis en état.",
    )


def p_reparation(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice(("Café réparation", "Recyclerie", "Ressourcerie", "Les Bricoleurs solidaires"))
    return Draft(
        f"{name} {de(c.name)}",
        ("reparation", "environnement"),
        informal=0.3,
        activity="Une fois par mois, des bénévoles aident à réparer petit électroménager, vêtements et objets du quotidien.",
    )


def p_parents(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        f"Parents d'élèves de l'école {rng.choice(SCHOOLS)} ({c.name})",
        ("education", "famille"),
        informal=0.15,
        activity="Nous représentons les parents au conseil d'école et organisons la fête de fin d'année et la bourse aux livres.",
    )


def p_francais(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice(
        (
            f"Parlons français {at(c.name)}",
            f"Alphabétisation et Partage {de(c.name)}",
            f"Les Mots Partagés {de(c.name)}",
            f"Français pour tous {de(c.name)}",
        )
    )
    return Draft(
        name,
        ("apprendre-francais", "acces-droits"),
        activity="Des cours de français pour adultes, du niveau débutant à la préparation du DELF, en petits groupes.",
    )


def p_seniors(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice(
        (f"Club de l'Amitié {de(c.name)}", f"Les Aînés {de(c.name)}", f"Génération Sourire {de(c.name)}")
    )
    return Draft(
        name,
        ("seniors", "culture"),
        informal=0.0,
        activity="Chaque semaine : jeux, goûters, sorties et visites aux personnes isolées de la commune.",
    )


def p_chorale(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    if rng.random() < 0.6:
        return Draft(
            f"Chorale {rng.choice(CHOIRS)}",
            ("culture",),
            activity=f"Une chorale amateur qui répète le {rng.choice(WEEKDAYS_FR)} soir et chante dans les maisons de retraite.",
        )
    return Draft(
        f"Compagnie {rng.choice(TROUPES)}",
        ("culture", "jeunesse"),
        activity="Une troupe de théâtre amateur : ateliers pour enfants et adultes, deux spectacles par an.",
    )


def p_numerique(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice(
        (
            f"Numérique pour tous {de(c.name)}",
            "Les Clics Solidaires",
            "Connect'Entraide",
            "Le Bus du Numérique",
        )
    )
    if not name.endswith(c.name):
        name = f"{name} {de(c.name)}"
    return Draft(
        name,
        ("numerique", "acces-droits"),
        activity="Nous aidons à se servir d'un ordinateur ou d'un téléphone et à faire ses démarches en ligne, sans jugement.",
    )


def p_handicap(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice(
        (f"Handi'Sport {c.name}", f"Ensemble, différents {de(c.name)}", f"Les Ailes du Handicap {de(c.name)}")
    )
    return Draft(
        name,
        ("handicap", "sport") if "Sport" in name else ("handicap", "famille"),
        network=True,
        activity="Nous accompagnons les personnes en situation de handicap et leurs proches : loisirs, répit et défense des droits.",
    )


def p_accueil(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice((f"Terre d'Accueil {de(c.name)}", f"Accueil et Solidarité {de(c.name)}"))
    return Draft(
        name,
        ("acces-droits", "logement", "apprendre-francais"),
        network=True,
        activity="Nous accueillons les personnes exilées : accompagnement des démarches, hébergement solidaire, cours de français.",
    )


def p_couture(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        f"Les Petites Mains {de(c.name)}",
        ("culture", "reparation", "seniors"),
        informal=0.3,
        activity="Un atelier couture et tricot où l'on répare, transforme et apprend ensemble.",
    )


def p_budget(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        rng.choice((f"Écoute Budget {de(c.name)}", f"Budget Malin {de(c.name)}")),
        ("budget", "acces-droits"),
        activity="Des bénévoles formés aident à faire le point sur son budget, à prévenir et traiter le surendettement.",
    )


def p_famille(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    name = rng.choice(
        (
            f"Association familiale {de(c.name)}",
            f"Ludothèque {rng.choice(('La Toupie', 'Les Dés', 'Le Jeu de Paume'))}",
        )
    )
    return Draft(
        name,
        ("famille", "education") if name.startswith("Association") else ("famille", "culture"),
        acronym=("AF" + _commune_initial(c)) if name.startswith("Association") and rng.random() < 0.5 else "",
        activity="Nous proposons aux familles des ateliers parents-enfants, des sorties et un lieu pour se retrouver.",
    )


def p_mjc(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        f"Maison des jeunes et de la culture {de(c.name)}",
        ("jeunesse", "culture"),
        acronym="MJC",
        informal=0.0,
        activity="Accueil des jeunes, activités culturelles et sportives, accompagnement des projets des 11-25 ans.",
    )


def p_international(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    country, with_article, in_country = rng.choice(COUNTRIES)
    name = rng.choice(
        (
            f"Solidarité {c.name}–{country}",
            f"Ponts vers {with_article} {de(c.name)}",
            f"Drôme–{country} Partage",
        )
    )
    return Draft(
        name[0].upper() + name[1:],
        ("solidarite-internationale",),
        network=True,
        activity=f"Nous soutenons des projets d'écoles et de santé {in_country} et faisons connaître sa culture ici.",
    )


def p_logement(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        rng.choice((f"Un Toit pour Tous {de(c.name)}", f"Logis Partagé {de(c.name)}")),
        ("logement", "acces-droits"),
        network=True,
        activity="Nous aidons à trouver un logement, à s'y maintenir et nous développons l'habitat intergénérationnel.",
    )


def p_sante(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        rng.choice(
            (
                f"Santé Partagée {de(c.name)}",
                f"Prévention Santé {de(c.name)}",
                f"Les Blouses Solidaires {de(c.name)}",
            )
        ),
        ("sante", "acces-droits"),
        network=True,
        activity="Des actions de prévention, des ateliers bien-être et de l'aide pour accéder aux soins.",
    )


def p_emploi(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        rng.choice(
            (
                f"Tremplin Emploi {de(c.name)}",
                f"Cap Emploi Solidaire {de(c.name)}",
                f"Chantier d'insertion {de(c.name)}",
            )
        ),
        ("emploi", "acces-droits"),
        informal=0.0,
        activity="Nous accompagnons vers l'emploi : ateliers CV, simulations d'entretien et chantiers d'insertion.",
    )


def p_soutien(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        rng.choice((f"Coup de Pouce Devoirs {de(c.name)}", f"Soutien scolaire {de(c.name)}")),
        ("education", "jeunesse"),
        informal=0.2,
        activity="Aide aux devoirs du CP à la terminale, deux soirs par semaine, avec des bénévoles de tous âges.",
    )


def p_quartier(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        rng.choice((f"Collectif des habitants du quartier {q}", f"Vivre ensemble quartier {q}")),
        ("vie-quartier",),
        informal=0.7,
        activity="Des habitants qui font vivre le quartier : repas partagés, fête des voisins, propositions à la mairie.",
    )


def p_rando(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        f"Les Randonneurs {de(c.name)}",
        ("sport", "environnement"),
        activity="Des randonnées chaque semaine dans le Vercors et les collines de la Drôme, pour tous les niveaux.",
    )


def p_transport(rng: random.Random, c: CommuneInfo, q: str) -> Draft:
    return Draft(
        rng.choice((f"Transport solidaire {de(c.name)}", f"Covoiturage solidaire {de(c.name)}")),
        ("mobilite", "seniors"),
        informal=0.25,
        activity="Des conducteurs bénévoles emmènent chez le médecin ou au marché les personnes sans voiture.",
    )


# Patterns and their weights (how common such associations are).
# fmt: off
PATTERNS: tuple[tuple[Pattern, int], ...] = (
    (p_amis, 5), (p_entraide, 6), (p_jardins, 5), (p_sport, 14), (p_fetes, 4), (p_epicerie, 3),
    (p_velo, 2), (p_reparation, 3), (p_parents, 6), (p_francais, 3), (p_seniors, 5), (p_chorale, 6),
    (p_numerique, 3), (p_handicap, 3), (p_accueil, 2), (p_couture, 2), (p_budget, 2),
    (p_famille, 4), (p_mjc, 2), (p_international, 3), (p_logement, 2), (p_sante, 3), (p_emploi, 2),
    (p_soutien, 3), (p_quartier, 4), (p_rando, 3), (p_transport, 2),
)
# fmt: on
PATTERN_PICKER: WeightedPicker[Pattern] = WeightedPicker([p for p, _ in PATTERNS], [w for _, w in PATTERNS])

SECOND_SENTENCES = (
    "Nos bénévoles interviennent {at} et dans les communes voisines.",
    "Tout le monde est le bienvenu, quel que soit son âge ou son parcours.",
    "Les permanences ont lieu le {day} {slot}, sans rendez-vous.",
    "Nous cherchons des bénévoles, même pour une heure de temps en temps.",
    "L'adhésion est à prix libre ; personne n'est refusé faute de moyens.",
    "Nous travaillons avec le centre social et les autres associations du quartier.",
)
SLOTS_FR = ("matin", "après-midi", "en fin de journée")


# ---------------------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------------------


def make_siren(rng: random.Random) -> str:
    body = f"{rng.randint(1, 9)}{rng.randrange(10**7):07d}"
    return body + luhn.calc_check_digit(body)


def make_siret(siren: str, rng: random.Random) -> str:
    body = siren + f"{rng.randint(1, 30):04d}"
    return body + luhn.calc_check_digit(body)


def make_rna(commune: CommuneInfo, rng: random.Random) -> str:
    """W + 3 characters of the prefecture (department + 1) + 6 digits, like W261000123."""
    department = commune.department if commune.department.isdigit() else "20"
    return f"W{department[-2:].zfill(2)}{rng.randint(1, 3)}{rng.randrange(10**6):06d}"


# ---------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------


@dataclass
class AssociationSpec:
    name: str
    slug: str
    commune: CommuneInfo
    themes: tuple[str, ...]
    legal_form: str
    acronym: str = ""
    description: str = ""
    action_communes: list[str] = field(default_factory=list)
    verified: bool = True
    fixed: bool = False  # a named example of the article


def _named_examples(communes: dict[str, CommuneInfo]) -> list[AssociationSpec]:
    specs: list[AssociationSpec] = []
    romans = communes.get(ROMANS)
    if romans is not None:
        action = [ROMANS] + [i for i in (BOURG_DE_PEAGE, VALENCE) if i in communes]
        specs.append(
            AssociationSpec(
                name="La Bicyclette Bleue",
                slug="la-bicyclette-bleue",
                commune=romans,
                themes=("mobilite", "reparation"),
                legal_form=LegalForm.ASSOCIATION_1901,
                description=(
                    "Atelier vélo solidaire de Romans-sur-Isère : on y apprend à réparer son vélo et "
                    "on remet en état des vélos d'occasion pour celles et ceux qui en ont besoin. "
                    "Grâce au Forum des associations, nos ateliers de réemploi ont lieu aussi à la "
                    "Maison des familles et se sont étendus à deux nouveaux quartiers. "
                    "Bénévoles bienvenus, même sans savoir bricoler."
                ),
                action_communes=action,
                fixed=True,
            )
        )
    portes = communes.get(PORTES_LES_VALENCE)
    if portes is not None:
        specs.append(
            AssociationSpec(
                name="La Jardinerie partagée",
                slug="la-jardinerie-partagee",
                commune=portes,
                themes=("environnement", "alimentation", "famille"),
                legal_form=LegalForm.COLLECTIF,
                description=(
                    "Collectif informel de familles de Portes-lès-Valence autour d'un jardin partagé. "
                    "Nous organisons des ateliers compost et sensibilisons à une alimentation saine, "
                    "dans les locaux d'un centre social mis à disposition par l'Agglo. "
                    "Près de 70 habitants, toutes générations confondues, s'y retrouvent au fil des saisons."
                ),
                action_communes=[PORTES_LES_VALENCE],
                fixed=True,
            )
        )
    return specs


SECTORS = ("Nord", "Sud", "Est", "Ouest", "Centre")
# fmt: off
ORDINALS = (
    "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième",
    "neuvième", "dixième", "onzième", "douzième", "treizième", "quatorzième", "quinzième",
    "seizième", "dix-septième", "dix-huitième", "dix-neuvième", "vingtième",
)
# fmt: on


def _neighbourhood_names(name: str, quartiers: Sequence[str]) -> Iterator[str]:
    """``name – quartier X``, then with a sector, then a numbered branch in words: a name
    never ends with a number or carries a code (decision 1135)."""
    for quartier in quartiers:
        yield f"{name} – quartier {quartier}"
    for sector in SECTORS:
        for quartier in quartiers:
            yield f"{name} – quartier {quartier}, secteur {sector}"
    for ordinal in ORDINALS:
        for quartier in quartiers:
            yield f"{name} – {ordinal} antenne du quartier {quartier}"
    letters = string.ascii_uppercase
    for length in itertools.count(1):
        for combination in itertools.product(letters, repeat=length):
            yield f"{name} – antenne {''.join(combination)}"


def _neighbourhood_name(rng: random.Random, name: str, quartiers: Sequence[str], used: set[str]) -> str:
    """The first free ``name – quartier X`` (neighbourhoods in a random order), then variants."""
    for candidate in _neighbourhood_names(name, rng.sample(list(quartiers), len(quartiers))):
        if sort_key(candidate) not in used:
            return candidate
    raise AssertionError("unreachable: the variants never end")


def _legal_form(rng: random.Random, draft: Draft, commune: CommuneInfo) -> str:
    if rng.random() < draft.informal:
        return LegalForm.COLLECTIF
    roll = rng.random()
    if draft.network and roll < 0.06:
        return LegalForm.RUP
    if draft.network and roll < 0.09:
        return LegalForm.FONDATION
    if roll < 0.015:
        return LegalForm.AUTRE
    return LegalForm.ASSOCIATION_1908 if commune.department in ALSACE_MOSELLE else LegalForm.ASSOCIATION_1901


def _description(rng: random.Random, draft: Draft, commune: CommuneInfo, informal: bool) -> str:
    sentences = [draft.activity]
    extra = rng.sample(SECOND_SENTENCES, rng.randint(1, 2))
    for template in extra:
        sentences.append(
            template.format(at=at(commune.name), day=rng.choice(WEEKDAYS_FR), slot=rng.choice(SLOTS_FR))
        )
    if rng.random() < 0.5:
        year = rng.randint(1975, 2024)
        who = "Le collectif est né" if informal else "L'association a été créée"
        sentences.append(f"{who} en {year}.")
    return " ".join(sentences)


def _action_communes(rng: random.Random, commune: CommuneInfo, neighbours: Sequence[str]) -> list[str]:
    extra = rng.choices((0, 1, 2, 3), weights=(45, 30, 17, 8))[0]
    return [commune.insee, *neighbours[: min(extra, len(neighbours))]] if extra else [commune.insee]


def association_specs(ctx: DemoContext) -> list[AssociationSpec]:
    rng = ctx.rng("associations")
    by_insee = ctx.by_insee
    specs = _named_examples(by_insee)
    used_slugs = {s.slug for s in specs}
    used_names = {sort_key(s.name) for s in specs}
    total = max(ctx.scale.associations, len(specs))
    populated = [c for c in ctx.communes if c.population > 0]
    pool = populated or ctx.communes
    # A few in every populated commune (fewer when there are many communes), the rest by population.
    minimum = max(0, min(3, (total // 3) // max(1, len(pool))))
    counts = allocate(total, [max(c.population, 1) for c in pool], [minimum] * len(pool))
    for spec in specs:  # the named examples count in their commune
        i = next((k for k, c in enumerate(pool) if c.insee == spec.commune.insee), None)
        if i is not None and counts[i] > 0:
            counts[i] -= 1
    for commune, count in zip(pool, counts, strict=True):
        quartiers = QUARTIERS_BY_INSEE.get(commune.insee, QUARTIERS)
        neighbours = ctx.neighbours.get(commune.insee, [])
        for _ in range(count):
            draft: Draft | None = None
            for _attempt in range(30):
                candidate = PATTERN_PICKER.pick(rng)(rng, commune, rng.choice(quartiers))
                if sort_key(candidate.name) not in used_names:
                    draft = candidate
                    break
            if draft is None:  # the patterns are exhausted here (a big city): name a neighbourhood
                draft = replace(
                    candidate, name=_neighbourhood_name(rng, candidate.name, quartiers, used_names)
                )
            used_names.add(sort_key(draft.name))
            legal_form = _legal_form(rng, draft, commune)
            themes = list(draft.themes[: rng.randint(1, len(draft.themes))])
            acronym = draft.acronym
            if not acronym and rng.random() < 0.08:
                acronym = _acronym(draft.name)
            specs.append(
                AssociationSpec(
                    name=draft.name,
                    slug=unique_slug(draft.name, used_slugs),
                    commune=commune,
                    themes=tuple(themes),
                    legal_form=legal_form,
                    acronym=acronym[:30],
                    description=_description(rng, draft, commune, legal_form == LegalForm.COLLECTIF),
                    action_communes=_action_communes(rng, commune, neighbours),
                    verified=rng.random() < 0.9,
                )
            )
    return specs


UPDATE_FIELDS = [
    "name",
    "acronym",
    "legal_form",
    "rna",
    "siret",
    "head_office_commune",
    "description",
    "contact_email",
    "contact_phone",
    "website",
    "status",
    "verified_at",
    "verified_by",
    "created_by",
    "rejection_reason",
    "managerless_since",
    "is_demo",
    "search_document",
    "sort_name",
]


def generate_associations(ctx: DemoContext, people: Sequence[Person]) -> None:
    """Upsert the demo associations (stable slugs), their themes, communes and memberships."""
    rng = ctx.rng("association-details")
    specs = association_specs(ctx)
    by_insee = ctx.by_insee
    existing_slugs = dict(Association.objects.values_list("slug", "is_demo"))
    specs = [s for s in specs if existing_slugs.get(s.slug, True)]  # never overwrite a real one
    # Identifiers: unique, and never one already used by a real association.
    used_rna = set(Association.objects.filter(is_demo=False).exclude(rna="").values_list("rna", flat=True))
    used_siret = set(
        Association.objects.filter(is_demo=False).exclude(siret="").values_list("siret", flat=True)
    )
    # Free the identifiers of the previous run first, so that the upsert never collides with itself.
    Association.objects.filter(is_demo=True).update(rna="", siret="")

    locals_by_insee: dict[str, list[int]] = defaultdict(list)
    for person in people:
        if person.insee:
            locals_by_insee[person.insee].append(person.user_id)
    everyone = [p.user_id for p in people]

    rows: list[Association] = []
    teams: list[tuple[int, list[int]]] = []  # (manager, members) per row
    for spec in specs:
        informal = spec.legal_form == LegalForm.COLLECTIF
        rna = siret = ""
        if not informal:
            has_rna = rng.random() < 0.92
            if has_rna:
                rna = make_rna(spec.commune, rng)
                while rna in used_rna:
                    rna = make_rna(spec.commune, rng)
                used_rna.add(rna)
            if not has_rna or rng.random() < 0.55:
                siret = make_siret(make_siren(rng), rng)
                while siret in used_siret:
                    siret = make_siret(make_siren(rng), rng)
                used_siret.add(siret)
        team = _team(rng, spec, locals_by_insee, everyone, ctx)
        verified = spec.verified
        commune_names = [by_insee[i].name for i in spec.action_communes if i in by_insee]
        theme_labels = [THEME_BY_SLUG[t].label for t in spec.themes]
        description = spec.description + "\n\n" + FICTIONAL_MARKER
        rows.append(
            Association(
                name=spec.name,
                slug=spec.slug,
                acronym=spec.acronym,
                legal_form=spec.legal_form,
                rna=rna,
                siret=siret,
                head_office_commune_id=spec.commune.insee,
                description=description,
                contact_email=f"contact@{spec.slug[:60].strip('-')}.{DEMO_ASSOCIATION_DOMAIN}",
                contact_phone=fictional_phone(rng) if rng.random() < 0.7 else "",
                website="",
                status=AssociationStatus.VERIFIED if verified else AssociationStatus.PENDING,
                verified_at=days_before_reference(rng, 1, 4 * 365) if verified else None,
                verified_by=None,
                created_by_id=team[0] if team else None,
                rejection_reason="",
                managerless_since=None,
                is_demo=True,
                search_document=build_search_document(
                    name=spec.name,
                    acronym=spec.acronym,
                    description=spec.description,
                    commune_names=commune_names,
                    theme_labels=theme_labels,
                ),
                sort_name=sort_key(spec.name),
            )
        )
        teams.append((team[0], team[1:]) if team else (0, []))
    for batch in chunked(rows, BATCH_SIZE):
        Association.objects.bulk_create(
            list(batch), update_conflicts=True, unique_fields=["slug"], update_fields=UPDATE_FIELDS
        )
    _delete_stale(ctx, {s.slug for s in specs})

    ids = [a.pk for a in rows if existing_slugs.get(a.slug)]  # rows of a previous run
    theme_through = Association.themes.through
    commune_through = Association.communes.through
    for part in chunked(ids, IN_CHUNK):
        theme_through.objects.filter(association_id__in=part).delete()
        commune_through.objects.filter(association_id__in=part).delete()
        Membership.objects.filter(
            association_id__in=part, user__email__endswith="@" + DEMO_USER_DOMAIN
        ).delete()
    theme_through.objects.bulk_create(
        [
            theme_through(association_id=a.pk, theme_id=t)
            for a, s in zip(rows, specs, strict=True)
            for t in s.themes
        ],
        batch_size=BATCH_SIZE,
    )
    commune_through.objects.bulk_create(
        [
            commune_through(association_id=a.pk, commune_id=i)
            for a, s in zip(rows, specs, strict=True)
            for i in dict.fromkeys(s.action_communes)
        ],
        batch_size=BATCH_SIZE,
    )
    memberships = []
    for association, (manager, members) in zip(rows, teams, strict=True):
        if manager:
            memberships.append(
                Membership(association_id=association.pk, user_id=manager, role=MembershipRole.MANAGER)
            )
        memberships.extend(
            Membership(association_id=association.pk, user_id=m, role=MembershipRole.MEMBER) for m in members
        )
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE, ignore_conflicts=True)
    ctx.counts["associations"] = len(rows)
    ctx.counts["memberships"] = len(memberships)


def _team(
    rng: random.Random,
    spec: AssociationSpec,
    locals_by_insee: dict[str, list[int]],
    everyone: list[int],
    ctx: DemoContext,
) -> list[int]:
    """A manager and a few members, chosen among the people of its communes (then nearby, then anyone)."""
    if not everyone:
        return []
    size = 1 + rng.choices((1, 2, 3, 4, 5, 6, 8), weights=(10, 20, 22, 18, 12, 10, 8))[0]
    # Mostly people of its communes (then of nearby ones), sometimes anyone.
    local = [
        people
        for insee in (*spec.action_communes, *ctx.neighbours.get(spec.commune.insee, ()))
        if (people := locals_by_insee.get(insee))
    ][:4]
    chosen: list[int] = []
    seen: set[int] = set()
    for _ in range(size * 4):
        if len(chosen) >= size:
            break
        if local and not chosen:  # the manager lives where the association is based (or close by)
            candidate = rng.choice(local[0])
        elif local and rng.random() < 0.9:
            candidate = rng.choice(rng.choice(local))
        else:
            candidate = rng.choice(everyone)
        if candidate not in seen:
            seen.add(candidate)
            chosen.append(candidate)
    return chosen


def _delete_stale(ctx: DemoContext, wanted: set[str]) -> None:
    stale = [
        pk
        for pk, slug in Association.objects.filter(is_demo=True).values_list("pk", "slug")
        if slug not in wanted
    ]
    kept = 0
    for ids in chunked(stale, IN_CHUNK):
        try:
            Association.objects.filter(pk__in=ids).delete()
        except ProtectedError:
            kept += len(ids)
    if kept:
        ctx.log(f"{kept} ancienne(s) association(s) de démonstration conservée(s) car utilisée(s) ailleurs.")


def attach_role_accounts(*, log: Callable[[str], None] = print) -> None:
    """Give the member and manager accounts their place in La Bicyclette Bleue (when both exist)."""
    association = Association.objects.filter(slug=accounts_demo.BICYCLETTE_SLUG).first()
    specs = [spec for spec in accounts_demo.ROLE_ACCOUNTS if spec.membership]
    users = {u.email: u for u in User.objects.filter(email__in=[s.email for s in specs])}
    if not users:
        return
    if association is None:
        log(
            "La Bicyclette Bleue n'existe pas encore : lancez « manage.py generate_demo » pour "
            "rattacher les comptes membre et responsable."
        )
        return
    for spec in specs:
        user = users.get(spec.email)
        if user is not None:
            Membership.objects.update_or_create(
                association=association, user=user, defaults={"role": spec.membership}
            )
