"""SCDL "subventions" rows: pure mapping tests + frictionless validation against the schema."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from stdnum.fr import siret

from solidaires.grants.instruction import scdl

SCHEMA_PATH = Path("/work/shared/data/schemas/scdl-subventions-2.1.1.json")


def schema_path() -> Path:
    local = Path(__file__).parent / "data" / "scdl-subventions-2.1.1.json"
    return SCHEMA_PATH if SCHEMA_PATH.exists() else local


def record(**overrides):
    values = {
        "decision_reference": "IC-2026-0042",
        "decided_on": date(2026, 3, 12),
        "beneficiary_name": "La Bicyclette Bleue",
        "beneficiary_siret": "",
        "beneficiary_rna": "W261234567",
        "purpose": "Atelier de réparation de vélos, quartier Fontbarlettes",
        "amount_cents": 350_050,
        "payment_dates": [date(2026, 3, 20), date(2027, 1, 15)],
        "scheme_code": "IC",
    }
    values.update(overrides)
    return scdl.GrantRecord(**values)


def test_columns_match_the_schema_exactly_in_order():
    schema = json.loads(schema_path().read_text())
    assert list(scdl.COLUMNS) == [field["name"] for field in schema["fields"]]


def test_row_formats():
    row = scdl.row(record(), attribuant_name="Valence Romans Agglo", attribuant_id="20006878100014")
    assert list(row) == list(scdl.COLUMNS)
    assert row["montant"] == "3500.50"
    assert row["dateConvention"] == "2026-03-12"
    assert row["datesPeriodeVersement"] == "2026-03-20/2027-01-15"
    assert row["conditionsVersement"] == "échelonné"
    assert row["notificationUE"] == "non"
    assert row["pourcentageSubvention"] == "1.00"
    assert row["dispositifAide"] == "IC"
    assert row["nature"] == "aide en numéraire"
    assert row["rnaBeneficiaire"] == "W261234567"
    assert row["idBeneficiaire"] == ""


def test_single_payment_and_long_purpose():
    row = scdl.row(
        record(payment_dates=[date(2026, 4, 1)], purpose="x " * 300),
        attribuant_name="A",
        attribuant_id="20006878100014",
    )
    assert row["datesPeriodeVersement"] == "2026-04-01"
    assert row["conditionsVersement"] == "unique"
    assert len(row["objet"]) <= 255
    assert row["objet"].endswith("…")


def test_records_without_siret_or_rna_are_not_exported():
    person = record(beneficiary_name="Camille Martin", beneficiary_rna="", beneficiary_siret="")
    bad_rna = record(beneficiary_rna="W12", beneficiary_siret="")
    with_siret = record(beneficiary_rna="", beneficiary_siret="44306184100047")
    rows = list(scdl.rows([person, bad_rna, with_siret], attribuant_name="A", attribuant_id="20006878100014"))
    assert len(rows) == 1
    assert rows[0]["idBeneficiaire"] == "44306184100047"
    assert "Camille Martin" not in json.dumps(rows)


def test_attribuant_siret_built_from_siren_is_a_valid_siret():
    built = scdl.attribuant_siret("200068781")
    assert built.startswith("2000687810001")
    assert siret.is_valid(built)
    assert scdl.attribuant_siret("200068781", "732 829 320 00074") == "73282932000074"


def test_attribuant_siret_rejects_bad_input():
    with pytest.raises(ValueError):
        scdl.attribuant_siret("12")
    with pytest.raises(ValueError):
        scdl.attribuant_siret("200068781", "12345678901234")


def test_pure_rows_validate_with_frictionless(tmp_path):
    from frictionless import Resource, Schema

    rows = list(
        scdl.rows(
            [record(), record(beneficiary_siret="44306184100047", beneficiary_rna="", payment_dates=[])],
            attribuant_name="Valence Romans Agglo",
            attribuant_id=scdl.attribuant_siret("200068781"),
        )
    )
    path = tmp_path / "subventions.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=scdl.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    schema = Schema.from_descriptor(json.loads(schema_path().read_text()))
    report = Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert all(r["idBeneficiaire"] or r["rnaBeneficiaire"] for r in rows)


def test_frictionless_catches_a_broken_row(tmp_path):
    """The validation test above can fail: a bad amount and a missing grantor are reported."""
    from frictionless import Resource, Schema

    row = scdl.row(record(), attribuant_name="", attribuant_id="123")
    row["montant"] = "3 500,50"
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=scdl.COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    schema = Schema.from_descriptor(json.loads(schema_path().read_text()))
    report = Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
    assert not report.valid
