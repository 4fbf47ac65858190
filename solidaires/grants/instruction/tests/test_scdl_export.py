"""/donnees/subventions.csv (and .xlsx, .json) validated with frictionless against the SCDL schema."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from frictionless import Resource, Schema

from solidaires.grants.instruction import scdl, services
from solidaires.grants.instruction.tests.test_scdl import schema_path
from solidaires.grants.models import ApplicantKind
from solidaires.grants.models import ApplicationState as S
from solidaires.grants.tests.factories import (
    ApplicantFactory,
    GroupApplicantFactory,
    committee_session,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def grants(agent, bicyclette, inhabitant, valence):
    from solidaires.territory.models import Epci

    Epci.objects.filter(pk=valence.epci_id).update(name="Valence Romans Agglo")
    bicyclette.rna = "W261000123"
    bicyclette.save()
    association = ApplicantFactory(
        kind=ApplicantKind.ASSOCIATION,
        association=bicyclette,
        name="La Bicyclette Bleue",
        person=None,
        commune=valence,
    )
    group = GroupApplicantFactory(person=inhabitant, name="Collectif Camille Martin", commune=valence)
    files = [
        submitted_application(applicant=association, state=S.COMMITTEE, title="Atelier vélo"),
        submitted_application(applicant=group, state=S.COMMITTEE, title="Fête de quartier"),
    ]
    session = committee_session(scheme=files[0].scheme, members=[agent])
    session.applications.add(*files)
    for application in files:
        services.decision_record(application=application, session=session, outcome="granted_full", by=agent)
    return files


def test_csv_validates_against_the_schema(client, grants, tmp_path):
    response = client.get("/donnees/subventions.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    path = tmp_path / "subventions.csv"
    path.write_bytes(content)
    schema = Schema.from_descriptor(json.loads(schema_path().read_text()))
    report = Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert list(rows[0].keys()) == list(scdl.COLUMNS)
    # The row rule; the informal group (no SIRET/RNA, personal data) is not there.
    assert len(rows) == 1
    assert all(r["idBeneficiaire"] or r["rnaBeneficiaire"] for r in rows)
    assert rows[0]["nomBeneficiaire"] == "La Bicyclette Bleue"
    assert rows[0]["rnaBeneficiaire"] == "W261000123"
    assert rows[0]["montant"] == "4000.00"
    assert rows[0]["dispositifAide"] == grants[0].scheme.code
    assert rows[0]["nomAttribuant"] == "Valence Romans Agglo"
    assert "Camille" not in content.decode()


def test_xlsx_and_json(client, grants):
    import zipfile

    response = client.get("/donnees/subventions.xlsx")
    assert response.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    data = client.get("/donnees/subventions.json").json()
    assert len(data["data"]) == 1
    assert list(data["data"][0].keys()) == list(scdl.COLUMNS)


def test_funded_page_lists_projects_without_personal_names(
    client, grants, valence, django_assert_max_num_queries
):
    html = client.get(reverse("grants:funded")).content.decode()
    assert "Atelier vélo" in html and "Fête de quartier" in html
    assert "La Bicyclette Bleue" in html
    assert "Collectif Camille Martin" not in html
    assert "Un collectif d&#x27;habitants" in html or "Un collectif d'habitants" in html
    html = client.get(reverse("grants:funded") + "?year=2001").content.decode()
    assert "Aucun projet soutenu ne correspond." in html


def test_funded_page_query_count_constant(client, agent, django_assert_max_num_queries):
    def make(n):
        files = [submitted_application(state=S.COMMITTEE) for _ in range(n)]
        session = committee_session(scheme=files[0].scheme, members=[agent])
        session.applications.add(*files)
        for application in files:
            services.decision_record(
                application=application, session=session, outcome="granted_full", by=agent
            )

    make(3)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("grants:funded"))
    make(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("grants:funded"))
    assert response.content.decode().count('<li class="card">') == 30
