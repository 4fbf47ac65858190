"""Demo data of the messaging app, called by solidaires.core.demo.generate.

Conversations between generated volunteers and demo associations, about the demo objects of
the kinds the apps registered in ``about.thread_abouts`` (else about the associations), with a
few messages each; the demo role accounts (Camille the inhabitant, the association manager) get unread messages
so that the header badge shows in ``make run``. Idempotent: this app's demo threads
(``is_demo=True``) are deleted and recreated. Deterministic draws from ``ctx.rng``; dates are
relative to now (the inbox must look current).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from solidaires.core.demo import DEMO_ACCOUNT_DOMAIN, DemoContext

from .about import thread_abouts
from .models import Message, Participant, ParticipantKind, Thread, thread_key

THREADS_AT_AGGLO = 300

VOLUNTEER_LINES = (
    "Bonjour, je suis intéressé·e par cette mission. Est-ce qu'il reste de la place ?",
    "Bonjour, je suis disponible le samedi matin. Comment puis-je vous aider ?",
    "Bonjour ! J'habite à côté, je peux venir dès la semaine prochaine.",
    "Bonjour, faut-il une expérience particulière ?",
    "Merci pour votre réponse, je serai là.",
    "Est-ce que je peux venir avec ma fille de 16 ans ?",
    "Parfait, à bientôt !",
)
ASSOCIATION_LINES = (
    "Bonjour et merci pour votre message ! Oui, il reste de la place.",
    "Bonjour, avec plaisir. Rendez-vous au local à 9 h, on vous expliquera tout.",
    "Aucune expérience n'est nécessaire, nous formons chaque bénévole.",
    "Merci beaucoup, l'équipe a hâte de vous rencontrer.",
    "Pouvez-vous nous dire quels jours vous conviennent le mieux ?",
    "Oui, à partir de 16 ans avec l'accord des parents, c'est possible.",
)
NEIGHBOUR_LINES = (
    "Bonjour, je peux vous aider pour les courses jeudi.",
    "Merci beaucoup, jeudi 10 h ça vous va ?",
    "C'est parfait, je passe vous prendre.",
)


def _scaled(ctx: DemoContext, at_agglo: int) -> int:
    return max(20, round(at_agglo * ctx.scale.associations / 360))


@transaction.atomic
def generate(ctx: DemoContext, people: Any) -> None:
    """Create or refresh this app's demo rows (idempotent, deterministic from ctx.seed)."""
    from solidaires.associations.models import Association, Membership, MembershipRole

    Thread.objects.filter(is_demo=True).delete()
    rng = ctx.rng("messaging")
    now = timezone.now()
    managers: dict[int, list[int]] = {}
    for association_id, user_id in (
        Membership.objects.filter(role=MembershipRole.MANAGER, association__is_demo=True)
        .order_by("association_id", "user_id")
        .values_list("association_id", "user_id")
    ):
        managers.setdefault(association_id, []).append(user_id)
    names = dict(Association.objects.filter(pk__in=list(managers)).values_list("pk", "name"))
    # What the threads are about: registered demo objects of associations with a manager, else
    # the associations.
    abouts: list[tuple[ContentType, str, int, str]] = []
    for _key, kind in thread_abouts.items():
        if kind.demo_objects is None:
            continue
        content_type = ContentType.objects.get_for_model(kind.model)
        for obj, association_id in kind.demo_objects(list(managers)):
            abouts.append((content_type, str(obj.pk), association_id, kind.subject(obj)))
    if not abouts:
        association_ct = ContentType.objects.get_for_model(Association)
        abouts = [
            (association_ct, str(pk), pk, f"Question pour {name}") for pk, name in sorted(names.items())
        ]
    volunteers = [p.user_id for p in people]
    if not abouts or not volunteers:
        ctx.counts["message_threads"] = 0
        ctx.counts["messages"] = 0
        return
    total = _scaled(ctx, THREADS_AT_AGGLO)
    plans: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _n in range(total):
        about = abouts[rng.randrange(len(abouts))]
        volunteer = volunteers[rng.randrange(len(volunteers))]
        plans.append(
            {
                "about": about,
                "volunteer": volunteer,
                "ending": rng.choice(("volunteer_last", "association_last")),
            }
        )
    threads: list[Thread] = []
    kept: list[dict[str, Any]] = []
    for plan in plans:
        content_type, object_id, association_id, subject = plan["about"]
        key = thread_key(
            content_type_id=content_type.pk,
            object_id=object_id,
            association_id=association_id,
            people_ids=[plan["volunteer"]],
        )
        if key in seen or plan["volunteer"] in managers.get(association_id, []):
            continue
        seen.add(key)
        started = now - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 600))
        plan["started"] = started
        threads.append(
            Thread(
                subject=subject[:200],
                content_type=content_type,
                object_id=object_id,
                association_id=association_id,
                created_by_id=plan["volunteer"],
                key=key,
                created_at=started,
                is_demo=True,
            )
        )
        kept.append(plan)
    Thread.objects.bulk_create(threads, batch_size=500)
    if threads and threads[0].pk is None:  # databases that do not return ids from bulk inserts
        ids = dict(Thread.objects.filter(key__in=seen).values_list("key", "pk"))
        for thread in threads:
            thread.pk = ids[thread.key]
    messages: list[Message] = []
    participants: list[Participant] = []
    for thread, plan in zip(threads, kept, strict=True):
        association_managers = managers[thread.association_id or 0]
        count = rng.randint(2, 5)
        volunteer_last = plan["ending"] == "volunteer_last"
        # Alternate, ending with the chosen side.
        sides = [(count - 1 - i) % 2 == 0 for i in range(count)]  # True: the volunteer writes
        if not volunteer_last:
            sides = [not s for s in sides]
        moment = plan["started"]
        for i, by_volunteer in enumerate(sides):
            moment = moment + timedelta(hours=rng.randint(1, 30), minutes=rng.randint(0, 59))
            if moment > now:
                moment = now - timedelta(minutes=count - i)
            if by_volunteer:
                body = VOLUNTEER_LINES[(i + rng.randrange(3)) % len(VOLUNTEER_LINES)]
                author, as_association = plan["volunteer"], None
            else:
                body = ASSOCIATION_LINES[(i + rng.randrange(3)) % len(ASSOCIATION_LINES)]
                author = association_managers[rng.randrange(len(association_managers))]
                as_association = thread.association_id
            messages.append(
                Message(
                    thread=thread,
                    author_id=author,
                    as_association_id=as_association,
                    body=body,
                    created_at=moment,
                    is_demo=True,
                )
            )
        thread.last_message_at = moment
        # Whoever wrote last has read everything; the other side has not (for the demo accounts
        # and about half of the others).
        unread_for_other = rng.random() < 0.5
        other_read = None if unread_for_other else moment
        volunteer_read = moment if volunteer_last else other_read
        managers_read = other_read if volunteer_last else moment
        participants.append(
            Participant(
                thread=thread,
                user_id=plan["volunteer"],
                kind=ParticipantKind.PERSON,
                last_read_at=volunteer_read,
            )
        )
        for manager_id in association_managers:
            participants.append(
                Participant(
                    thread=thread,
                    user_id=manager_id,
                    kind=ParticipantKind.ASSOCIATION,
                    last_read_at=managers_read,
                )
            )
    Message.objects.bulk_create(messages, batch_size=1000)
    Participant.objects.bulk_create(participants, batch_size=1000, ignore_conflicts=True)
    Thread.objects.bulk_update(threads, ["last_message_at"], batch_size=500)
    ctx.counts["message_threads"] = len(threads)
    ctx.counts["messages"] = len(messages)
    attach_role_accounts(log=ctx.log)


