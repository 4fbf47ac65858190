"""Budget page: envelope, committed, paid, remaining per scheme and year; by commune and theme."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from solidaires.grants.instruction import services
from solidaires.grants.instruction.selectors import budget_by_commune, budget_by_scheme, budget_years
from solidaires.grants.models import ApplicationState as S
from solidaires.grants.models import Payment
from solidaires.grants.tests.factories import (
    ApplicantFactory,
    committee_session,
    envelope,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(agent, valence):
    applicant = ApplicantFactory(commune=valence)
    application = submitted_application(applicant=applicant, state=S.COMMITTEE)
    envelope(application.scheme, 1_000_000)
    session = committee_session(scheme=application.scheme, members=[agent])
    session.applications.add(application)
    services.decision_record(
        application=application,
        session=session,
        outcome="granted_partial",
        amount_cents=300_000,
        reason="x",
        by=agent,
    )
    services.payment_mark_paid(payment=Payment.objects.get(application=application, position=1), by=agent)
    return application


def test_figures(granted):
    years = budget_years()
    row = next(r for r in budget_by_scheme(years) if r["scheme"].pk == granted.scheme_id)
    this_year = row["years"][-1]
    assert this_year == {
        "year": timezone.localdate().year,
        "envelope": 1_000_000,
        "committed": 300_000,
        "paid": 240_000,
        "remaining": 700_000,
    }
    assert len(row["years"]) == 4
    communes = budget_by_commune(years)
    assert communes[0]["name"] == "Valence" and communes[0]["total"] == 300_000


def test_page_and_exports(client, agent, granted, django_assert_max_num_queries):
    client.force_login(agent)
    with django_assert_max_num_queries(15):
        html = client.get(reverse("grants_agents:budget")).content.decode()
    assert "3\u202f000\u00a0€" in html and "7\u202f000\u00a0€" in html and "2\u202f400\u00a0€" in html
    csv = client.get(reverse("grants_agents:budget_csv"))
    assert csv.status_code == 200
    text = csv.content.decode()
    assert granted.number in text and "3000.00" in text
    xlsx = client.get(reverse("grants_agents:budget_xlsx"))
    assert xlsx.content[:2] == b"PK"


def test_budget_forbidden_to_non_agents(client, elected, granted):
    client.force_login(elected)
    assert client.get(reverse("grants_agents:budget")).status_code == 403
    assert client.get(reverse("grants_agents:budget_csv")).status_code == 403


def test_privacy_export_and_erase(granted, agent, inhabitant):
    from solidaires.accounts.privacy import collect_export

    data = collect_export(agent)
    assert "grants_instruction" in data
    assert data["grants_instruction"]["committee_seats"][0]["session"]


def test_a_title_written_as_a_formula_stays_text_in_the_exports(client, agent, granted):
    """Issue 11: a project title starting with "=" became a live formula in decisions.xlsx
    (xlsxwriter's default) and stayed raw in decisions.csv."""
    import csv
    import io
    import zipfile

    granted.title = '=HYPERLINK("https://evil.example","Voir")'
    granted.save(update_fields=["title"])
    client.force_login(agent)
    rows = list(csv.reader(io.StringIO(client.get(reverse("grants_agents:budget_csv")).content.decode())))
    titles = [row[7] for row in rows[1:]]
    assert titles == ["'" + granted.title]
    book = zipfile.ZipFile(io.BytesIO(client.get(reverse("grants_agents:budget_xlsx")).content))
    assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    assert "HYPERLINK" in book.read("xl/sharedStrings.xml").decode()


def test_a_project_shows_its_own_communes_not_only_the_applicants(client, agent, inhabitant):
    """Issue 11: the inbox showed "—" as commune for a project located in Montmiral (it showed
    the applicant's commune, which a person or a group may not have). Same rule in the
    committee member's page, the public funded projects and the decisions export."""
    import csv
    import io

    from solidaires.territory.tests.factories import CommuneFactory

    montmiral = CommuneFactory(insee="26208", name="Montmiral")
    applicant = ApplicantFactory(person=inhabitant, commune=None)
    application = submitted_application(applicant=applicant, commune=montmiral, state=S.COMMITTEE)
    client.force_login(agent)
    rows = client.get(reverse("grants_agents:inbox")).context["rows"]
    assert "<td>Montmiral</td>" in str(rows[0]["cells"])
    envelope(application.scheme, 1_000_000)
    session = committee_session(scheme=application.scheme, members=[agent])
    session.applications.add(application)
    services.decision_record(
        application=application,
        session=session,
        outcome="granted_partial",
        amount_cents=300_000,
        reason="x",
        by=agent,
    )
    lines = list(csv.reader(io.StringIO(client.get(reverse("grants_agents:budget_csv")).content.decode())))
    assert lines[1][lines[0].index("Commune")] == "Montmiral"
    assert "· Montmiral" in client.get(reverse("grants:funded")).content.decode()
    # A file without communes of its own (an old one) falls back on the applicant's.
    application.communes.clear()
    applicant.commune = montmiral
    applicant.save()
    assert application.place_names == "Montmiral"
