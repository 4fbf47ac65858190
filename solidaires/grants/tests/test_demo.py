"""The grants demo data at the territory's scale (issue 11, decision 1135).

The article: about 2.1 M€ a year of support to associations, 160+ Initiatives Citoyennes projects
in four years. The generator runs at the agglo size (360 associations) on a small territory.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Sum
from django.urls import reverse

from solidaires.associations.models import Association
from solidaires.core import demo as core_demo
from solidaires.core.demo import PARIS
from solidaires.grants.instruction.selectors.open_data import FUNDED_STATES
from solidaires.grants.models import Applicant, Application, CommitteeSession, Decision, Payment
from solidaires.territory.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=PARIS)
YEARS = (2023, 2024, 2025, 2026)
YEARLY_TOTAL_CENTS = 2_100_000 * 100
GRANTED = ("granted_full", "granted_partial")
BAD_TITLE = re.compile(r"\d{5}|\d\s*\)?\s*$")
# Small villages: with projects weighted by population, some get none.
VILLAGES = [
    ("26001", "Barbières", 980),
    ("26002", "Charpey", 1350),
    ("26003", "Rochefort-Samson", 1100),
    ("26004", "Le Chalon", 180),
    ("26005", "Montmiral", 520),
    ("26006", "Saint-Vincent-la-Commanderie", 560),
    ("26007", "Jaillans", 1000),
    ("26008", "Eymeux", 1020),
]


@pytest.fixture
def territory(valence, romans):
    CommuneFactory(
        insee="26252", name="Portes-lès-Valence", slug="26252-portes-les-valence", population=10610
    )
    CommuneFactory(insee="26057", name="Bourg-de-Péage", slug="26057-bourg-de-peage", population=10205)
    CommuneFactory(insee="26058", name="Bourg-lès-Valence", slug="26058-bourg-les-valence", population=20000)
    for insee, name, population in VILLAGES:
        CommuneFactory(insee=insee, name=name, slug=f"{insee}-village", population=population)


def generate(monkeypatch, *, associations: int, users: int, seed: int = 42) -> None:
    monkeypatch.setitem(
        core_demo.SCALES, "tiny", core_demo.Scale("tiny", associations=associations, users=users)
    )
    with time_machine.travel(TODAY, tick=False):
        call_command("generate_demo", "--scale", "tiny", "--seed", str(seed), stdout=StringIO())


def test_demo_at_the_agglo_scale(territory, monkeypatch, settings, tmp_path, client):
    """One generation (tens of seconds on a busy machine), every property checked on it."""
    settings.MEDIA_ROOT = tmp_path
    generate(monkeypatch, associations=360, users=600)
    check_four_years_of_grants_at_the_articles_scale()
    check_states_follow_the_calendar()
    check_projects_follow_the_population()
    check_titles_read_like_real_projects()
    check_scdl_export_lists_every_granted_subsidy_of_an_association(client)


def granted_by(*fields: str):
    return (
        Decision.objects.filter(outcome__in=GRANTED, application__is_demo=True)
        .values(*fields)
        .annotate(n=Count("id"), total=Sum("amount_cents"))
    )


def check_four_years_of_grants_at_the_articles_scale() -> None:
    by_year = {r["year"]: r for r in granted_by("year")}
    assert sorted(by_year) == list(YEARS)
    for year in YEARS:
        assert abs(by_year[year]["total"] - YEARLY_TOTAL_CENTS) <= YEARLY_TOTAL_CENTS // 10, year

    by_scheme = {
        (r["application__scheme__code"], r["year"]): r
        for r in granted_by("application__scheme__code", "year")
    }
    for year in YEARS:
        ic = by_scheme[("initiatives-citoyennes", year)]
        operating = by_scheme[("subvention-fonctionnement", year)]
        project = by_scheme[("subvention-projet", year)]
        assert 38 <= ic["n"] <= 48
        assert 90_000_00 <= ic["total"] <= 130_000_00
        assert 140 <= operating["n"] <= 190
        assert 1_350_000_00 <= operating["total"] <= 1_750_000_00
        assert 50 <= project["n"] <= 75
        assert 380_000_00 <= project["total"] <= 520_000_00
    assert sum(by_scheme[("initiatives-citoyennes", y)]["n"] for y in YEARS) >= 160

    # Amounts: within the ceilings, never more than asked, with partial grants and refusals.
    decisions = Decision.objects.filter(application__is_demo=True).select_related("application__scheme")
    for decision in decisions.filter(outcome__in=GRANTED):
        application = decision.application
        assert 0 < decision.amount_cents <= application.amount_requested_cents
        if application.scheme.ceiling_cents:
            assert decision.amount_cents <= application.scheme.ceiling_cents
        assert decision.amount_cents == application.amount_granted_cents
    outcomes = Counter(decisions.values_list("outcome", flat=True))
    assert outcomes["granted_partial"] > 0 and outcomes["refused"] > 0

    # Every decided file has its committee's date; one committee per decided call.
    for decision in decisions.filter(session__isnull=False).select_related("session"):
        assert decision.decided_at.astimezone(PARIS).date() == decision.session.meets_on
    assert CommitteeSession.objects.filter(is_demo=True).count() >= 4 * 4


def check_states_follow_the_calendar() -> None:
    past = Application.objects.filter(is_demo=True, call__year__lt=2026)
    assert not past.filter(
        state__in=["draft", "submitted", "instruction", "waiting_pieces", "committee"]
    ).exists()
    states = Counter(past.values_list("state", flat=True))
    assert states["closed"] > states["report_due"] > 0
    assert states["refused"] > 0 and states["withdrawn"] > 0
    # The calls open now (next year's) have files being examined, waiting for pieces, drafts.
    current = Counter(
        Application.objects.filter(is_demo=True, call__year=2027).values_list("state", flat=True)
    )
    assert current["submitted"] and current["instruction"] and current["waiting_pieces"] and current["draft"]
    # This year's granted projects still running, their payments partly made.
    assert Application.objects.filter(is_demo=True, call__year=2026, state="granted").exists()
    paid = Payment.objects.filter(application__is_demo=True, state="paid")
    assert paid.exists() and Payment.objects.filter(application__is_demo=True, state="planned").exists()
    assert not paid.filter(paid_on__gt=TODAY.date()).exists()


def check_projects_follow_the_population() -> None:
    ic_by_commune = Counter(
        Application.communes.through.objects.filter(
            application__is_demo=True, application__scheme__code="initiatives-citoyennes"
        ).values_list("commune_id", flat=True)
    )
    ranking = [insee for insee, _n in ic_by_commune.most_common()]
    assert ranking[:2] == ["26362", "26281"]  # Valence, then Romans-sur-Isère
    assert any(ic_by_commune[insee] == 0 for insee, _name, _population in VILLAGES)


def check_titles_read_like_real_projects() -> None:
    titles = list(Application.objects.filter(is_demo=True).values_list("title", flat=True))
    assert len(set(titles)) > len(titles) // 3
    for title in titles:
        assert not BAD_TITLE.search(title), title
        assert title[0].isupper()
    for name in Applicant.objects.filter(is_demo=True).values_list("name", flat=True):
        assert name and not BAD_TITLE.search(name), name
    for name in Association.objects.filter(is_demo=True).values_list("name", flat=True):
        assert not BAD_TITLE.search(name), name
    summaries = Application.objects.filter(is_demo=True, scheme__code="initiatives-citoyennes")
    assert all(len(s) > 80 for s in summaries.values_list("summary", flat=True))
    assert Application.objects.filter(title__contains="Fontbarlettes").exists()


def check_scdl_export_lists_every_granted_subsidy_of_an_association(client) -> None:
    expected = (
        Decision.objects.filter(
            outcome__in=GRANTED,
            application__state__in=FUNDED_STATES,
            application__applicant__kind="association",
        )
        .exclude(application__applicant__rna="", application__applicant__siret="")
        .count()
    )
    operating_and_projects = Decision.objects.filter(
        outcome__in=GRANTED, application__scheme__code__in=["subvention-fonctionnement", "subvention-projet"]
    ).count()
    assert expected >= operating_and_projects  # every association file can be published
    response = client.get(reverse("open_data:subventions_json"))
    rows = json.loads(response.content)["data"]
    assert len(rows) == expected
    objets = [row["objet"] for row in rows]
    assert not any(BAD_TITLE.search(objet) for objet in objets)


def test_same_seed_same_files(territory, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def snapshot():
        return list(
            Application.objects.filter(is_demo=True)
            .order_by("number", "title")
            .values_list("number", "title", "state", "amount_requested_cents", "amount_granted_cents")
        )

    generate(monkeypatch, associations=40, users=150, seed=5)
    first = snapshot()
    assert first
    generate(monkeypatch, associations=40, users=150, seed=5)
    assert snapshot() == first
    generate(monkeypatch, associations=40, users=150, seed=6)
    assert snapshot() != first
