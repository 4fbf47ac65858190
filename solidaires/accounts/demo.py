"""Demo people and demo role accounts.

* ``generate_people`` (called by ``manage.py generate_demo``): thousands of fictional
  inhabitants with a profile and a verified e-mail address under ``exemple.invalid``,
  written in bulk with one shared password hash.
* ``ensure_role_accounts`` (``manage.py create_demo_accounts``): one account per role under
  ``demo.solidaires.invalid``, with the documented demo password and, for agents and
  administrators, a TOTP authenticator with a fixed, documented secret.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models.deletion import ProtectedError

from solidaires.accounts.models import DaySlot, Mobility, Profile, Role, SpokenLanguage, User, Weekday
from solidaires.core.demo import (
    BATCH_SIZE,
    DEMO_ACCOUNT_DOMAIN,
    DEMO_PASSWORD,
    DEMO_USER_DOMAIN,
    FIRST_NAMES,
    IN_CHUNK,
    LAST_NAMES,
    REFERENCE_DATE,
    DemoContext,
    ascii_slug,
    chunked,
    days_before_reference,
)
from solidaires.core.themes import THEMES

SKILLS = (
    "Bricolage",
    "Cuisine",
    "Jardinage",
    "Couture",
    "Informatique",
    "Accompagnement aux démarches",
    "Soutien scolaire",
    "Conduite (permis B)",
    "Conduite de minibus",
    "Réparation de vélos",
    "Animation d'ateliers",
    "Comptabilité",
    "Communication",
    "Graphisme",
    "Photographie",
    "Traduction",
    "Écoute",
    "Premiers secours",
    "Musique",
    "Sport encadré",
    "Petits travaux",
    "Logistique",
    "Montage de dossiers",
    "Animation jeunesse",
)

# Languages besides French, weighted roughly like the territory's.
OTHER_LANGUAGES = (
    (SpokenLanguage.ENGLISH.value, 30),
    (SpokenLanguage.ARABIC.value, 12),
    (SpokenLanguage.SPANISH.value, 10),
    (SpokenLanguage.ITALIAN.value, 7),
    (SpokenLanguage.PORTUGUESE.value, 5),
    (SpokenLanguage.TURKISH.value, 4),
    (SpokenLanguage.ARMENIAN.value, 4),
    (SpokenLanguage.LSF.value, 1),
)
# Age bands (years at the reference date) and their share: under-30s are about 10 %.
AGE_BANDS = ((18, 29, 10), (30, 44, 22), (45, 59, 30), (60, 74, 27), (75, 88, 11))

THEME_SLUGS = [t.slug for t in THEMES]
WEEKDAYS = list(Weekday.values)
FRENCH = SpokenLanguage.FRENCH.value
CAR, PUBLIC_TRANSPORT, BIKE, NEEDS_LIFT = (
    m.value for m in (Mobility.CAR, Mobility.PUBLIC_TRANSPORT, Mobility.BIKE, Mobility.NEEDS_LIFT)
)
SLOTS = list(DaySlot.values)


def _email(first: str, last: str, n: int) -> str:
    local = f"{ascii_slug(first)}.{ascii_slug(last)}".replace("-", "")
    return f"{local}.{n}@{DEMO_USER_DOMAIN}"


def _birth_year(rng: random.Random) -> int | None:
    if rng.random() < 0.08:
        return None  # optional field, left blank by some
    low, high, _ = rng.choices(AGE_BANDS, weights=[w for *_, w in AGE_BANDS])[0]
    return REFERENCE_DATE.year - rng.randint(low, high)


def _availability(rng: random.Random) -> dict[str, list[str]]:
    days = rng.sample(WEEKDAYS, rng.randint(0, 4))
    slots = SLOTS
    return {
        day: sorted(rng.sample(slots, rng.randint(1, 2)), key=slots.index)
        for day in sorted(days, key=WEEKDAYS.index)
    }


def _mobility(rng: random.Random, urban: bool) -> list[str]:
    modes = []
    if rng.random() < (0.55 if urban else 0.85):
        modes.append(CAR)
    if urban and rng.random() < 0.5:
        modes.append(PUBLIC_TRANSPORT)
    if rng.random() < 0.35:
        modes.append(BIKE)
    if not modes or rng.random() < 0.05:
        modes = [NEEDS_LIFT]
    return modes


def _languages(rng: random.Random) -> list[str]:
    languages = [FRENCH]
    for code, weight in OTHER_LANGUAGES:
        if rng.random() < weight / 100:
            languages.append(code)
    return languages


@dataclass(frozen=True)
class Person:
    """What the association generator needs to know about a generated person."""

    user_id: int
    insee: str | None


def generate_people(ctx: DemoContext) -> list[Person]:
    """Upsert the generated inhabitants (stable e-mails) and delete those of a previous run."""
    rng = ctx.rng("people")
    picker = ctx.commune_picker()
    urban = {c.insee for c in ctx.communes if c.population >= 10_000}
    through = Profile.interests.through
    people: list[Person] = []
    wanted: set[str] = set()
    user_fields = ["display_name", "password", "role", "is_active", "is_staff", "is_superuser", "date_joined"]
    profile_fields = ["commune", "birth_year", "skills", "availability", "mobility", "languages"]
    total = ctx.scale.users
    # People of a previous run (same e-mails are updated in place, the others deleted at the end).
    existing = dict(User.objects.filter(email__endswith="@" + DEMO_USER_DOMAIN).values_list("email", "pk"))
    for start in range(0, total, BATCH_SIZE):
        users, profiles, interests = [], [], []
        for n in range(start, min(total, start + BATCH_SIZE)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = _email(first, last, n + 1)
            wanted.add(email)
            insee = picker.pick(rng)
            users.append(
                User(
                    email=email,
                    display_name=f"{first} {last[0]}.",
                    password=ctx.password_hash,
                    role=Role.INHABITANT,
                    is_active=True,
                    is_staff=False,
                    is_superuser=False,
                    date_joined=days_before_reference(rng, 1, 5 * 365),
                )
            )
            profiles.append(
                Profile(
                    commune_id=insee,
                    birth_year=_birth_year(rng),
                    skills=sorted(s.lower() for s in rng.sample(SKILLS, rng.choice((0, 1, 2, 2, 3, 4)))),
                    availability=_availability(rng),
                    mobility=_mobility(rng, insee in urban),
                    languages=_languages(rng),
                )
            )
            interests.append(rng.sample(THEME_SLUGS, rng.randint(1, 4)))
        User.objects.bulk_create(
            users, update_conflicts=True, unique_fields=["email"], update_fields=user_fields
        )
        for user, profile in zip(users, profiles, strict=True):
            profile.user_id = user.pk
        Profile.objects.bulk_create(
            profiles, update_conflicts=True, unique_fields=["user"], update_fields=profile_fields
        )
        ids = [u.pk for u in users if u.email in existing]
        for part in chunked(ids, IN_CHUNK):
            through.objects.filter(profile_id__in=part).delete()
            EmailAddress.objects.filter(user_id__in=part).delete()
        through.objects.bulk_create(
            [
                through(profile_id=user.pk, theme_id=slug)
                for user, slugs in zip(users, interests, strict=True)
                for slug in slugs
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in users]
        )
        people.extend(Person(u.pk, p.commune_id) for u, p in zip(users, profiles, strict=True))
    _delete_stale_people(ctx, [pk for email, pk in existing.items() if email not in wanted])
    ctx.counts["people"] = len(people)
    return people


def _delete_stale_people(ctx: DemoContext, stale: list[int]) -> None:
    kept = 0
    for ids in chunked(stale, IN_CHUNK):
        try:
            User.objects.filter(pk__in=ids).delete()
        except ProtectedError:
            # Referenced by the append-only journal: keep the account, but switch it off.
            User.objects.filter(pk__in=ids).update(is_active=False)
            kept += len(ids)
    if kept:
        ctx.log(f"{kept} ancien(s) compte(s) de démonstration désactivé(s) (cités dans le journal).")


# ---------------------------------------------------------------------------------------
# Role accounts
# ---------------------------------------------------------------------------------------

# Fixed, documented TOTP secret of the demo agent and administrator (base32 of the
# 20 bytes b"solidaires-demo-totp"). A demo credential: never use it elsewhere.
DEMO_TOTP_SECRET = base64.b32encode(b"solidaires-demo-totp").decode()
BICYCLETTE_SLUG = "la-bicyclette-bleue"
HOME_COMMUNE_NAMES = ("Montmiral", "Valence")


@dataclass(frozen=True)
class RoleAccount:
    key: str
    label: str
    email: str
    display_name: str
    role: str
    membership: str = ""  # "member" or "manager" of La Bicyclette Bleue
    admin: bool = False

    @property
    def needs_totp(self) -> bool:
        return self.role in {Role.AGENT, Role.ADMIN} or self.admin


ROLE_ACCOUNTS = (
    RoleAccount(
        "inhabitant", "Habitant·e", f"habitant@{DEMO_ACCOUNT_DOMAIN}", "Camille (démo)", Role.INHABITANT
    ),
    RoleAccount(
        "member",
        "Membre d'association (La Bicyclette Bleue)",
        f"membre@{DEMO_ACCOUNT_DOMAIN}",
        "Lou (démo)",
        Role.INHABITANT,
        membership="member",
    ),
    RoleAccount(
        "manager",
        "Responsable d'association (La Bicyclette Bleue)",
        f"responsable@{DEMO_ACCOUNT_DOMAIN}",
        "Sami (démo)",
        Role.INHABITANT,
        membership="manager",
    ),
    RoleAccount("agent", "Agent intercommunal", f"agent@{DEMO_ACCOUNT_DOMAIN}", "Nadia (démo)", Role.AGENT),
    RoleAccount("elected", "Élu·e", f"elu@{DEMO_ACCOUNT_DOMAIN}", "Paul (démo)", Role.ELECTED),
    RoleAccount(
        "admin", "Administrateur·rice", f"admin@{DEMO_ACCOUNT_DOMAIN}", "Alex (démo)", Role.ADMIN, admin=True
    ),
)


def totp_uri(email: str, secret: str = DEMO_TOTP_SECRET) -> str:
    from urllib.parse import quote

    from django.conf import settings

    issuer = getattr(settings, "MFA_TOTP_ISSUER", "") or "Solidaires"
    return f"otpauth://totp/{quote(issuer)}:{quote(email)}?secret={secret}&issuer={quote(issuer)}"


def _home_commune_id() -> str | None:
    from solidaires.territory.models import Commune

    for name in HOME_COMMUNE_NAMES:
        insee = Commune.objects.filter(name=name).values_list("insee", flat=True).first()
        if insee:
            return insee
    return Commune.objects.order_by("-population", "insee").values_list("insee", flat=True).first()


def _ensure_totp(user: User) -> None:
    from allauth.mfa.totp.internal.auth import TOTP
    from allauth.mfa.utils import decrypt

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        if decrypt(existing.data.get("secret", "")) == DEMO_TOTP_SECRET:
            return
        existing.delete()
    TOTP.activate(user, DEMO_TOTP_SECRET)


@transaction.atomic
def ensure_role_accounts(*, log: Callable[[str], None] = print) -> list[tuple[RoleAccount, User]]:
    """Create or reset the demo role accounts; idempotent."""
    from django.contrib.auth.hashers import make_password

    password_hash = make_password(DEMO_PASSWORD)
    commune_id = _home_commune_id()
    accounts = []
    for spec in ROLE_ACCOUNTS:
        user, _created = User.objects.update_or_create(
            email=spec.email,
            defaults={
                "display_name": spec.display_name,
                "role": spec.role,
                "is_active": True,
                "is_staff": spec.admin,
                "is_superuser": spec.admin,
                "password": password_hash,
                "erased_at": None,
            },
        )
        Profile.objects.update_or_create(user=user, defaults={"commune_id": commune_id})
        EmailAddress.objects.filter(user=user).exclude(email=spec.email).delete()
        EmailAddress.objects.update_or_create(
            user=user, email=spec.email, defaults={"verified": True, "primary": True}
        )
        if spec.needs_totp:
            _ensure_totp(user)
        accounts.append((spec, user))
    return accounts
