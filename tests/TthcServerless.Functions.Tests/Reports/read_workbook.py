"""Reads a report workbook with openpyxl (Debian's python3-openpyxl) and prints what it found as JSON.

Usage: /usr/bin/python3 read_workbook.py ORIGINAL.xlsx CONVERTED.xlsx
ORIGINAL is the file the app wrote (tables, names, links are read from it); CONVERTED is LibreOffice's re-save of
it, read with data_only, so the values are what a spreadsheet program shows.
"""
import json
import sys

import openpyxl


def tables(path):
    wb = openpyxl.load_workbook(path)
    found = {}
    for ws in wb.worksheets:
        for table in ws.tables.values():
            found[table.name] = {
                "sheet": ws.title,
                "ref": table.ref,
                "style": table.tableStyleInfo.name if table.tableStyleInfo else None,
                "columns": [c.name for c in table.tableColumns],
            }
    names = sorted(d.name for d in wb.defined_names.definedName)
    links = sorted({c.hyperlink.location for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.hyperlink and c.hyperlink.location})
    return wb.sheetnames, found, names, links


def kpis(path):
    ws = openpyxl.load_workbook(path, data_only=True)["Tổng quan"]
    header = next((c for row in ws.iter_rows() for c in row if c.value == "KpiKey"), None)
    if header is None:
        raise SystemExit("no KpiKey header on 'Tổng quan'")
    values = {}
    row = header.row + 1
    while ws.cell(row=row, column=header.column).value:
        values[ws.cell(row=row, column=header.column).value] = ws.cell(row=row, column=header.column + 3).value
        row += 1
    return values


sheets, found, names, links = tables(sys.argv[1])
print(json.dumps({"sheets": sheets, "tables": found, "names": names, "links": links, "kpis": kpis(sys.argv[2])}, ensure_ascii=False))
