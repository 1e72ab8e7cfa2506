"""What an import did, kept for its result page, and its refused rows as a CSV file the
user can correct and import again."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from crm.imports.planning import Plan, Status


def counts(plan: Plan) -> dict:
    return {
        "read": len(plan.rows),
        "imported": plan.count(Status.NEW),
        "duplicates": plan.count(Status.DUPLICATE),
        "refused": plan.count(Status.REFUSED),
    }


def summary(plan: Plan) -> dict:
    """JSON-ready: the counts, the refused rows (cells and problems) and the skipped ones."""
    return {
        "counts": counts(plan),
        "headers": plan.headers,
        "refused": [
            {
                "number": row.number,
                "cells": row.cells,
                "problems": [[p.column, p.message] for p in row.problems],
            }
            for row in plan.rows
            if row.status == Status.REFUSED
        ],
        "duplicates": [
            {"number": row.number, "reason": row.reason}
            for row in plan.rows
            if row.status == Status.DUPLICATE
        ],
    }


def refused_csv(result: dict) -> bytes:
    """The refused rows with their problems in a last column: UTF-8 with a BOM and ";",
    as Excel opens it on a French Windows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Row"), *result["headers"], _("Problems")])
    for row in result["refused"]:
        problems = " ".join(
            _("%(column)s: %(message)s", column=column, message=message) if column else message
            for column, message in row["problems"]
        )
        writer.writerow([row["number"], *row["cells"], problems])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def problem_lines(plan: Plan) -> list[str]:
    """One line a refused row's problem, for the command line: "row N, column C: message"."""
    lines = []
    for row in plan.rows:
        for problem in row.problems:
            where = f", column {problem.column}" if problem.column else ""
            lines.append(f"row {row.number}{where}: {problem.message}")
    return lines
