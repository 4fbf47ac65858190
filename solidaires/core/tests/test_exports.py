"""Spreadsheet exports never carry a live formula (OWASP CSV injection); numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest

from solidaires.core.exports import csv_bytes, safe_text, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("https://evil.example","clic")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_text_starting_a_formula_is_shown_as_text(value):
    assert safe_text(value) == "'" + value


@pytest.mark.parametrize("value", ["Jardins partagés", "-12,50", "+33", "12.5", ""])
def test_ordinary_text_and_plain_numbers_are_left_alone(value):
    assert safe_text(value) == value


def test_csv_neutralises_cells_and_keeps_numbers():
    content = csv_bytes(["Titre", "Montant"], [[HOSTILE[0], 1250], ["Vélo", Decimal("12.50")]]).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1] == ["'" + HOSTILE[0], "1250"]
    assert rows[2] == ["Vélo", "12.50"]


def test_xlsx_writes_no_formula_and_numbers_as_numbers():
    content = xlsx_bytes("feuille", ["Titre", "Montant"], [[value, 5] for value in HOSTILE])
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet  # no formula cell
    assert 't="n"' in sheet or "<v>5</v>" in sheet  # the amount is a number
    assert "HYPERLINK" in strings  # the title is kept, as text
