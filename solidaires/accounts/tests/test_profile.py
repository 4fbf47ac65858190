"""The profile page: what a person tells about themselves, and their associations."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from solidaires.accounts.models import Profile
from solidaires.accounts.services import normalize_tags, profile_update
from solidaires.core.models import Theme

pytestmark = pytest.mark.django_db

URL = "/mon-compte/"


def full_post(valence, **overrides):
    data = {
        "display_name": "  Camille   R. ",
        "commune": valence.insee,
        "birth_year": "1990",
        "skills": "Cuisine,  bricolage , cuisine, Aide aux devoirs",
        "interests": ["alimentation", "jeunesse"],
        "availability": ["mon-morning", "sat-afternoon", "sat-evening"],
        "mobility": ["bike", "public_transport"],
        "languages": ["fr", "ar"],
        "other_languages": "Wolof, anglais",
        "notify_email_messages": "on",
        "notify_weekly_digest": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_profile_page_shows_form_and_defaults(client, inhabitant, valence, romans):
    client.force_login(inhabitant)
    html = client.get(URL).content.decode()
    assert "<h1>Mon compte</h1>" in html
    assert "Mes associations" in html
    assert "Vous ne faites partie d'aucune association" in html
    # Communes by name, themes as checkboxes, the availability grid.
    assert html.index("Romans-sur-Isère") < html.index("Valence")
    assert 'value="alimentation"' in html
    assert 'name="availability" value="sun-evening"' in html
    assert "tranche d'âge" in html
    # Default notification preferences: messages and association news on, digest off.
    assert 'name="notify_email_messages" id="id_notify_email_messages" checked' in html.replace(
        'type="checkbox" ', ""
    )
    assert 'name="notify_association_news" id="id_notify_association_news" checked' in html.replace(
        'type="checkbox" ', ""
    )
    assert 'name="notify_weekly_digest" id="id_notify_weekly_digest">' in html.replace('type="checkbox" ', "")


def test_profile_update_saves_normalised_values(client, inhabitant, valence):
    client.force_login(inhabitant)
    response = client.post(URL, full_post(valence))
    assert response.status_code == 302
    inhabitant.refresh_from_db()
    profile = Profile.objects.get(user=inhabitant)
    assert inhabitant.display_name == "Camille R."
    assert profile.commune == valence
    assert profile.birth_year == 1990
    assert profile.skills == ["cuisine", "bricolage", "aide aux devoirs"]
    assert set(profile.interests.values_list("slug", flat=True)) == {"alimentation", "jeunesse"}
    assert profile.availability == {"mon": ["morning"], "sat": ["afternoon", "evening"]}
    assert profile.mobility == ["bike", "public_transport"]
    assert profile.languages == ["fr", "ar", "wolof", "en"]
    assert profile.notification_preferences == {
        "email_messages": True,
        "weekly_digest": True,
        "association_news": False,
    }
    # The page shows it back.
    html = client.get(URL).content.decode()
    assert 'value="cuisine, bricolage, aide aux devoirs"' in html
    assert 'value="wolof"' in html
    assert 'value="sat-evening" id="id_availability_sat_evening" checked' in html
    assert "Votre profil est enregistré." in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_year": "1850"}, "birth_year", "Indiquez une année entre 1900 et"),
        ({"birth_year": str(timezone.localdate().year - 5)}, "birth_year", "au moins 15 ans"),
        ({"birth_year": "vers 1980"}, "birth_year", "nombre entier"),
        ({"commune": "99999"}, "commune", "Sélectionnez un choix valide"),
        ({"availability": ["mon-night"]}, "availability", "Sélectionnez un choix valide"),
        ({"skills": "x" * 41}, "skills", "trop long"),
        ({"display_name": "x" * 81}, "display_name", "80 caractères au plus, vous en avez saisi"),
    ],
)
def test_bad_input_gives_french_error_next_to_field_and_keeps_input(
    client, inhabitant, valence, overrides, field, message
):
    client.force_login(inhabitant)
    response = client.post(URL, full_post(valence, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert f'id="id_{field}_error"' in html
    assert message in html
    # Nothing typed is lost.
    assert 'value="Wolof, anglais"' in html
    assert 'value="alimentation" id="id_interests_0" checked' in html
    assert 'value="sat-evening" id="id_availability_sat_evening" checked' in html or field == "availability"
    assert Profile.objects.get(user=inhabitant).skills == []


def test_memberships_are_listed(client, member, bicyclette):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert "La Bicyclette Bleue" in html
    assert "Membre" in html


def test_service_rejects_out_of_range_birth_year(inhabitant):
    with pytest.raises(ValidationError) as error:
        profile_update(user=inhabitant, data={"birth_year": 1899})
    assert "birth_year" in error.value.message_dict


def test_service_updates_only_given_keys(inhabitant, valence):
    profile_update(user=inhabitant, data={"commune": valence, "skills": "jardin"})
    profile_update(user=inhabitant, data={"birth_year": 1980})
    profile = Profile.objects.get(user=inhabitant)
    assert (profile.commune, profile.skills, profile.birth_year) == (valence, ["jardin"], 1980)
    profile_update(user=inhabitant, data={"interests": Theme.objects.filter(slug="sport")})
    assert list(profile.interests.values_list("slug", flat=True)) == ["sport"]


def test_normalize_tags():
    assert normalize_tags(" Jardinage ;, jardinage,  Aide   aux devoirs,, ") == [
        "jardinage",
        "aide aux devoirs",
    ]
