"""Bad input: clear French errors next to the field, and nothing else typed is lost."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from solidaires.associations.models import Association
from solidaires.associations.tests.helpers import (
    BAD_SIRET,
    VALID_SIRET,
    big_upload,
    form_post,
    html_disguised_as_png,
    image_upload,
    svg_disguised_as_png,
)
from solidaires.associations.validators import (
    clean_logo,
    normalize_rna,
    validate_phone,
    validate_rna,
    validate_siret,
)

CREATE_URL = "/associations/nouvelle/"


@pytest.mark.parametrize(
    ("raw", "normalised"), [("w261000123", "W261000123"), (" W 261 000 123 ", "W261000123"), ("", "")]
)
def test_normalize_rna(raw, normalised):
    assert normalize_rna(raw) == normalised


@pytest.mark.parametrize("value", ["W12", "261000123", "X261000123", "W2610001234", "W26100012A"])
def test_bad_rna(value):
    with pytest.raises(ValidationError, match="W suivi de 9 chiffres"):
        validate_rna(value)


def test_good_rna_and_siret():
    validate_rna("W261000123")
    validate_siret(VALID_SIRET)
    validate_siret("")


def test_bad_siret_checksum():
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_siret(BAD_SIRET)


@pytest.mark.parametrize("value", ["1234", "7328293200007A"])
def test_bad_siret_length(value):
    with pytest.raises(ValidationError, match="14 chiffres"):
        validate_siret(value)


def test_phone():
    validate_phone("04 75 00 00 00")
    validate_phone("+33 4 75 00 00 00")
    with pytest.raises(ValidationError):
        validate_phone("appelez-moi")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_logo_is_reencoded_under_a_random_name(fmt):
    upload = image_upload(name="mon logo.exe", fmt=fmt, size=(2000, 1000))
    cleaned = clean_logo(upload)
    assert cleaned.name != "mon logo.exe"
    assert cleaned.name.endswith({"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}[fmt])
    assert len(cleaned.name.split(".")[0]) == 32
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == fmt
        assert max(image.size) == 1024


@pytest.mark.parametrize("upload", [html_disguised_as_png, svg_disguised_as_png])
def test_logo_content_is_checked(upload):
    with pytest.raises(ValidationError, match="PNG, JPEG ou WebP"):
        clean_logo(upload())


def test_gif_is_refused():
    with pytest.raises(ValidationError, match="PNG, JPEG ou WebP"):
        clean_logo(image_upload(name="logo.png", fmt="GIF"))


def test_logo_too_large(settings):
    with pytest.raises(ValidationError, match="1 Mo"):
        clean_logo(big_upload(settings.SOLIDAIRES_LOGO_MAX_BYTES + 1))


# Through the form -------------------------------------------------------------------------------


@pytest.fixture
def logged_in(client, inhabitant):
    client.force_login(inhabitant)
    return client


def _errors_kept(html: str) -> None:
    """What was typed in the other fields is shown again."""
    assert 'value="Les Jardins Partagés du Polygone"' in html
    assert "Des jardins au pied des immeubles." in html
    assert 'value="bonjour@jardins.exemple.fr"' in html
    assert 'value="environnement"' in html and "checked" in html


@pytest.mark.django_db
def test_form_bad_rna(logged_in, valence):
    response = logged_in.post(CREATE_URL, form_post(valence, rna="W12"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "W suivi de 9 chiffres" in html
    assert 'id="resume-erreurs"' in html
    assert 'aria-invalid="true"' in html
    _errors_kept(html)
    assert not Association.objects.exists()


@pytest.mark.django_db
def test_form_bad_siret(logged_in, valence):
    response = logged_in.post(CREATE_URL, form_post(valence, rna="", siret=BAD_SIRET))
    html = response.content.decode()
    assert "clé de contrôle" in html
    _errors_kept(html)
    assert not Association.objects.exists()


@pytest.mark.django_db
def test_form_needs_an_identifier_unless_informal(logged_in, valence):
    response = logged_in.post(CREATE_URL, form_post(valence, rna=""))
    assert "RNA ou le SIRET" in response.content.decode()
    response = logged_in.post(CREATE_URL, form_post(valence, rna="", legal_form="collectif_informel"))
    assert response.status_code == 302
    assert Association.objects.get().legal_form == "collectif_informel"


@pytest.mark.django_db
def test_form_html_logo(logged_in, valence):
    response = logged_in.post(CREATE_URL, {**form_post(valence), "logo": html_disguised_as_png()})
    html = response.content.decode()
    assert "pas une image PNG, JPEG ou WebP" in html
    _errors_kept(html)
    assert not Association.objects.exists()


@pytest.mark.django_db
def test_form_large_logo(logged_in, valence, settings):
    upload = big_upload(settings.SOLIDAIRES_LOGO_MAX_BYTES + 10)
    response = logged_in.post(CREATE_URL, {**form_post(valence), "logo": upload})
    html = response.content.decode()
    assert "taille maximale" in html
    _errors_kept(html)


@pytest.mark.django_db
def test_form_bad_website_and_email(logged_in, valence):
    response = logged_in.post(
        CREATE_URL, form_post(valence, website="pas un site", contact_email="pas-un-mail")
    )
    html = response.content.decode()
    assert "adresse web complète" in html
    assert "adresse e-mail valide" in html


@pytest.mark.django_db
def test_form_missing_required(logged_in, valence):
    response = logged_in.post(CREATE_URL, form_post(valence, name="", themes=[], head_office_commune=""))
    html = response.content.decode()
    assert "Indiquez le nom de l&#x27;association." in html
    assert "Choisissez au moins un thème." in html
    assert "Choisissez la commune du siège." in html


@pytest.mark.django_db
def test_form_creates_with_logo(logged_in, valence, inhabitant):
    response = logged_in.post(CREATE_URL, {**form_post(valence), "logo": image_upload()})
    association = Association.objects.get()
    assert response.status_code == 302
    assert response["Location"] == association.get_absolute_url()
    assert association.rna == "W261000123"
    assert association.logo.name.startswith("logos/")
    assert association.logo.name.endswith(".png")
    assert "logo" not in association.logo.name.split("/")[-1]
    assert sorted(association.themes.values_list("slug", flat=True)) == ["environnement", "vie-quartier"]
    assert association.website == "https://jardins.exemple.fr"
