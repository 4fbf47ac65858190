"""Demo missions and volunteer offers (called by solidaires.volunteering.demo.generate).

Missions of the demo associations (and a few informal groups) and volunteer offers of
generated people. Idempotent: this app's demo rows (``is_demo=True``) are deleted and
recreated. Deterministic draws from ``ctx.rng``; open missions are dated from *now* so that
the demo stays current whatever the day it is generated (decision 0802).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from solidaires.core.demo import FICTIONAL_MARKER, DemoContext, chunked
from solidaires.core.search import sort_key
from solidaires.volunteering.missions.indexing import mission_search_document, offer_search_document
from solidaires.volunteering.missions.models import (
    Mission,
    MissionState,
    OfferState,
    ScheduleKind,
    VolunteerOffer,
)

MISSIONS_AT_AGGLO = 400
OFFERS_AT_AGGLO = 250
BICYCLETTE_SLUG = "la-bicyclette-bleue"
MANAGER_EMAIL_PREFIX = "responsable@"

# (theme slug, title, description, skills)
MISSION_TEMPLATES: tuple[tuple[str, str, str, str], ...] = (
    (
        "alimentation",
        "Distribution de colis alimentaires",
        "Accueillir les familles, préparer et distribuer les colis de la semaine.",
        "Aucune compétence particulière, juste le sourire.",
    ),
    (
        "alimentation",
        "Collecte en supermarché",
        "Tenir un stand à l'entrée du magasin et trier les dons.",
        "",
    ),
    (
        "alimentation",
        "Cuisine solidaire du jeudi",
        "Préparer un repas partagé avec les habitants du quartier.",
        "Aimer cuisiner pour 30 personnes.",
    ),
    (
        "numerique",
        "Permanence d'aide au numérique",
        "Aider des personnes à utiliser leur téléphone, leurs mails et les sites administratifs.",
        "Être à l'aise avec un smartphone et beaucoup de patience.",
    ),
    (
        "numerique",
        "Atelier ordinateur pour seniors",
        "Accompagner un petit groupe qui découvre l'ordinateur.",
        "Pédagogie, patience.",
    ),
    (
        "education",
        "Aide aux devoirs",
        "Accompagner des collégiens pour leurs devoirs, deux soirs par semaine.",
        "Niveau lycée en maths ou en français.",
    ),
    (
        "apprendre-francais",
        "Conversation en français",
        "Animer un atelier de conversation pour des adultes qui apprennent le français.",
        "Parler lentement, écouter beaucoup.",
    ),
    (
        "seniors",
        "Visites de convivialité",
        "Rendre visite à des personnes âgées isolées, discuter, jouer aux cartes.",
        "",
    ),
    (
        "seniors",
        "Accompagnement aux courses",
        "Accompagner une personne âgée pour ses courses de la semaine.",
        "Avoir une voiture est un plus.",
    ),
    (
        "environnement",
        "Chantier au jardin partagé",
        "Désherber, planter, arroser : une matinée au jardin.",
        "",
    ),
    (
        "environnement",
        "Nettoyage des berges",
        "Ramasser les déchets le long de la rivière avec l'équipe.",
        "",
    ),
    (
        "reparation",
        "Repair café : réparer avec les habitants",
        "Aider les visiteurs à réparer petit électroménager, vêtements, vélos.",
        "Bricolage, couture ou électronique.",
    ),
    (
        "mobilite",
        "Atelier vélo participatif",
        "Aider à réparer les vélos et apprendre aux enfants à rouler en sécurité.",
        "Savoir changer une chambre à air.",
    ),
    (
        "mobilite",
        "Chauffeur solidaire",
        "Conduire des habitants sans voiture vers leurs rendez-vous médicaux.",
        "Permis B depuis plus de 3 ans.",
    ),
    (
        "culture",
        "Accueil au festival de quartier",
        "Accueillir le public, tenir la buvette, aider au montage.",
        "",
    ),
    (
        "culture",
        "Lecture à la médiathèque",
        "Lire des histoires aux enfants le mercredi après-midi.",
        "Aimer lire à voix haute.",
    ),
    ("sport", "Encadrement d'un tournoi de foot", "Arbitrer et encadrer les équipes de jeunes.", ""),
    (
        "jeunesse",
        "Animation au centre de loisirs",
        "Proposer des jeux et activités aux enfants pendant les vacances.",
        "BAFA apprécié mais pas obligatoire.",
    ),
    (
        "famille",
        "Garde d'enfants pendant un atelier parents",
        "Garder les enfants pendant que les parents suivent un atelier.",
        "",
    ),
    (
        "acces-droits",
        "Accueil à la permanence d'accès aux droits",
        "Accueillir les personnes, les orienter et les aider à remplir des formulaires.",
        "Discrétion.",
    ),
    (
        "handicap",
        "Accompagnement sortie nature",
        "Accompagner des personnes en situation de handicap pour une sortie au parc.",
        "",
    ),
    ("vie-quartier", "Fête des voisins", "Aider à installer les tables et à accueillir les voisins.", ""),
    (
        "logement",
        "Aide au déménagement solidaire",
        "Porter des cartons pour une famille relogée.",
        "Bonne condition physique.",
    ),
    ("sante", "Accueil au don du sang", "Accueillir les donneurs et servir la collation.", ""),
)

OFFER_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("education", "Aide aux devoirs en maths", "Ancienne professeure, j'aime expliquer simplement."),
    ("apprendre-francais", "Conversation en français", "Je peux animer des discussions autour d'un café."),
    ("numerique", "Aide avec le smartphone", "Je travaille dans l'informatique et j'ai de la patience."),
    ("reparation", "Petites réparations", "Je bricole : étagères, robinets, petits meubles."),
    ("environnement", "Jardinage", "J'ai un peu de temps le week-end pour les jardins partagés."),
    ("mobilite", "Conduire des personnes à leurs rendez-vous", "J'ai une voiture et du temps en semaine."),
    ("seniors", "Tenir compagnie à des personnes âgées", "Je suis à la retraite et j'aime discuter."),
    ("culture", "Aide à l'organisation d'événements", "Montage, accueil, buvette : je suis partant."),
    ("alimentation", "Cuisine et distribution de repas", "J'aime cuisiner en grande quantité."),
    ("sport", "Encadrer des activités sportives", "Ancien entraîneur de basket."),
    (
        "acces-droits",
        "Aide aux démarches administratives",
        "Je connais bien les sites de la CAF et des impôts.",
    ),
    ("jeunesse", "Animation pour les enfants", "Titulaire du BAFA, disponible pendant les vacances."),
)
GROUP_NAMES = (
    "Les voisins de la rue des Alpes",
    "Collectif du jardin Chony",
    "Parents d'élèves de l'école Jean-Macé",
    "Les amis du quartier Fontbarlettes",
    "Collectif Zéro déchet",
)


def _aware(day: Any, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _scaled(ctx: DemoContext, at_agglo: int) -> int:
    return max(10, round(at_agglo * ctx.scale.associations / 360))


def generate_missions(ctx: DemoContext, people: Any) -> int:
    from solidaires.associations.models import Association, Membership, MembershipRole
    from solidaires.core.models import Theme

    Mission.objects.filter(is_demo=True).delete()
    rng = ctx.rng("missions")
    theme_labels = dict(Theme.objects.values_list("slug", "label"))
    commune_names = {c.insee: c.name for c in ctx.communes}
    associations = list(
        Association.objects.filter(is_demo=True, status="verified")
        .order_by("pk")
        .values_list("pk", "name", "slug", "head_office_commune_id")
    )
    managers: dict[int, int] = {}
    for association_id, user_id, email in (
        Membership.objects.filter(role=MembershipRole.MANAGER, association__is_demo=True)
        .order_by("association_id", "-user__email")
        .values_list("association_id", "user_id", "user__email")
    ):
        # The demo manager account wins for its association (it has missions to manage).
        if association_id not in managers or email.startswith(MANAGER_EMAIL_PREFIX):
            managers[association_id] = user_id
    people_ids = [p.user_id for p in people] or [None]
    total = _scaled(ctx, MISSIONS_AT_AGGLO)
    now = timezone.now()
    today = timezone.localdate()
    bicyclette = next((a for a in associations if a[2] == BICYCLETTE_SLUG), None)
    rows: list[tuple[Mission, list[str], list[str]]] = []
    for n in range(total):
        theme, title, description, skills = MISSION_TEMPLATES[rng.randrange(len(MISSION_TEMPLATES))]
        if bicyclette is not None and n < 6:
            association = bicyclette
            theme, title, description, skills = MISSION_TEMPLATES[12 if n % 2 == 0 else 11]
        elif associations and rng.random() > 0.05:
            association = associations[rng.randrange(len(associations))]
        else:
            association = None
        if association is not None:
            commune = association[3]
            poster = managers.get(association[0]) or people_ids[rng.randrange(len(people_ids))]
            group_name = ""
        else:
            commune = ctx.communes[rng.randrange(len(ctx.communes))].insee
            poster = people_ids[rng.randrange(len(people_ids))]
            group_name = GROUP_NAMES[rng.randrange(len(GROUP_NAMES))]
        communes = [commune]
        neighbours = ctx.neighbours.get(commune, [])
        if neighbours and rng.random() < 0.3:
            communes.append(neighbours[rng.randrange(len(neighbours))])
        roll = rng.random()
        state = MissionState.PUBLISHED
        if roll < 0.06:
            state = MissionState.CLOSED
        elif roll < 0.10:
            state = MissionState.EXPIRED
        elif roll < 0.13:
            state = MissionState.DRAFT
        if bicyclette is not None and n < 6:
            state = MissionState.PUBLISHED if n < 5 else MissionState.DRAFT
        kind_roll = rng.random()
        weekly: list[dict[str, Any]] = []
        past = state in (MissionState.CLOSED, MissionState.EXPIRED)
        if kind_roll < 0.6:
            kind = ScheduleKind.ONE_OFF
            offset = -rng.randint(5, 120) if past else rng.randint(2, 75)
            day = today + timedelta(days=offset)
            start_hour = rng.choice((9, 10, 14, 15, 18))
            starts_at: datetime | None = _aware(day, start_hour)
            ends_at: datetime | None = _aware(day, start_hour + rng.choice((2, 3, 4)))
        elif kind_roll < 0.85:
            kind = ScheduleKind.RECURRING
            start_hour = rng.choice((9, 14, 17))
            weekly = [
                {
                    "weekday": rng.randrange(6),
                    "start": f"{start_hour:02d}:00",
                    "end": f"{start_hour + 2:02d}:00",
                }
            ]
            starts_at = None
            ends_at = (
                _aware(today - timedelta(days=rng.randint(5, 60)), 23, 59)
                if past
                else _aware(today + timedelta(days=rng.randint(60, 240)), 23, 59)
            )
        else:
            kind = ScheduleKind.FLEXIBLE
            starts_at = None
            ends_at = _aware(today - timedelta(days=rng.randint(5, 60)), 23, 59) if past else None
        published_at = (
            None
            if state == MissionState.DRAFT
            else now - timedelta(days=rng.randint(0, 45), hours=rng.randint(0, 23))
        )
        organiser = association[1] if association else group_name
        mission = Mission(
            title=title,
            description=f"{description}\n\n{FICTIONAL_MARKER}",
            skills=skills,
            association_id=association[0] if association else None,
            group_name=group_name,
            posted_by_id=poster,
            contact_id=poster,
            is_remote=theme == "numerique" and rng.random() < 0.3,
            schedule_kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            weekly_slots=weekly,
            volunteers_wanted=rng.choice((1, 2, 2, 3, 4, 5, 8)),
            min_age=rng.choice((None, None, None, 16, 18)),
            parental_consent_below_18=rng.random() < 0.2,
            youth_friendly=rng.random() < 0.25,
            accessible_prm=rng.random() < 0.35,
            car_needed=theme == "mobilite" and "Chauffeur" in title,
            state=state,
            published_at=published_at,
            closed_at=ends_at if past else None,
            is_demo=True,
            search_document=mission_search_document(
                title=title,
                organiser=organiser,
                skills=skills,
                description=description,
                commune_names=[commune_names.get(c, "") for c in communes],
                theme_labels=[theme_labels.get(theme, "")],
            ),
            sort_title=sort_key(title),
        )
        rows.append((mission, [theme], list(dict.fromkeys(communes))))
    for batch in chunked(rows, 500):
        created = Mission.objects.bulk_create([m for m, _t, _c in batch])
        for mission, (_m, themes, communes) in zip(created, batch, strict=True):
            mission._demo_links = (themes, communes)  # type: ignore[attr-defined]
        Mission.themes.through.objects.bulk_create(
            [
                Mission.themes.through(mission_id=m.pk, theme_id=t)
                for m in created
                for t in m._demo_links[0]  # type: ignore[attr-defined]
                if t in theme_labels
            ]
        )
        Mission.communes.through.objects.bulk_create(
            [
                Mission.communes.through(mission_id=m.pk, commune_id=c)
                for m in created
                for c in m._demo_links[1]  # type: ignore[attr-defined]
            ]
        )
    ctx.counts["missions"] = len(rows)
    ctx.counts["missions_open"] = sum(1 for m, _t, _c in rows if m.state == MissionState.PUBLISHED)
    ctx.log(f"Missions : {ctx.counts['missions']} ({ctx.counts['missions_open']} ouvertes)")
    return len(rows)


def generate_offers(ctx: DemoContext, people: Any) -> int:
    from solidaires.core.models import Theme

    VolunteerOffer.objects.filter(is_demo=True).delete()
    if not people:
        ctx.counts["volunteer_offers"] = 0
        return 0
    rng = ctx.rng("offers")
    theme_labels = dict(Theme.objects.values_list("slug", "label"))
    commune_names = {c.insee: c.name for c in ctx.communes}
    today = timezone.localdate()
    total = _scaled(ctx, OFFERS_AT_AGGLO)
    chosen = rng.sample(list(people), min(total, len(people)))
    rows: list[tuple[VolunteerOffer, str, list[str]]] = []
    for person in chosen:
        theme, title, description = OFFER_TEMPLATES[rng.randrange(len(OFFER_TEMPLATES))]
        home = person.insee or ctx.communes[rng.randrange(len(ctx.communes))].insee
        neighbours = ctx.neighbours.get(home, [])
        reach = rng.sample(neighbours, min(len(neighbours), rng.randint(0, 3)))
        weekdays = sorted(rng.sample(range(7), rng.randint(1, 3)))
        day_parts = sorted(rng.sample(["morning", "afternoon", "evening"], rng.randint(1, 2)))
        offer = VolunteerOffer(
            person_id=person.user_id,
            title=title,
            description=f"{description}\n\n{FICTIONAL_MARKER}",
            weekdays=weekdays,
            day_parts=day_parts,
            home_commune_id=home,
            is_remote_ok=rng.random() < 0.2,
            expires_at=today + timedelta(days=rng.randint(10, 150)),
            state=OfferState.PAUSED if rng.random() < 0.08 else OfferState.ACTIVE,
            is_demo=True,
            search_document=offer_search_document(
                title=title,
                description=description,
                commune_names=[commune_names.get(c, "") for c in [home, *reach]],
                theme_labels=[theme_labels.get(theme, "")],
            ),
            sort_title=sort_key(title),
        )
        rows.append((offer, theme, reach))
    for batch in chunked(rows, 500):
        created = VolunteerOffer.objects.bulk_create([o for o, _t, _r in batch])
        VolunteerOffer.themes.through.objects.bulk_create(
            [
                VolunteerOffer.themes.through(volunteeroffer_id=o.pk, theme_id=theme)
                for o, (_o, theme, _r) in zip(created, batch, strict=True)
                if theme in theme_labels
            ]
        )
        VolunteerOffer.communes.through.objects.bulk_create(
            [
                VolunteerOffer.communes.through(volunteeroffer_id=o.pk, commune_id=c)
                for o, (_o, _t, reach) in zip(created, batch, strict=True)
                for c in reach
            ]
        )
    ctx.counts["volunteer_offers"] = len(rows)
    ctx.log(f"Propositions d'aide : {len(rows)}")
    return len(rows)
