"""What an import will do with each row: import it, skip it as a duplicate, or refuse it
with its problems. Shared by the contacts and organizations planners."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from crm.imports.columns import column_label
from crm.imports.reading import Table


class Status(enum.StrEnum):
    NEW = "new"  # will be (or was) imported
    DUPLICATE = "duplicate"  # already in Passerelle, or earlier in the file
    REFUSED = "refused"  # has problems: nothing of it is written


@dataclass
class Problem:
    column: str  # the column's header as in the file ("" when the row as a whole)
    message: str


@dataclass
class RowPlan:
    number: int
    cells: list[str]
    status: Status = Status.NEW
    problems: list[Problem] = field(default_factory=list)
    reason: str = ""  # why a duplicate is skipped
    values: dict = field(default_factory=dict)  # what the operation is given


@dataclass
class Plan:
    kind: str
    headers: list[str]
    rows: list[RowPlan]

    def count(self, status: Status) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.status == Status.NEW]


class RowReader:
    """One row's cells by field name, and its problems by column."""

    def __init__(self, table: Table, mapping: list[str], number: int, cells: list[str]):
        self.headers = table.headers
        self.columns = {name: index for index, name in enumerate(mapping) if name}
        self.row = RowPlan(number, cells)

    def __getitem__(self, name: str) -> str:
        index = self.columns.get(name)
        return self.row.cells[index] if index is not None else ""

    def column(self, name: str) -> str:
        index = self.columns.get(name)
        return column_label(self.headers, index) if index is not None else ""

    def refuse(self, name: str, message) -> None:
        self.row.problems.append(Problem(self.column(name), str(message)))

    def parse(self, name: str, parser, default=""):
        """``parser(cell)``, or ``default`` with a problem noted when it raises ValueError."""
        try:
            return parser(self[name])
        except ValueError as error:
            self.refuse(name, error)
            return default

    def check(self, form_class, data: dict, fields: dict[str, str], *args, **kwargs):
        """Validate ``data`` with the page's own form (the rules live there once); each
        error goes to the column of its field (``fields``: form field → import field),
        unless that column already has a problem."""
        form = form_class(*args, formdata=MultiDict(data), meta={"csrf": False}, **kwargs)
        form.validate()
        troubled = {problem.column for problem in self.row.problems}
        for form_field, errors in form.errors.items():
            name = fields.get(form_field, "")
            if self.column(name) in troubled and name:
                continue
            for error in errors:
                self.refuse(name, error)
        return form

    def done(self) -> RowPlan:
        if self.row.problems:
            self.row.status = Status.REFUSED
        return self.row

    def skip(self, reason) -> RowPlan:
        self.row.status = Status.DUPLICATE
        self.row.reason = str(reason)
        return self.row


def chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]