def _thread(*, about: Any, association: Any, people: list[Any], subject: str, started: Any) -> Thread:
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    return Thread.objects.create(
        subject=subject,
        content_type=content_type,
        object_id=str(about.pk) if about is not None else "",
        association=association,
        created_by=people[0],
        key=thread_key(
            content_type_id=content_type.pk if content_type else None,
            object_id=str(about.pk) if about is not None else "",
            association_id=association.pk if association else None,
            people_ids=[p.pk for p in people],
        ),
        created_at=started,
        is_demo=True,
    )


def _conversation(thread: Thread, lines: list[tuple[Any, Any, str]], *, unread_for: set[int]) -> None:
    """``lines``: (author, as_association, body); everyone but ``unread_for`` has read it all."""
    moment = thread.created_at
    for author, as_association, body in lines:
        moment = moment + timedelta(minutes=47)
        Message.objects.create(
            thread=thread,
            author=author,
            as_association=as_association,
            body=body,
            created_at=moment,
            is_demo=True,
        )
    thread.last_message_at = moment
    thread.save(update_fields=["last_message_at"])
    Participant.objects.filter(thread=thread).exclude(user_id__in=unread_for).update(last_read_at=moment)


@transaction.atomic
def attach_role_accounts(*, log: Any = print) -> int:
    """Give the demo role accounts conversations with unread messages (the header badge shows):
    Camille writes to La Bicyclette Bleue (unread for its managers), two associations and a
    neighbour write to Camille (unread for her). Idempotent; does nothing before
    ``create_demo_accounts`` (call it again afterwards). Returns the number of threads made."""
    from solidaires.accounts.models import User
    from solidaires.associations.models import Association, Membership, MembershipRole

    camille = User.objects.filter(email=f"habitant@{DEMO_ACCOUNT_DOMAIN}").first()
    if camille is None:
        return 0
    Thread.objects.filter(is_demo=True, participants__user=camille).delete()
    now = timezone.now()
    managed = Membership.objects.filter(role=MembershipRole.MANAGER, association__is_demo=True)
    with_managers = Association.objects.filter(pk__in=managed.values("association_id")).exclude(
        memberships__user=camille
    )
    bicyclette = with_managers.filter(slug="la-bicyclette-bleue").first()
    others = list(with_managers.exclude(slug="la-bicyclette-bleue").order_by("slug")[:2])
    made = 0

    def managers_of(association: Any) -> list[Any]:
        return [
            m.user
            for m in Membership.objects.filter(association=association, role=MembershipRole.MANAGER)
            .select_related("user")
            .order_by("-user__email")
        ]

    def about_for(association: Any) -> tuple[Any, str]:
        for _key, kind in thread_abouts.items():
            found = kind.first_of_association(association) if kind.first_of_association else None
            if found is not None:
                return found, kind.subject(found)
        return association, f"Question pour {association.name}"

    def with_association(association: Any, *, camille_last: bool, started: Any) -> None:
        people = managers_of(association)
        if not people:
            return
        about, subject = about_for(association)
        thread = _thread(
            about=about,
            association=association,
            people=[camille],
            subject=subject[:200],
            started=started,
        )
        Participant.objects.create(thread=thread, user=camille, kind=ParticipantKind.PERSON)
        for manager in people:
            Participant.objects.get_or_create(
                thread=thread, user=manager, defaults={"kind": ParticipantKind.ASSOCIATION}
            )
        lines = [
            (camille, None, VOLUNTEER_LINES[0]),
            (people[0], association, ASSOCIATION_LINES[0]),
            (camille, None, VOLUNTEER_LINES[1]),
        ]
        if not camille_last:
            lines.append((people[0], association, ASSOCIATION_LINES[1]))
        _conversation(thread, lines, unread_for={m.pk for m in people} if camille_last else {camille.pk})

    if bicyclette is not None:
        with_association(bicyclette, camille_last=True, started=now - timedelta(hours=5))
        made += 1
    for i, association in enumerate(others):
        with_association(association, camille_last=False, started=now - timedelta(days=i + 1, hours=3))
        made += 1
    neighbour = User.objects.filter(email__endswith="@exemple.invalid", is_active=True).order_by("pk").first()
    if neighbour is not None:
        thread = _thread(
            about=None,
            association=None,
            people=[camille, neighbour],
            subject="Un coup de main pour les courses",
            started=now - timedelta(hours=20),
        )
        Participant.objects.bulk_create(
            [Participant(thread=thread, user=u, kind=ParticipantKind.PERSON) for u in (camille, neighbour)]
        )
        _conversation(
            thread,
            [
                (neighbour, None, NEIGHBOUR_LINES[0]),
                (camille, None, NEIGHBOUR_LINES[1]),
                (neighbour, None, NEIGHBOUR_LINES[2]),
            ],
            unread_for={camille.pk},
        )
        made += 1
    from .selectors import forget_unread_counts

    forget_unread_counts(
        Participant.objects.filter(thread__is_demo=True, thread__participants__user=camille).values_list(
            "user_id", flat=True
        )
    )
    log(f"Messagerie : {made} conversation(s) avec des messages non lus pour les comptes de démonstration.")
    return made
