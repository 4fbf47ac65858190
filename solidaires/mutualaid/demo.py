"""Demo data of the mutualaid app, called by solidaires.core.demo.generate.

About 300 open mutual-aid posts at the agglo scale (scaled with the number of associations),
across communes and categories, some fulfilled/withdrawn/expired, one hidden by a moderator,
a few open reports in the agents' queue, and posts of the demo inhabitant account
(``habitant@demo.solidaires.invalid``, when ``create_demo_accounts`` ran). Open posts are
dated relative to the real today so that they are current. Idempotent: the previous demo
posts (``is_demo``) and the reports about them are deleted, then recreated.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from solidaires.core.demo import BATCH_SIZE, DEMO_ACCOUNT_DOMAIN, FICTIONAL_MARKER, DemoContext
from solidaires.core.search import document
from solidaires.moderation.models import ModerationAction, Report, ReportReason

from .models import Category, MutualAidPost, PostKind, PostState

OPEN_AT_AGGLO = 300
PAST_SHARE = 0.3  # fulfilled, withdrawn or expired posts, relative to the open ones
REPORTS_AT_AGGLO = 8

# (kind, category) → (title, description) templates; {commune} is filled in.
# fmt: off
TEMPLATES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("request", "shopping"): [
        ("Courses au marché le samedi", "Je marche difficilement : quelqu'un pourrait-il m'accompagner au marché de {commune} le samedi matin ?"),
        ("Aide pour porter les packs d'eau", "Une fois par mois, j'aurais besoin d'aide pour rapporter des packs d'eau du supermarché."),
    ],
    ("offer", "shopping"): [
        ("Je fais vos courses le jeudi", "Je vais au supermarché chaque jeudi à {commune}, je peux prendre vos courses au passage."),
    ],
    ("request", "repairs"): [
        ("Fixer une étagère au mur", "Il me faudrait quelqu'un avec une perceuse pour fixer deux étagères, une heure environ."),
        ("Robinet qui fuit", "Mon robinet de cuisine goutte, je cherche un coup de main pour changer le joint."),
    ],
    ("offer", "repairs"): [
        ("Petites réparations de vélo", "Je répare crevaisons, freins et dérailleurs, le week-end, à {commune}."),
        ("Bricolage du quotidien", "Retraité bricoleur, je peux monter un meuble, changer une ampoule difficile, poser une tringle."),
    ],
    ("request", "paperwork"): [
        ("Comprendre un courrier de la CAF", "J'ai reçu un courrier que je ne comprends pas bien, j'aimerais qu'on le lise avec moi."),
        ("Remplir un dossier de retraite", "Je cherche quelqu'un de patient pour m'aider à remplir mon dossier de retraite."),
    ],
    ("offer", "paperwork"): [
        ("Aide aux courriers administratifs", "Ancienne secrétaire, je peux vous aider à lire et écrire vos courriers administratifs."),
    ],
    ("request", "digital"): [
        ("Apprendre à utiliser ma tablette", "Ma fille m'a offert une tablette : je voudrais apprendre à faire des appels vidéo."),
        ("Prendre rendez-vous en ligne", "Je n'arrive pas à prendre rendez-vous chez le médecin sur internet."),
    ],
    ("offer", "digital"): [
        ("Initiation au smartphone", "Étudiant à {commune}, je peux vous montrer comment utiliser votre téléphone, sans jargon."),
    ],
    ("request", "lending"): [
        ("Emprunter une perceuse", "J'aurais besoin d'une perceuse pour un après-midi, je la rends le soir même."),
        ("Cherche une poussette pour un week-end", "Mes petits-enfants viennent à {commune}, je cherche une poussette à emprunter."),
    ],
    ("offer", "lending"): [
        ("Je prête ma tondeuse", "Tondeuse électrique à prêter aux voisins de {commune}, à venir chercher."),
        ("Appareil à raclette à prêter", "Pour vos soirées d'hiver, je prête mon appareil à raclette (8 personnes)."),
    ],
    ("request", "lifts"): [
        ("Trajet pour un rendez-vous à l'hôpital", "Je dois aller à l'hôpital de Valence un mardi matin et je n'ai pas de voiture."),
    ],
    ("offer", "lifts"): [
        ("Trajet {commune} – Valence en semaine", "Je fais le trajet chaque matin vers 8 h, deux places libres, retour vers 18 h."),
    ],
    ("request", "company"): [
        ("Une visite de temps en temps", "Je vis seule depuis le décès de mon mari, une visite pour parler un peu me ferait plaisir."),
        ("Partenaire de promenade", "Je cherche quelqu'un pour marcher une heure le long de l'Isère, le matin."),
    ],
    ("offer", "company"): [
        ("Jeux de société et café", "J'aime jouer aux cartes et au Scrabble : je peux passer vous voir l'après-midi."),
    ],
    ("request", "animals"): [
        ("Garder mon chat une semaine", "Je pars une semaine en août : quelqu'un pourrait-il nourrir mon chat ?"),
    ],
    ("offer", "animals"): [
        ("Promenade de chiens", "J'adore les chiens et je peux promener le vôtre à {commune} en fin de journée."),
    ],
    ("request", "other"): [
        ("Aide pour un déménagement", "Je déménage dans la même rue, il me faudrait deux bras pour les cartons un samedi."),
    ],
    ("offer", "other"): [
        ("Cours de cuisine entre voisins", "Je propose de cuisiner ensemble des plats simples et pas chers."),
    ],
}
# fmt: on
HIDDEN_REASON = (
    "Numéro de téléphone et adresse écrits dans l'annonce : pour votre sécurité, passez par la messagerie."
)


def _delete_previous() -> None:
    content_type = ContentType.objects.get_for_model(MutualAidPost)
    ids = list(MutualAidPost.objects.filter(is_demo=True).values_list("pk", flat=True))
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        ModerationAction.objects.filter(target_type=content_type, target_id__in=chunk).delete()
        Report.objects.filter(target_type=content_type, target_id__in=chunk).delete()
    MutualAidPost.objects.filter(is_demo=True).delete()


@transaction.atomic
def generate(ctx: DemoContext, people: Any) -> None:
    """Create or refresh this app's demo rows (idempotent, deterministic from ctx.seed)."""
    rng = ctx.rng("mutualaid")
    _delete_previous()
    people = list(people or [])
    if not people or not ctx.communes:
        ctx.counts["mutual_aid_posts"] = 0
        return
    factor = ctx.scale.associations / 360
    n_open = max(10, round(OPEN_AT_AGGLO * factor))
    n_past = round(n_open * PAST_SHARE)
    names = {c.insee: c.name for c in ctx.communes}
    picker = ctx.commune_picker()
    keys = sorted(TEMPLATES)
    now = timezone.now()
    today = timezone.localdate()
    demo_inhabitant = get_user_model().objects.filter(email=f"habitant@{DEMO_ACCOUNT_DOMAIN}").first()

    posts: list[MutualAidPost] = []
    created: list[Any] = []
    for n in range(n_open + n_past):
        past = n >= n_open
        person = people[rng.randrange(len(people))]
        insee = person.insee if person.insee in names and rng.random() < 0.8 else picker.pick(rng)
        kind, category = keys[rng.randrange(len(keys))]
        title, text = rng.choice(TEMPLATES[(kind, category)])
        commune_name = names[insee]
        if past:
            moment = now - timedelta(days=rng.randint(40, 200), minutes=rng.randint(0, 1440))
            state = rng.choice(
                [PostState.FULFILLED, PostState.FULFILLED, PostState.CLOSED, PostState.EXPIRED]
            )
        else:
            moment = now - timedelta(days=rng.randint(0, 24), minutes=rng.randint(0, 1440))
            state = PostState.OPEN
        expires_on = timezone.localdate(moment) + timedelta(days=30)
        if not past and expires_on < today:
            expires_on = today + timedelta(days=5)
        title = title.format(commune=commune_name)
        description = text.format(commune=commune_name) + "\n\n" + FICTIONAL_MARKER
        posts.append(
            MutualAidPost(
                kind=kind,
                category=category,
                title=title,
                description=description,
                commune_id=insee,
                expires_on=expires_on,
                author_id=person.user_id,
                state=state,
                closed_at=moment + timedelta(days=rng.randint(3, 30)) if past else None,
                list_rank=-int(moment.timestamp() * 1000),
                search_document=document(title, str(Category(category).label), commune_name, description),
                is_demo=True,
            )
        )
        created.append(moment)
    # The demo inhabitant (Camille) has three posts of her own, one of them fulfilled.
    if demo_inhabitant is not None:
        home = getattr(getattr(demo_inhabitant, "profile", None), "commune_id", None) or picker.pick(rng)
        for i, (kind, category, state) in enumerate(
            [
                (PostKind.REQUEST, Category.DIGITAL, PostState.OPEN),
                (PostKind.OFFER, Category.LENDING, PostState.OPEN),
                (PostKind.REQUEST, Category.SHOPPING, PostState.FULFILLED),
            ]
        ):
            title, text = TEMPLATES[(kind.value, category.value)][0]
            moment = now - timedelta(days=2 + 10 * i)
            name = names.get(home, "")
            description = text.format(commune=name) + "\n\n" + FICTIONAL_MARKER
            posts.append(
                MutualAidPost(
                    kind=kind,
                    category=category,
                    title=title.format(commune=name),
                    description=description,
                    commune_id=home,
                    expires_on=timezone.localdate(moment) + timedelta(days=30),
                    author=demo_inhabitant,
                    state=state,
                    closed_at=now if state != PostState.OPEN else None,
                    list_rank=-int(moment.timestamp() * 1000),
                    search_document=document(title, str(category.label), name, description),
                    is_demo=True,
                )
            )
            created.append(moment)
    MutualAidPost.objects.bulk_create(posts, batch_size=BATCH_SIZE)
    for post, moment in zip(posts, created, strict=True):
        post.created_at = moment
    MutualAidPost.objects.bulk_update(posts, ["created_at"], batch_size=BATCH_SIZE)

    open_posts = posts[:n_open]
    # One post hidden by a moderator (its author sees the reason).
    hidden = open_posts[rng.randrange(len(open_posts))]
    MutualAidPost.objects.filter(pk=hidden.pk).update(
        hidden_at=now - timedelta(days=1), hidden_reason=HIDDEN_REASON
    )
    # A few open reports for the agents' queue.
    content_type = ContentType.objects.get_for_model(MutualAidPost)
    reports: list[Report] = []
    seen: set[tuple[int, int]] = set()
    reasons = [r for r in ReportReason.values if r != ReportReason.OTHER]
    for _i in range(max(3, round(REPORTS_AT_AGGLO * factor))):
        target = open_posts[rng.randrange(len(open_posts))]
        reporter = people[rng.randrange(len(people))]
        if target is hidden or reporter.user_id == target.author_id or (reporter.user_id, target.pk) in seen:
            continue
        seen.add((reporter.user_id, target.pk))
        reports.append(
            Report(
                reporter_id=reporter.user_id,
                target_type=content_type,
                target_id=target.pk,
                target_repr=target.title[:200],
                reported_user_id=target.author_id,
                reason=rng.choice(reasons),
                details="Signalement fictif, généré pour la démonstration.",
            )
        )
    Report.objects.bulk_create(reports, batch_size=BATCH_SIZE)
    ctx.counts["mutual_aid_posts"] = len(posts)
    ctx.counts["mutual_aid_open_posts"] = sum(1 for p in posts if p.state == PostState.OPEN) - 1
    ctx.counts["mutual_aid_reports"] = len(reports)
    ctx.log(
        f"Entraide : {ctx.counts['mutual_aid_posts']} annonces "
        f"({ctx.counts['mutual_aid_open_posts']} en ligne), {len(reports)} signalements à traiter"
    )
