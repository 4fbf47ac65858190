"""Texts of the grants demo: project titles and summaries that read like real files.

A small grammar (decision 1135): an action (what), a public (for whom) and a place (where:
a real neighbourhood of Valence or Romans-sur-Isère, or the commune), never a code or an
index. ``ic_project``, ``association_project`` and ``operating_object`` return a
``ProjectText`` from a ``random.Random`` and a place; the caller picks the place.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from solidaires.core.demo import QUARTIERS, QUARTIERS_BY_INSEE, CommuneInfo, at, de

# Communes large enough to speak of their neighbourhoods (the generic names elsewhere).
QUARTIER_MIN_POPULATION = 8_000


@dataclass(frozen=True)
class Place:
    """Where a project happens: ``title`` after a noun ("du quartier du Plan", "à Upie"),
    ``text`` in a sentence ("dans le quartier du Plan", "à Upie")."""

    insee: str
    title: str
    text: str
    commune_name: str


@dataclass(frozen=True)
class ProjectText:
    title: str
    summary: str
    audience: str
    expenses: tuple[str, ...]
    themes: tuple[str, ...]


def place_in(rng: random.Random, commune: CommuneInfo, *, quartier_share: float = 0.6) -> Place:
    """A neighbourhood of a large commune (often) or the commune itself."""
    quartiers = QUARTIERS_BY_INSEE.get(commune.insee)
    if quartiers is None and commune.population >= QUARTIER_MIN_POPULATION:
        quartiers = QUARTIERS
    if quartiers and rng.random() < quartier_share:
        q = rng.choice(quartiers)
        suffix = "" if commune.insee in QUARTIERS_BY_INSEE else f" {at(commune.name)}"
        return Place(commune.insee, f"du quartier {q}{suffix}", f"dans le quartier {q}{suffix}", commune.name)
    if rng.random() < 0.5:
        return Place(commune.insee, at(commune.name), at(commune.name), commune.name)
    return Place(commune.insee, de(commune.name), at(commune.name), commune.name)


# for whom: ("pour …", "à …" contracted, the "public concerné" field)
PUBLICS: dict[str, tuple[str, str, str]] = {
    "familles": ("les familles", "aux familles", "Les familles du quartier, parents et enfants."),
    "enfants": (
        "les enfants",
        "aux enfants et à leurs parents",
        "Les enfants de 6 à 12 ans et leurs parents.",
    ),
    "jeunes": ("les jeunes", "aux jeunes de 12 à 25 ans", "Les jeunes de 12 à 25 ans."),
    "seniors": (
        "les aînés",
        "aux personnes âgées",
        "Les aînés, en particulier les personnes qui vivent seules.",
    ),
    "tous": (
        "tous les habitants",
        "aux habitants de toutes générations",
        "Tous les habitants, petits et grands.",
    ),
    "isoles": (
        "les personnes isolées",
        "aux personnes isolées",
        "Les personnes isolées ou qui sortent peu de chez elles.",
    ),
    "arrivants": (
        "les nouveaux arrivants",
        "aux nouveaux arrivants",
        "Les nouveaux habitants et les personnes récemment arrivées en France.",
    ),
    "precaires": (
        "les personnes en précarité",
        "aux personnes en situation de précarité",
        "Les personnes aux revenus modestes, orientées par les travailleurs sociaux.",
    ),
    "handicap": (
        "les personnes en situation de handicap",
        "aux personnes en situation de handicap",
        "Les personnes en situation de handicap et leurs proches.",
    ),
    "demandeurs": (
        "les demandeurs d'emploi",
        "aux demandeurs d'emploi",
        "Les demandeurs d'emploi de longue durée et les allocataires du RSA.",
    ),
}

RHYTHMS = (
    "Les rendez-vous ont lieu le samedi matin, d'avril à octobre.",
    "Un rendez-vous par mois, le mercredi après-midi, toute l'année.",
    "Trois temps forts pendant l'été, en soirée.",
    "Deux séances par semaine pendant les vacances scolaires.",
    "Une journée de lancement au printemps, puis un rendez-vous chaque mois.",
    "Chaque premier samedi du mois, de 9 h à midi.",
    "Le mardi en fin d'après-midi, hors vacances scolaires.",
)
PEOPLE_BEHIND = (
    "Une dizaine de bénévoles du quartier porte le projet.",
    "Le projet est né d'une discussion entre voisins à la fête de l'école.",
    "Le centre social prête une salle et accompagne le groupe.",
    "La mairie met à disposition un terrain et un point d'eau.",
    "Le projet associe l'école et la maison citoyenne voisine.",
    "Les habitants ont choisi ce projet lors d'une réunion publique.",
    "Le conseil citoyen soutient le projet et aide à le faire connaître.",
)

# Initiatives Citoyennes: (title noun, sentence of the project with {lieu}, publics, expenses, themes)
IC_ACTIONS: tuple[tuple[tuple[str, ...], str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("Jardin partagé", "Potager partagé", "Jardin partagé au pied des immeubles"),
        "Créer {lieu} un jardin partagé d'une douzaine de bacs, dont deux accessibles en fauteuil.",
        ("familles", "tous", "seniors"),
        ("Bacs, terre et plants", "Outils et récupérateur d'eau", "Goûter d'inauguration"),
        ("environnement", "vie-quartier"),
    ),
    (
        ("Repair café mensuel", "Repair café", "Atelier de réparation des petits appareils"),
        "Réparer ensemble {lieu} petits appareils, vélos et vêtements plutôt que de les jeter.",
        ("tous", "seniors", "precaires"),
        ("Outillage et pièces détachées", "Assurance et communication", "Café et collation"),
        ("reparation", "environnement"),
    ),
    (
        ("Fête de quartier", "Fête des voisins", "Repas partagé de quartier"),
        "Une grande fête {lieu}, avec un repas partagé, des jeux pour les enfants et un bal en soirée.",
        ("tous", "familles"),
        ("Location de matériel et sonorisation", "Animations et jeux", "Affiches et tracts"),
        ("vie-quartier", "culture"),
    ),
    (
        ("Boîtes à livres", "Boîtes à livres et lectures au jardin"),
        "Installer et faire vivre {lieu} trois boîtes à livres, avec des lectures à voix haute.",
        ("tous", "enfants"),
        ("Fabrication des boîtes", "Premiers livres", "Peinture et signalétique"),
        ("culture", "education"),
    ),
    (
        ("Ateliers cuisine du monde", "Cuisine partagée", "Ateliers cuisine entre voisines"),
        "Des ateliers de cuisine {lieu} où chacun apprend une recette de son pays aux autres.",
        ("arrivants", "familles", "tous"),
        ("Ingrédients", "Petit matériel de cuisine", "Location de la cuisine"),
        ("alimentation", "vie-quartier"),
    ),
    (
        ("Fresque participative", "Fresque murale avec les habitants"),
        "Peindre avec les habitants une fresque sur un mur {lieu}, accompagnés par une artiste.",
        ("jeunes", "enfants", "tous"),
        ("Intervention de l'artiste", "Peinture et nacelle", "Inauguration"),
        ("culture", "vie-quartier"),
    ),
    (
        ("Cinéma en plein air", "Ciné plein air", "Séances de cinéma sous les étoiles"),
        "Trois séances de cinéma gratuites en plein air {lieu}, précédées d'un pique-nique.",
        ("familles", "tous"),
        ("Location de l'écran et du projecteur", "Droits de diffusion", "Communication"),
        ("culture",),
    ),
    (
        ("Chantier nature", "Nettoyage des berges", "Plantation d'une haie champêtre"),
        "Nettoyer les berges et planter une haie {lieu} avec les familles et l'école.",
        ("familles", "enfants"),
        ("Plants et paillage", "Gants, sacs et outils", "Repas des bénévoles"),
        ("environnement",),
    ),
    (
        ("Café des parents", "Rencontres entre parents"),
        "Un lieu d'échange {lieu} pour les parents, avec une garde d'enfants sur place.",
        ("familles",),
        ("Intervention d'une animatrice", "Jeux pour la garde d'enfants", "Café et collation"),
        ("famille",),
    ),
    (
        ("Grainothèque", "Troc de graines et de plants", "Grainothèque et bourse aux plantes"),
        "Une grainothèque {lieu} et deux bourses d'échange de plants par an.",
        ("tous", "seniors"),
        ("Meuble de la grainothèque", "Sachets et étiquettes", "Communication"),
        ("environnement",),
    ),
    (
        ("Atelier vélo solidaire", "Atelier d'autoréparation de vélos"),
        "Apprendre à réparer son vélo {lieu}, et remettre en état des vélos donnés pour les prêter.",
        ("jeunes", "precaires", "tous"),
        ("Outillage", "Pièces détachées", "Local et assurance"),
        ("mobilite", "reparation"),
    ),
    (
        ("Ateliers compost", "Compostage collectif", "Composteur partagé"),
        "Installer un composteur partagé {lieu} et animer des ateliers pour bien composter.",
        ("tous", "familles"),
        ("Composteurs en bois", "Bio-seaux pour les foyers", "Ateliers de formation"),
        ("environnement", "alimentation"),
    ),
    (
        ("Tournoi de foot intergénérationnel", "Tournoi sportif des familles"),
        "Un tournoi {lieu} où jeunes, parents et grands-parents jouent dans les mêmes équipes.",
        ("jeunes", "familles"),
        ("Arbitrage et matériel", "Récompenses", "Buvette et collation"),
        ("sport", "jeunesse"),
    ),
    (
        ("Balades patrimoine avec les anciens", "Mémoire du quartier", "Parcours mémoire des habitants"),
        "Recueillir les souvenirs des anciens et en faire des balades commentées {lieu}.",
        ("seniors", "tous"),
        ("Enregistrement et montage", "Impression du livret", "Panneaux du parcours"),
        ("culture", "seniors"),
    ),
    (
        ("Bal populaire", "Guinguette d'été"),
        "Un bal populaire {lieu} avec un orchestre local et une buvette tenue par les habitants.",
        ("tous",),
        ("Cachet de l'orchestre", "Sonorisation et éclairage", "Sécurité"),
        ("culture", "vie-quartier"),
    ),
    (
        ("Journal de quartier", "Petit journal des habitants"),
        "Un journal écrit par les habitants {lieu}, quatre numéros par an distribués dans les boîtes.",
        ("tous", "jeunes"),
        ("Impression", "Atelier d'écriture", "Appareil photo"),
        ("vie-quartier", "culture"),
    ),
    (
        ("Ateliers numériques pour les aînés", "Permanence numérique entre voisins"),
        "Aider les aînés {lieu} à se servir d'un téléphone, à faire leurs démarches et à garder contact.",
        ("seniors", "isoles"),
        ("Tablettes de prêt", "Connexion et petit matériel", "Supports imprimés"),
        ("numerique", "seniors"),
    ),
    (
        ("Goûters-jeux intergénérationnels", "Après-midi jeux entre générations"),
        "Des après-midi de jeux de société {lieu} entre enfants du quartier et résidents de la résidence seniors.",
        ("seniors", "enfants"),
        ("Jeux de société", "Goûters", "Transport des résidents"),
        ("seniors", "famille"),
    ),
    (
        ("Ramassage citoyen des déchets", "Opération quartier propre"),
        "Deux journées de ramassage des déchets {lieu}, suivies d'un repas partagé.",
        ("familles", "jeunes"),
        ("Gants, pinces et sacs", "Repas partagé", "Communication"),
        ("environnement", "vie-quartier"),
    ),
    (
        ("Scène ouverte des jeunes", "Spectacle des enfants du quartier"),
        "Préparer pendant l'année un spectacle {lieu} avec les jeunes, joué devant les familles.",
        ("jeunes", "enfants"),
        ("Intervenants artistiques", "Costumes et décors", "Location de la salle"),
        ("culture", "jeunesse"),
    ),
    (
        ("Marché de Noël solidaire", "Marché des créateurs solidaire"),
        "Un marché de Noël {lieu} où les habitants vendent leurs créations au profit d'une action locale.",
        ("tous",),
        ("Location des chalets", "Décoration", "Communication"),
        ("vie-quartier",),
    ),
    (
        ("Verger partagé", "Plantation d'un verger communal"),
        "Planter {lieu} un verger de variétés anciennes, entretenu et récolté par les habitants.",
        ("tous", "enfants"),
        ("Arbres fruitiers", "Protections et tuteurs", "Formation à la taille"),
        ("environnement", "alimentation"),
    ),
    (
        ("Atelier couture et réemploi", "Atelier couture solidaire"),
        "Un atelier de couture {lieu} pour réparer, transformer et donner une seconde vie aux vêtements.",
        ("precaires", "arrivants", "tous"),
        ("Machines à coudre", "Fournitures", "Local"),
        ("reparation",),
    ),
    (
        ("Chorale éphémère", "Chorale des habitants"),
        "Une chorale ouverte à tous {lieu}, sans audition, qui chante à la fête de la musique.",
        ("tous", "seniors"),
        ("Cheffe de chœur", "Partitions", "Location de la salle"),
        ("culture",),
    ),
    (
        ("Nichoirs et hôtels à insectes", "Refuge pour la biodiversité"),
        "Fabriquer avec les enfants des nichoirs et des hôtels à insectes et les installer {lieu}.",
        ("enfants", "familles"),
        ("Bois et quincaillerie", "Intervention d'un naturaliste", "Panneaux pédagogiques"),
        ("environnement", "education"),
    ),
    (
        ("Accueil des nouveaux habitants", "Pot d'accueil des nouveaux arrivants"),
        "Accueillir les nouveaux habitants {lieu} : un pot, une balade et un livret des bonnes adresses.",
        ("arrivants",),
        ("Livret d'accueil", "Pot d'accueil", "Traduction"),
        ("vie-quartier", "acces-droits"),
    ),
    (
        ("Ludothèque éphémère", "Jeux dans la rue"),
        "Sortir les jeux dans la rue {lieu} les mercredis d'été, en bas des immeubles.",
        ("enfants", "familles"),
        ("Jeux et malles", "Tonnelles", "Goûters"),
        ("famille", "jeunesse"),
    ),
)

# Subventions de projet (associations): (action, sentence, publics, expenses, themes)
PROJECT_ACTIONS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Ateliers numériques",
        "Des ateliers en petit groupe pour apprendre à utiliser un ordinateur et faire ses démarches en ligne.",
        ("seniors", "demandeurs", "arrivants"),
        ("Animateur numérique", "Ordinateurs portables", "Supports pédagogiques"),
        ("numerique", "acces-droits"),
    ),
    (
        "Séjour vacances",
        "Un séjour d'une semaine à la montagne, préparé avec les participants tout au long de l'année.",
        ("familles", "jeunes"),
        ("Hébergement et transport", "Activités", "Encadrement"),
        ("famille", "jeunesse"),
    ),
    (
        "Cours de français à visée professionnelle",
        "Des cours de français tournés vers l'emploi : vocabulaire des métiers, entretiens, visites d'entreprises.",
        ("arrivants", "demandeurs"),
        ("Formatrice", "Manuels", "Garde d'enfants pendant les cours"),
        ("apprendre-francais", "emploi"),
    ),
    (
        "Minibus solidaire",
        "Un minibus associatif qui conduit les habitants des villages vers les services, le marché et les soins.",
        ("seniors", "isoles"),
        ("Location et carburant", "Assurance", "Coordination des chauffeurs bénévoles"),
        ("mobilite", "seniors"),
    ),
    (
        "Festival des solidarités",
        "Une semaine de rencontres, de projections et de débats avec les associations du territoire.",
        ("tous", "jeunes"),
        ("Programmation", "Communication", "Logistique"),
        ("culture", "vie-quartier"),
    ),
    (
        "Chantier éducatif",
        "Des chantiers courts et rémunérés qui permettent aux jeunes de découvrir un métier.",
        ("jeunes",),
        ("Encadrant technique", "Matériaux", "Rémunération des jeunes"),
        ("jeunesse", "emploi"),
    ),
    (
        "Permanences d'accès aux droits",
        "Des permanences sans rendez-vous pour s'y retrouver dans les démarches : CAF, santé, logement, retraite.",
        ("precaires", "seniors", "arrivants"),
        ("Temps de juriste", "Frais de déplacement", "Communication"),
        ("acces-droits",),
    ),
    (
        "Aide aux devoirs",
        "Un accompagnement à la scolarité deux soirs par semaine, en lien avec les enseignants.",
        ("enfants", "jeunes"),
        ("Coordination des bénévoles", "Fournitures", "Sorties culturelles"),
        ("education",),
    ),
    (
        "Jardin d'insertion",
        "Un jardin maraîcher où des personnes éloignées de l'emploi reprennent pied, encadrées par un maraîcher.",
        ("demandeurs", "precaires"),
        ("Encadrant maraîcher", "Semences et petit matériel", "Irrigation"),
        ("emploi", "environnement"),
    ),
    (
        "Visites de convivialité",
        "Des bénévoles formés rendent visite chaque semaine aux personnes âgées qui vivent seules.",
        ("seniors", "isoles"),
        ("Formation des bénévoles", "Frais de déplacement", "Coordination"),
        ("seniors",),
    ),
    (
        "Prévention santé",
        "Des ateliers de prévention (sommeil, nutrition, dépistages) animés avec des professionnels de santé.",
        ("precaires", "seniors", "jeunes"),
        ("Intervenants", "Supports", "Location de salles"),
        ("sante",),
    ),
    (
        "Rayon de produits frais de l'épicerie solidaire",
        "Proposer des fruits, des légumes et des produits laitiers à petit prix, achetés à des producteurs locaux.",
        ("precaires", "familles"),
        ("Réfrigérateur et vitrine", "Achats aux producteurs", "Formation des bénévoles"),
        ("alimentation",),
    ),
    (
        "Atelier vélo itinérant",
        "Un atelier de réparation de vélos qui s'installe chaque semaine dans un quartier différent.",
        ("tous", "jeunes"),
        ("Remorque atelier", "Outillage", "Mécanicien"),
        ("mobilite", "reparation"),
    ),
    (
        "Résidence d'artistes",
        "Des artistes en résidence créent un spectacle avec les habitants, joué en fin d'année.",
        ("tous", "jeunes"),
        ("Cachets des artistes", "Technique", "Communication"),
        ("culture",),
    ),
    (
        "Sport adapté",
        "Des séances de sport adapté encadrées par un éducateur diplômé, ouvertes aux valides aussi.",
        ("handicap",),
        ("Éducateur sportif", "Matériel adapté", "Transport"),
        ("sport", "handicap"),
    ),
    (
        "Médiation de rue",
        "Des médiateurs présents en soirée pour apaiser les conflits et orienter les jeunes vers les bonnes structures.",
        ("jeunes",),
        ("Temps de médiateur", "Formation", "Frais de fonctionnement"),
        ("jeunesse",),
    ),
    (
        "Cafés bénévolat itinérants",
        "Des cafés dans les villages pour faire connaître les associations et trouver de nouveaux bénévoles.",
        ("tous",),
        ("Animation", "Communication", "Collation"),
        ("vie-quartier",),
    ),
    (
        "Accompagnement budgétaire",
        "Des rendez-vous individuels et des ateliers collectifs pour tenir son budget et éviter le surendettement.",
        ("precaires", "familles"),
        ("Conseillère en économie sociale et familiale", "Supports", "Location de salles"),
        ("budget",),
    ),
)

# Operating subsidies: the association's yearly activity, by its first theme.
OPERATING_OBJECTS: dict[str, tuple[str, ...]] = {
    "alimentation": (
        "Distribution alimentaire et accueil des familles",
        "Fonctionnement de l'épicerie solidaire",
    ),
    "acces-droits": (
        "Permanences d'accès aux droits et accompagnement administratif",
        "Accueil, écoute et orientation des personnes en difficulté",
    ),
    "apprendre-francais": ("Cours de français pour adultes tout au long de l'année",),
    "budget": ("Accompagnement budgétaire des familles",),
    "culture": (
        "Programme culturel de l'année et ateliers de pratique amateur",
        "Saison de spectacles et ateliers",
    ),
    "education": ("Accompagnement à la scolarité et aide aux devoirs",),
    "emploi": (
        "Accompagnement vers l'emploi et chantier d'insertion",
        "Fonctionnement de la structure d'insertion",
    ),
    "environnement": ("Animation du jardin et sensibilisation à l'environnement",),
    "famille": ("Accueil des familles et activités parents-enfants",),
    "jeunesse": ("Accueil des jeunes et animations de proximité", "Fonctionnement de l'espace jeunes"),
    "logement": ("Accompagnement au logement et hébergement temporaire",),
    "mobilite": ("Transport solidaire et aide à la mobilité",),
    "numerique": ("Médiation numérique et accès aux outils en ligne",),
    "reparation": ("Ateliers de réparation et de réemploi",),
    "sante": ("Actions de prévention santé et d'écoute",),
    "seniors": ("Lutte contre l'isolement des aînés : visites et activités",),
    "sport": ("Pratique sportive pour tous et école de sport",),
    "vie-quartier": ("Animation de la vie de quartier et fêtes de proximité",),
    "handicap": ("Activités de loisirs et accompagnement des personnes en situation de handicap",),
    "international": ("Actions de solidarité internationale et sensibilisation des habitants",),
}
OPERATING_DEFAULT = ("Fonctionnement général et vie associative",)
OPERATING_EXPENSES = ("Salaires et charges", "Loyer et charges locatives", "Activités et matériel")
# Themes whose associations are large employers (insertion, social centres…): bigger grants.
LARGE_THEMES = {"emploi", "acces-droits", "alimentation", "jeunesse", "logement"}

GROUP_NAMES = (
    "Collectif des voisins {de}",
    "Les Habitants {du_quartier}",
    "Les Amis {du_quartier}",
    "Collectif citoyen {de}",
    "Les Voisins solidaires {de}",
)


def ic_project(rng: random.Random, place: Place) -> ProjectText:
    titles, sentence, publics, expenses, themes = rng.choice(IC_ACTIONS)
    _for, to, audience = PUBLICS[rng.choice(publics)]
    summary = " ".join(
        (
            sentence.format(lieu=place.text),
            f"Le projet s'adresse d'abord {to}.",
            rng.choice(RHYTHMS),
            rng.choice(PEOPLE_BEHIND),
        )
    )
    return ProjectText(f"{rng.choice(titles)} {place.title}", summary, audience, expenses, themes)


def association_project(rng: random.Random, place: Place) -> ProjectText:
    action, sentence, publics, expenses, themes = rng.choice(PROJECT_ACTIONS)
    public_key = rng.choice(publics)
    phrase, to, audience = PUBLICS[public_key]
    title = f"{action} pour {phrase} {place.title}" if rng.random() < 0.6 else f"{action} {place.title}"
    summary = " ".join(
        (
            sentence,
            f"Le projet s'adresse d'abord {to} {place.text}.",
            rng.choice(
                (
                    "Il est mené avec les partenaires sociaux du territoire.",
                    "Il prolonge une première édition réussie, avec plus de participants.",
                    "Il est cofinancé par le Département et la CAF.",
                    "Les participants sont associés à chaque étape.",
                )
            ),
        )
    )
    return ProjectText(title[0].upper() + title[1:], summary, audience, expenses, themes)


def operating_object(rng: random.Random, themes: list[str], commune: CommuneInfo) -> ProjectText:
    objects = next((OPERATING_OBJECTS[t] for t in themes if t in OPERATING_OBJECTS), OPERATING_DEFAULT)
    obj = rng.choice(objects)
    title = obj if rng.random() < 0.5 else f"{obj} {at(commune.name)}"
    summary = (
        f"Soutien à l'activité de l'association sur l'année : {obj[0].lower()}{obj[1:]} "
        f"{at(commune.name)} et dans les communes voisines. "
        "Le budget joint présente les charges de l'année et les autres financements."
    )
    return ProjectText(title, summary, "Les habitants de l'Agglo.", OPERATING_EXPENSES, tuple(themes[:2]))


def group_name(rng: random.Random, place: Place) -> str:
    template = rng.choice(GROUP_NAMES)
    quartier = place.title if place.title.startswith("du quartier") else de(place.commune_name)
    return template.format(de=de(place.commune_name), du_quartier=quartier)
