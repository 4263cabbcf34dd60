#!/usr/bin/python3
"""Makes the workbook fixtures of tests/workbook_tests.sh (SOURCE.md).

One small case (people, agencies, countries and an operation, as the
bundled example) is written three ways from the values below:

  csv/          the case as CSV, one file a sheet, cells as kgraph should
                read them (dates ISO, numbers as typed)
  case-openpyxl.xlsx, dates1904-openpyxl.xlsx, empty-openpyxl.xlsx
                written by openpyxl (Debian's python3-openpyxl): dates in
                several display formats, a 1904-system workbook, numbers,
                booleans, a formula (openpyxl saves none of its values),
                Arabic, emoji, quotes and commas, a merged cell, a hidden
                sheet, an empty sheet
  case-lo.xlsx, case-lo.ods, case-lo.xls, dates1904-lo.{xlsx,ods,xls}
                case-openpyxl.xlsx (and dates1904-openpyxl.xlsx) opened
                and saved by LibreOffice (soffice --headless
                --convert-to), which computes the formula and keeps its
                value

Run from this folder with Debian's /usr/bin/python3 and soffice
(libreoffice-calc-nogui); the test reads only what it wrote.
"""
import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

D = dt.date
T = dt.datetime

# People: (value, number format) where the format matters; the formula's
# value is what LibreOffice computes.
PEOPLE_HEAD = ["id", "name", "type", "country", "born", "salary", "ratio",
               "share", "staff", "active", "total", "description"]
PEOPLE = [
    ["jurgen_stock", "Jürgen Stock", "person", "germany",
     (D(1959, 10, 4), "dd/mm/yyyy"), 1250000.5, 1e-07, 0.3, 42, True,
     ("=F2*2", 2500001), 'Secretary General of Interpol, the "Interpol chief"'],
    ["mohammed_dkhissi", "محمد الدخيسي", "person", "morocco",
     (D(1956, 2, 14), "mmm d, yyyy"), 98000, 0.25, 0.1, 7, False, None,
     "Head of Morocco's judicial police 🚓, Rabat"],
    ["interpol", "Interpol", "agency", None, (D(1923, 9, 7), "yyyy-mm-dd"),
     None, None, None, 1000, True, None,
     "International Criminal Police Organization; merged cell"],
    ["operation_trigger", "Operation Trigger", "operation", "morocco",
     (T(2019, 3, 5, 13, 45), "yyyy-mm-dd hh:mm:ss"), None, None, None, None,
     None, None, "🕵️ joint operation, 'Trigger'"],
]
LINKS_HEAD = ["source", "target", "relation", "date", "evidence",
              "confidence"]
LINKS = [
    ["jurgen_stock", "interpol", "secretary_general_of",
     (D(2014, 11, 7), "dd/mm/yyyy"), 'elected, "unanimously"', "confirmed"],
    ["mohammed_dkhissi", "interpol", "works_with",
     (D(2018, 6, 1), "mmm d, yyyy"), "head of the Interpol Office in Rabat",
     "probable"],
    ["interpol", "operation_trigger", "coordinated",
     (D(2019, 3, 5), "yyyy-mm-dd"), "عملية مشتركة", "confirmed"],
    ["mohammed_dkhissi", "operation_trigger", "took_part_in",
     (T(2019, 3, 6, 9, 30, 15), "yyyy-mm-dd hh:mm:ss"), "📰 press, Rabat",
     "possible"],
]
COUNTRIES_HEAD = ["id", "name", "type"]
COUNTRIES = [["germany", "Germany", "country"],
             ["morocco", "Morocco", "country"]]

DATES_HEAD = ["source", "target", "relation", "date"]
DATES = [
    ["a", "b", "met", (D(1904, 1, 2), "dd/mm/yyyy")],
    ["b", "c", "met", (D(1959, 10, 4), "yyyy-mm-dd")],
    ["c", "a", "met", (T(2001, 9, 11, 8, 46), "yyyy-mm-dd hh:mm:ss")],
    # shown as a day: its time is not what a reader sees
    ["a", "c", "met", (T(1990, 5, 6, 13, 45), "dd/mm/yyyy")],
    # shown with its time, which is midnight
    ["b", "a", "met", (T(2000, 1, 1, 0, 0), "yyyy-mm-dd hh:mm:ss")],
]


def text(v):
    """A cell as kgraph (and any reader) should give it."""
    if isinstance(v, tuple) and isinstance(v[0], dt.date):
        shows_time = "h" in v[1]
        day = v[0].date() if isinstance(v[0], dt.datetime) else v[0]
        if not shows_time:
            return day.isoformat()
        return dt.datetime.combine(day, v[0].time() if isinstance(
            v[0], dt.datetime) else dt.time()).isoformat()
    if isinstance(v, tuple):
        v = v[1] if isinstance(v[0], str) else v[0]
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    return str(v)


def write_csv(path, head, rows, drop=()):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        for r in rows:
            w.writerow(["" if (i in drop) else text(v)
                        for i, v in enumerate(r)])


def fill(ws, head, rows):
    ws.append(head)
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row, start=1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(v, tuple) and isinstance(v[0], str):
                cell.value = v[0]  # a formula: openpyxl keeps no value
            elif isinstance(v, tuple):
                cell.value, cell.number_format = v
            else:
                cell.value = v


def case_openpyxl(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "People"
    fill(ws, PEOPLE_HEAD, PEOPLE)
    ws.merge_cells("J4:K4")  # interpol's active over its empty total
    fill(wb.create_sheet("Links"), LINKS_HEAD, LINKS)
    wb.create_sheet("Notes")  # empty: passed over
    hidden = wb.create_sheet("Countries")
    fill(hidden, COUNTRIES_HEAD, COUNTRIES)
    hidden.sheet_state = "hidden"
    wb.save(path)


def dates_openpyxl(path):
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Met"
    fill(ws, DATES_HEAD, DATES)
    wb.save(path)


def soffice(src, fmt, out):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "-env:UserInstallation=file://" + tmp +
                        "/profile", "--headless", "--convert-to", fmt,
                        "--outdir", tmp, src], check=True,
                       stdout=subprocess.DEVNULL)
        base = os.path.splitext(os.path.basename(src))[0]
        shutil.move(os.path.join(tmp, base + "." + fmt.split(":")[0]), out)


def main():
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs("csv", exist_ok=True)
    write_csv("csv/People.csv", PEOPLE_HEAD, PEOPLE)
    write_csv("csv/Links.csv", LINKS_HEAD, LINKS)
    write_csv("csv/Countries.csv", COUNTRIES_HEAD, COUNTRIES)
    write_csv("csv/Met.csv", DATES_HEAD, DATES)
    case_openpyxl("case-openpyxl.xlsx")
    dates_openpyxl("dates1904-openpyxl.xlsx")
    for fmt in ("xlsx", "ods", "xls"):
        soffice("case-openpyxl.xlsx", fmt, "case-lo." + fmt)
    soffice("dates1904-openpyxl.xlsx", "ods", "dates1904-lo.ods")
    soffice("dates1904-openpyxl.xlsx", "xlsx", "dates1904-lo.xlsx")
    soffice("dates1904-openpyxl.xlsx", "xls", "dates1904-lo.xls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
