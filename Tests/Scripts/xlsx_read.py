#!/usr/bin/env python3
"""Reads back the .xlsx files the engine writes, independently of it (openpyxl, and the raw XML with zipfile),
for the tests in Tests/ReportsTests/XLSXWriterTests.swift and Tests/BudgetCLITests/XLSXOutputTests.swift.

  xlsx_read.py dump FILE.xlsx
      JSON: {"warnings": [...], "sheets": [{"name", "freeze_panes", "auto_filter", "max_row", "max_column",
      "widths": {"A": 12.0, ...}, "rows": [[{"v": value, "t": data_type, "f": number_format, "bold": bool,
      "raw": the <v> text of a number cell}, ...], ...]}]}
  xlsx_read.py compare FILE.xlsx SHEET FILE.csv [--wan]
      JSON comparing the sheet with the CSV the engine wrote for the same table: row counts, headers, and
      "mismatches" (at most 20): a CSV amount must equal the cell's exact value (Decimal of its <v> text; ÷ 10,000
      with --wan), a CSV rate (4 decimals) must be within 0.00005 of the cell, text equal, empty ↔ empty;
      "money": per column shown as money, the Decimal sums of the cell values and of the CSV's column.
      "expected_widths": per column, min(widest display width + 2, 60) of the cells as Excel shows them
      (header included; East Asian Wide/Fullwidth counting 2), beside "widths", the widths written.
Exit 3 with a message when openpyxl is missing.
"""
import csv
import json
import sys
import unicodedata
import warnings
import zipfile
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:
    sys.stderr.write("python3 has no openpyxl: run `make deps` (it installs openpyxl with pip)\n")
    sys.exit(3)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def load(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = openpyxl.load_workbook(path)
    return book, [str(w.message) for w in caught]


def raw_values(path):
    """{sheet name: {"B2": "82694.30"}}: the <v> text of every number cell, read from the XML itself."""
    result = {}
    with zipfile.ZipFile(path) as archive:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(PKG + "Relationship")}
        for sheet in workbook.iter(MAIN + "sheet"):
            part = "xl/" + targets[sheet.get(REL + "id")]
            values = {}
            for cell in ET.fromstring(archive.read(part)).iter(MAIN + "c"):
                if cell.get("t", "n") == "n" and cell.find(MAIN + "v") is not None:
                    values[cell.get("r")] = cell.find(MAIN + "v").text
            result[sheet.get("name")] = values
    return result


def dump(path):
    book, caught = load(path)
    raw = raw_values(path)
    sheets = []
    for ws in book.worksheets:
        rows = []
        for row in ws.iter_rows():
            rows.append([{"v": c.value, "t": c.data_type, "f": c.number_format, "bold": bool(c.font and c.font.b),
                          "raw": raw[ws.title].get(c.coordinate)} for c in row])
        sheets.append({"name": ws.title, "freeze_panes": ws.freeze_panes, "auto_filter": ws.auto_filter.ref,
                       "max_row": ws.max_row, "max_column": ws.max_column,
                       "widths": {k: d.width for k, d in ws.column_dimensions.items()}, "rows": rows})
    print(json.dumps({"warnings": caught, "sheets": sheets}, ensure_ascii=False, default=str))


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def shown_text(cell, raw):
    """The cell as Excel shows it with its number format (for the widths)."""
    if cell.data_type != "n":
        return str(cell.value)
    value = Decimal(raw[cell.coordinate])
    form = cell.number_format
    if form == "#,##0.00":
        return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    if form == "0.0%":
        return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
    if form.startswith("0"):
        digits = len(form.split(".")[1]) if "." in form else 0
        return f"{value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)}"
    return raw[cell.coordinate]


def compare(path, sheet_name, csv_path, wan):
    book, caught = load(path)
    ws = book[sheet_name]
    raw = raw_values(path)[sheet_name]
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    header, records = table[0], table[1:]
    cells = list(ws.iter_rows())
    mismatches = []
    money = {}
    divisor = Decimal(10000) if wan else Decimal(1)
    for r, record in enumerate(records):
        row = cells[r + 1] if r + 1 < len(cells) else []
        for c, text in enumerate(record):
            cell = row[c] if c < len(row) else None
            value = cell.value if cell is not None else None
            where = f"{sheet_name}!{get_column_letter(c + 1)}{r + 2} ({header[c]})"
            if text == "":
                if value is not None:
                    mismatches.append(f"{where}: CSV empty, cell {value!r}")
                continue
            if value is None:
                mismatches.append(f"{where}: CSV {text!r}, cell empty")
                continue
            if cell.data_type == "n":
                exact = Decimal(raw[cell.coordinate])
                if cell.number_format == "#,##0.00":
                    money.setdefault(header[c], [Decimal(0), Decimal(0)])
                    money[header[c]][0] += exact
                    money[header[c]][1] += Decimal(text) / divisor
                    if exact != Decimal(text) / divisor:
                        mismatches.append(f"{where}: CSV {text}, cell {raw[cell.coordinate]}")
                elif abs(exact - Decimal(text)) > Decimal("0.00005"):
                    mismatches.append(f"{where}: CSV {text}, cell {raw[cell.coordinate]}")
            elif str(value) != text:
                mismatches.append(f"{where}: CSV {text!r}, cell {value!r}")
    widths = []
    for c in range(len(header)):
        shown = [shown_text(row[c], raw) for row in cells if c < len(row) and row[c].value is not None]
        widths.append(min(max([display_width(t) for t in shown] + [0]) + 2, 60))
    print(json.dumps({"warnings": caught, "csv_rows": len(records), "xlsx_rows": ws.max_row - 1,
                      "csv_header": header, "xlsx_header": [c.value for c in cells[0]] if cells else [],
                      "mismatches": mismatches[:20], "mismatch_count": len(mismatches),
                      "money": {k: [str(v[0]), str(v[1])] for k, v in money.items()},
                      "expected_widths": widths,
                      "widths": [ws.column_dimensions[get_column_letter(c + 1)].width for c in range(len(header))]},
                     ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4], "--wan" in sys.argv[5:])
    else:
        sys.exit(f"unknown mode {sys.argv[1]}")
