"""Applicant side: drafts, steps, autosave, submission and its refusals (the draft is never lost)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from solidaires.grants.applications import services
from solidaires.grants.models import Application, ApplicationDocument, BudgetLine
from solidaires.grants.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    CallFactory,
    GroupApplicantFactory,
    SchemeFactory,
    VaultDocumentFactory,
    balanced_budget,
    ready_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(inhabitant):
    return ApplicantFactory(person=inhabitant, name="Camille")


def snapshot(application: Application) -> tuple:
    application.refresh_from_db()
    lines = sorted(
        BudgetLine.objects.filter(application=application).values_list("kind", "label", "amount_cents")
    )
    docs = sorted(
        ApplicationDocument.objects.filter(application=application).values_list(
            "vault_document_id", flat=True
        )
    )
    return (application.state, application.number, application.title, application.summary, lines, docs)


def test_submit_gives_a_number_acknowledges_and_records(
    space, inhabitant, valence, django_capture_on_commit_callbacks
):
    application = ready_application(applicant=space, commune=valence)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=inhabitant)
    application.refresh_from_db()
    year = timezone.localdate().year
    assert application.state == "submitted"
    assert application.number == f"IC-{year}-0001"
    assert application.submitted_at is not None
    assert application.events.filter(action="submit", on_behalf=False).exists()
    assert len(mail.outbox) == 1
    assert application.number in mail.outbox[0].subject
    assert "accuse-de-reception.pdf" in mail.outbox[0].body


def test_numbers_are_sequential_per_prefix_and_year(inhabitant, valence):
    first = ready_application(applicant=ApplicantFactory(person=inhabitant), commune=valence)
    services.application_submit(application=first, by=inhabitant)
    other = ready_application(commune=valence)
    services.application_submit(application=other, by=other.applicant.person)
    other_scheme = SchemeFactory(
        code="fonctionnement", name="Fonctionnement", file_prefix="FO", applicant_kinds=["person"]
    )
    third = ready_application(commune=valence, call=CallFactory(scheme=other_scheme))
    services.application_submit(application=third, by=third.applicant.person)
    year = timezone.localdate().year
    first.refresh_from_db()
    other.refresh_from_db()
    third.refresh_from_db()
    assert [first.number, other.number, third.number] == [
        f"IC-{year}-0001",
        f"IC-{year}-0002",
        f"FO-{year}-0001",
    ]


def _refused(application, by, match):
    before = snapshot(application)
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(application=application, by=by)
    assert any(match in message for message in excinfo.value.messages), excinfo.value.messages
    assert snapshot(application) == before  # the draft is left exactly as it was
    assert not mail.outbox


def test_unbalanced_budget_is_refused(space, inhabitant, valence):
    application = ready_application(applicant=space, commune=valence)
    BudgetLine.objects.filter(application=application, label="Matériel").update(amount_cents=620_000)
    _refused(application, inhabitant, "ne correspond pas au total des recettes")


def test_over_ceiling_is_refused(space, inhabitant, valence):
    application = ready_application(applicant=space, commune=valence)
    balanced_budget(application, expenses=1_000_000, requested=600_000)
    _refused(application, inhabitant, "dépasse le plafond du dispositif (5\u202f000\u00a0€)")


def test_over_80_percent_is_refused(space, inhabitant, valence):
    application = ready_application(applicant=space, commune=valence)
    balanced_budget(application, expenses=300_000, requested=270_000)
    _refused(application, inhabitant, "dépasse 80 %")


def test_missing_document_is_refused(space, inhabitant, valence):
    application = ready_application(applicant=space, commune=valence)
    ApplicationDocument.objects.filter(application=application).delete()
    _refused(application, inhabitant, "Pièce obligatoire manquante")


def test_expired_document_is_refused(space, inhabitant, valence):
    application = ready_application(applicant=space, commune=valence)
    application.attachments.get().vault_document.__class__.objects.filter(applicant=space).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    _refused(application, inhabitant, "a expiré")


def test_after_the_deadline_is_refused_and_the_draft_stays(space, inhabitant, valence):
    application = ready_application(applicant=space, commune=valence)
    call = application.call
    call.opens_at = timezone.now() - dt.timedelta(days=60)
    call.closes_at = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    _refused(application, inhabitant, "La date limite")
    # Through the page too: French error, still a draft, nothing lost.
    client = Client()
    client.force_login(inhabitant)
    response = client.post(
        reverse("grants:application_step", kwargs={"pk": application.pk, "step": 4}), follow=True
    )
    assert "La date limite" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "draft" and application.number is None


def test_missing_project_fields_are_listed(space, inhabitant):
    application = ApplicationFactory(applicant=space, summary="", audience="", starts_on=None, ends_on=None)
    problems = services.submission_problems(application)
    assert set(problems) >= {"projet", "budget", "pieces"}


def test_others_cannot_submit_a_draft(space, member, valence):
    application = ready_application(applicant=space, commune=valence)
    with pytest.raises(Exception) as excinfo:
        services.application_submit(application=application, by=member)
    assert excinfo.type.__name__ == "PermissionDenied"


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture
def logged(client, inhabitant):
    client.force_login(inhabitant)
    return client


def test_start_creates_a_person_space_and_a_draft(logged, inhabitant):
    call = CallFactory()
    response = logged.post(
        reverse("grants:application_start"),
        {"space": "me", "offer": f"{call.scheme_id}:{call.pk}", "title": "Fête des voisins"},
    )
    application = Application.objects.get(title="Fête des voisins")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "grants:application_step", kwargs={"pk": application.pk, "step": 1}
    )
    assert application.applicant.person == inhabitant
    assert application.state == "draft"


def test_start_without_open_call_shows_the_empty_state(logged):
    response = logged.get(reverse("grants:application_start"))
    assert "Aucun appel à projets n'est ouvert" in response.content.decode()


def test_project_step_bad_dates_keep_what_was_typed(logged, space):
    application = ApplicationFactory(applicant=space)
    url = reverse("grants:application_step", kwargs={"pk": application.pk, "step": 1})
    response = logged.post(
        url,
        {
            "title": "Mon <b>projet</b>",
            "summary": "Texte tapé",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "La fin du projet doit être après son début." in html
    assert "Texte tapé" in html
    assert "Mon &lt;b&gt;projet&lt;/b&gt;" in html
    assert 'aria-describedby="' in html


def test_budget_step_saves_even_when_unbalanced_and_explains(logged, space):
    application = ApplicationFactory(applicant=space)
    url = reverse("grants:application_step", kwargs={"pk": application.pk, "step": 2})
    data = {
        "depenses-TOTAL_FORMS": "2",
        "depenses-INITIAL_FORMS": "0",
        "depenses-0-label": "Location de salle",
        "depenses-0-amount": "6 200",
        "depenses-1-label": "",
        "depenses-1-amount": "",
        "recettes-TOTAL_FORMS": "1",
        "recettes-INITIAL_FORMS": "0",
        "recettes-0-label": "Mécénat",
        "recettes-0-amount": "1900",
        "requested": "4 000",
    }
    response = logged.post(url, data, follow=True)
    html = response.content.decode()
    assert (
        "Le total des dépenses (6\u202f200\u00a0€) ne correspond pas au total des recettes (5\u202f900\u00a0€)"
        in html
    )
    assert application.budget_lines.count() == 3
    application.refresh_from_db()
    assert application.amount_requested_cents == 400_000


def test_budget_step_bad_amount_keeps_the_row(logged, space):
    application = ApplicationFactory(applicant=space)
    url = reverse("grants:application_step", kwargs={"pk": application.pk, "step": 2})
    data = {
        "depenses-TOTAL_FORMS": "1",
        "depenses-INITIAL_FORMS": "0",
        "depenses-0-label": "Peinture",
        "depenses-0-amount": "douze euros",
        "recettes-TOTAL_FORMS": "0",
        "recettes-INITIAL_FORMS": "0",
        "requested": "",
    }
    html = logged.post(url, data).content.decode()
    assert "Indiquez un montant en euros" in html
    assert "douze euros" in html and "Peinture" in html


def test_documents_step_attaches_from_the_vault(logged, space):
    application = ApplicationFactory(applicant=space)
    document = VaultDocumentFactory(applicant=space)
    url = reverse("grants:application_step", kwargs={"pk": application.pk, "step": 3})
    assert logged.get(url).status_code == 200
    logged.post(url, {"document": document.pk})
    assert application.attachments.filter(vault_document=document).exists()


def test_cannot_attach_someone_elses_document(logged, space):
    application = ApplicationFactory(applicant=space)
    foreign = VaultDocumentFactory()
    url = reverse("grants:application_step", kwargs={"pk": application.pk, "step": 3})
    logged.post(url, {"document": foreign.pk})
    assert not application.attachments.exists()


def test_review_and_submit_through_the_pages(logged, space, valence):
    application = ready_application(applicant=space, commune=valence)
    url = reverse("grants:application_step", kwargs={"pk": application.pk, "step": 4})
    assert "Déposer le dossier" in logged.get(url).content.decode()
    response = logged.post(url, follow=True)
    application.refresh_from_db()
    assert application.state == "submitted"
    assert application.number in response.content.decode()
    pdf = logged.get(reverse("grants:application_ack_pdf", kwargs={"ref": application.number}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    # A submitted file cannot be edited any more.
    step = logged.get(reverse("grants:application_step", kwargs={"pk": application.pk, "step": 1}))
    assert step.status_code == 302


def test_detail_by_pk_redirects_to_number(logged, space):
    application = ApplicationFactory(applicant=space, state="submitted", number="IC-2026-0042")
    response = logged.get(reverse("grants:application_detail", kwargs={"ref": str(application.pk)}))
    assert response["Location"] == "/projets/dossiers/IC-2026-0042/"


def test_withdraw_needs_confirmation(logged, space):
    application = ApplicationFactory(applicant=space, state="submitted", number="IC-2026-0042")
    url = reverse("grants:application_withdraw", kwargs={"ref": application.number})
    assert "Oui, retirer le dossier" in logged.get(url).content.decode()
    application.refresh_from_db()
    assert application.state == "submitted"
    logged.post(url, {"reason": "Projet annulé"})
    application.refresh_from_db()
    assert application.state == "withdrawn"


# --- autosave -----------------------------------------------------------------------------------


def test_autosave_requires_csrf(inhabitant, space):
    application = ApplicationFactory(applicant=space)
    client = Client(enforce_csrf_checks=True)
    client.force_login(inhabitant)
    url = reverse("grants:application_autosave", kwargs={"pk": application.pk})
    response = client.post(url, {"_step": "projet", "title": "Sans jeton"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.draft_data == {}


def test_autosave_keeps_the_typed_text_and_the_page_restores_it(inhabitant, space):
    application = ApplicationFactory(applicant=space, title="Ancien titre")
    client = Client(enforce_csrf_checks=True)
    client.force_login(inhabitant)
    step_url = reverse("grants:application_step", kwargs={"pk": application.pk, "step": 1})
    client.get(step_url)
    token = client.cookies["csrftoken"].value
    url = reverse("grants:application_autosave", kwargs={"pk": application.pk})
    response = client.post(
        url,
        {"_step": "projet", "title": "Nouveau titre en cours", "communes": ["26362"]},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert response.json()["label"].startswith("Enregistré à ")
    application.refresh_from_db()
    assert application.draft_data["projet"]["title"] == "Nouveau titre en cours"
    assert application.title == "Ancien titre"  # not validated yet: kept apart
    html = client.get(step_url).content.decode()
    assert "Nouveau titre en cours" in html and "Nous avons retrouvé" in html


def test_autosave_refused_for_others_and_for_submitted(member, space):
    application = ApplicationFactory(applicant=space)
    client = Client()
    client.force_login(member)
    url = reverse("grants:application_autosave", kwargs={"pk": application.pk})
    assert client.post(url, {"_step": "projet", "title": "x"}).status_code == 404
    submitted = ApplicationFactory(applicant=space, state="submitted", number="IC-2026-0001")
    client.force_login(space.person)
    url = reverse("grants:application_autosave", kwargs={"pk": submitted.pk})
    assert client.post(url, {"_step": "projet", "title": "x"}).status_code == 400


def test_the_link_of_a_scheme_card_opens_the_form_with_that_scheme_chosen(logged, client):
    """Issue 11: "Déposer un dossier pour « Initiatives citoyennes »" did not preselect it."""
    SchemeFactory(code="fonctionnement", name="Fonctionnement", file_prefix="FO")
    other = CallFactory(scheme=SchemeFactory(code="fonctionnement"))
    call = CallFactory()  # Initiatives citoyennes, one open call
    cards = client.get(reverse("grants:index")).content.decode()
    link = f"{reverse('grants:application_start')}?dispositif=initiatives-citoyennes"
    assert f'href="{link}">Déposer un dossier pour « Initiatives citoyennes »' in cards
    form = logged.get(link).context["form"]
    assert form["offer"].value() == f"{call.scheme_id}:{call.pk}"
    assert f'value="{call.scheme_id}:{call.pk}" selected' in str(form["offer"])
    assert f'value="{other.scheme_id}:{other.pk}" selected' not in str(form["offer"])
    # A scheme with nothing open, or an unknown code, preselects nothing (and is no error).
    for code in ("inconnu", "x" * 500, "fonctionnement%00"):
        form = logged.get(reverse("grants:application_start"), {"dispositif": code}).context["form"]
        assert not form["offer"].value()


def test_the_link_of_a_space_opens_the_form_with_that_space_chosen(logged, inhabitant, space):
    group = GroupApplicantFactory(name="Voisins", person=None, with_members=[inhabitant])
    CallFactory()
    page = logged.get(group.get_absolute_url()).content.decode()
    link = f"{reverse('grants:application_start')}?espace={group.pk}"
    assert f'href="{link}"' in page
    form = logged.get(link).context["form"]
    assert form["space"].value() == str(group.pk)
    # Someone else's space is not among the choices: nothing is preselected.
    stranger = GroupApplicantFactory(name="Autres", person=None)
    form = logged.get(reverse("grants:application_start"), {"espace": stranger.pk}).context["form"]
    assert form["space"].value() is None
