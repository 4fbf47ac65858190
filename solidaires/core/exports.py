"""The one writer of every CSV and XLSX file of the project (issue 11: formula injection).

A cell a person typed (a project title, a name) that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is a formula to a spreadsheet (OWASP "CSV injection"). Here:

- CSV: such a text cell is prefixed with an apostrophe, so it is shown as text;
- XLSX: every text is written as a string (xlsxwriter never turns it into a formula, a number
  or a link), so it stays what was typed;
- numbers stay numbers: ``int``, ``float`` and ``Decimal`` values are written as numbers, and
  a text that is only a number ("-12,50") is left as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: str) -> str:
    """A text cell that no spreadsheet will run as a formula."""
    if value.startswith(DANGEROUS_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float, Decimal)):
        return value
    return safe_text(str(value))


def csv_bytes(
    headings: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",", bom: bool = False
) -> bytes:
    """UTF-8 CSV (with a BOM for spreadsheets when ``bom``), one header row, CRLF lines."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in headings])
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(sheet: str, headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One worksheet, a bold frozen header row; numbers as numbers, every text as a string."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    for column, heading in enumerate(headings):
        worksheet.write_string(0, column, str(heading), bold)
    for index, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                worksheet.write_number(index, column, float(value))
            else:
                worksheet.write_string(index, column, "" if value is None else str(value))
    worksheet.freeze_panes(1, 0)
    workbook.close()
    return output.getvalue()
