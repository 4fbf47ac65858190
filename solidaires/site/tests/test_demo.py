"""The demo data generator (generate_demo) and the demo role accounts (create_demo_accounts)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management import CommandError, call_command
from stdnum.fr import siret

from solidaires.accounts.demo import DEMO_TOTP_SECRET, ROLE_ACCOUNTS
from solidaires.accounts.models import Profile, Role, User
from solidaires.associations.models import Association, LegalForm, Membership, MembershipRole
from solidaires.core.demo import DEMO_PASSWORD, FICTIONAL_MARKER, SCALES
from solidaires.territory.models import Place, PlaceKind
from solidaires.territory.tests.factories import CommuneFactory, link_distance

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory(valence, romans):
    portes = CommuneFactory(
        insee="26252", name="Portes-lès-Valence", slug="26252-portes-les-valence", population=10610
    )
    bourg = CommuneFactory(
        insee="26057", name="Bourg-de-Péage", slug="26057-bourg-de-peage", population=10205
    )
    upie = CommuneFactory(
        insee="26358",
        name="Upie",
        slug="26358-upie",
        population=1520,
        town_hall_address="1 rue de la Mairie, 26120 Upie",
    )
    link_distance(valence, portes, 6.0)
    link_distance(romans, bourg, 1.5)
    link_distance(valence, upie, 14.0)
    return {"valence": valence, "romans": romans, "portes": portes, "bourg": bourg, "upie": upie}


def generate(seed: int = 42, *extra: str) -> str:
    out = StringIO()
    call_command("generate_demo", "--scale", "tiny", "--seed", str(seed), *extra, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    return {
        "associations": list(
            Association.objects.order_by("slug").values_list("slug", "name", "rna", "siret", "status")
        ),
        "people": list(User.objects.order_by("email").values_list("email", "display_name")),
        "places": list(Place.objects.order_by("slug").values_list("slug", "name")),
        "memberships": list(
            Membership.objects.order_by("association__slug", "user__email").values_list(
                "association__slug", "user__email", "role"
            )
        ),
    }


def test_generator_needs_a_territory():
    with pytest.raises(
        CommandError, match=re.escape("Chargez d'abord le territoire : manage.py load_territory")
    ):
        generate()


def test_same_seed_same_data_and_no_duplicates_on_a_second_run(territory):
    generate(42)
    first = snapshot()
    assert len(first["associations"]) == SCALES["tiny"].associations
    assert len(first["people"]) == SCALES["tiny"].users

    generate(7)
    assert snapshot()["associations"] != first["associations"]
    assert Association.objects.count() == SCALES["tiny"].associations  # the seed-42 rows are gone

    generate(42)
    generate(42)
    assert snapshot() == first


def test_if_empty_does_nothing_when_demo_data_exist(territory):
    generate(42)
    before = snapshot()
    out = generate(7, "--if-empty")
    assert "rien à faire" in out
    assert snapshot() == before


def test_named_examples_of_the_article_exist(territory):
    generate()
    bicyclette = Association.objects.get(slug="la-bicyclette-bleue")
    assert bicyclette.name == "La Bicyclette Bleue"
    assert bicyclette.head_office_commune_id == "26281"
    assert set(bicyclette.themes.values_list("slug", flat=True)) == {"mobilite", "reparation"}
    assert bicyclette.memberships.filter(role=MembershipRole.MANAGER).count() == 1

    jardinerie = Association.objects.get(name="La Jardinerie partagée")
    assert jardinerie.head_office_commune_id == "26252"
    assert jardinerie.legal_form == LegalForm.COLLECTIF
    assert jardinerie.themes.filter(slug="environnement").exists()

    maison = Place.objects.get(name="Maison citoyenne Monnaie–Bleue")
    assert maison.commune_id == "26362"
    assert maison.kind == PlaceKind.MAISON_CITOYENNE
    for activity in ("cours de français", "potagers partagés", "conseils juridiques gratuits"):
        assert activity in maison.description
    assert Place.objects.filter(name="Maison des familles", commune_id="26362").exists()
    # Each commune's mairie, at the town-hall address.
    assert (
        Place.objects.get(kind=PlaceKind.MAIRIE, commune_id="26358").address
        == "1 rue de la Mairie, 26120 Upie"
    )


def test_named_examples_are_skipped_without_their_commune(valence):
    generate()
    assert not Association.objects.filter(slug="la-bicyclette-bleue").exists()
    assert not Association.objects.filter(name="La Jardinerie partagée").exists()
    assert Place.objects.filter(name="Maison citoyenne Monnaie–Bleue").exists()


def test_everything_generated_is_marked_fictional_and_well_formed(territory):
    generate()
    associations = list(Association.objects.all())
    assert all(a.is_demo and a.description.endswith(FICTIONAL_MARKER) for a in associations)
    assert all(a.contact_email.endswith(".invalid") for a in associations)
    for association in associations:
        association.full_clean()  # RNA, SIRET, phone validators and the "RNA or SIRET" rule
        assert association.rna == "" or re.fullmatch(r"W\d{9}", association.rna)
        assert association.siret == "" or siret.is_valid(association.siret)
        assert 1 <= association.themes.count() <= 3
        assert association.communes.filter(pk=association.head_office_commune_id).exists()
        assert association.search_document.strip()
    assert all(p.description.endswith(FICTIONAL_MARKER) for p in Place.objects.all())

    people = User.objects.all()
    assert all(u.email.endswith("@exemple.invalid") and u.role == Role.INHABITANT for u in people)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == people.count()
    assert Profile.objects.count() == people.count()
    person = people.first()
    assert person.check_password(DEMO_PASSWORD)
    person.profile.full_clean()


def test_generated_associations_are_found_by_search(territory):
    generate()
    assert Association.objects.filter(search_document__contains=" bicyclet ").exists()


def test_the_generator_never_overwrites_a_real_association(bicyclette, territory):
    generate()
    bicyclette.refresh_from_db()
    assert not bicyclette.is_demo
    assert bicyclette.name == "La Bicyclette Bleue"
    assert Association.objects.filter(name="La Bicyclette Bleue").count() == 1


def demo_accounts(*args: str) -> str:
    out = StringIO()
    call_command("create_demo_accounts", *args, stdout=out)
    return out.getvalue()


def test_demo_accounts_one_per_role_idempotent(settings, territory):
    settings.DEBUG = True
    generate()
    out = demo_accounts()
    demo_accounts()

    users = User.objects.filter(email__endswith="@demo.solidaires.invalid")
    assert users.count() == len(ROLE_ACCOUNTS) == 6
    assert DEMO_PASSWORD in out and DEMO_TOTP_SECRET in out
    roles = {u.email.split("@")[0]: u for u in users}
    assert roles["habitant"].role == Role.INHABITANT
    assert roles["agent"].role == Role.AGENT
    assert roles["elu"].role == Role.ELECTED
    assert roles["admin"].is_superuser and roles["admin"].is_staff
    bicyclette = Association.objects.get(slug="la-bicyclette-bleue")
    assert Membership.objects.get(user=roles["membre"], association=bicyclette).role == MembershipRole.MEMBER
    assert (
        Membership.objects.get(user=roles["responsable"], association=bicyclette).role
        == MembershipRole.MANAGER
    )
    for user in users:
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(user=user).verified
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
        if user.requires_two_factor:
            assert decrypt(totp.get().data["secret"]) == DEMO_TOTP_SECRET
        else:
            assert not totp.exists()

    # Regenerating the demo data keeps the member and the manager in La Bicyclette Bleue.
    generate()
    assert Membership.objects.filter(association__slug="la-bicyclette-bleue", user__in=users).count() == 2


def test_demo_accounts_refused_without_debug_unless_forced(settings, valence):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        demo_accounts()
    assert not User.objects.exists()
    demo_accounts("--force")
    assert User.objects.count() == 6


def test_names_stay_unique_when_one_commune_has_hundreds(monkeypatch, valence):
    from solidaires.core import demo

    monkeypatch.setitem(demo.SCALES, "tiny", demo.Scale("tiny", associations=400, users=50))
    generate()
    names = list(Association.objects.values_list("sort_name", flat=True))
    assert len(names) == 400
    assert len(set(names)) == 400
    # Never "(2)" or a code appended: the variants name a neighbourhood, a sector, a branch.
    assert not [n for n in Association.objects.values_list("name", flat=True) if re.search(r"\d", n)]


def test_neighbourhood_variants_never_end_with_a_number():
    from itertools import islice

    from solidaires.associations.demo import _neighbourhood_names

    names = list(islice(_neighbourhood_names("Les Amis du Moulin", ["du Plan", "des Baumes"]), 400))
    assert len(set(names)) == 400
    assert not [n for n in names if re.search(r"\d", n)]
