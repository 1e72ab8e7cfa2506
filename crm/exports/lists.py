"""A list page's export: the page's own query (filters, sort, visibility), every row."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Response

from crm.exports.columns import Column, the_user
from crm.exports.responses import dated_filename, export_file
from crm.exports.tabular import CSV_MIMETYPE, XLSX_MIMETYPE, Sheet, csv_bytes, xlsx_bytes
from crm.extensions import db

FORMATS = ("csv", "xlsx")
BATCH = 500  # rows fetched at once; eager loads run once a batch, never once a row


@dataclass(frozen=True)
class ListExport:
    """How one domain's list exports: each domain's exports.py defines one."""

    what: str  # what the export holds, for the log ("contacts")
    stem: Any  # a lazy string: the start of the file's name, in the user's language
    title: Any  # a lazy string: the sheet's name
    columns: Callable[[Any], Sequence[Column]]  # the user -> the columns
    loads: Sequence = ()  # loader options for what the columns use


def records(query: sa.Select, loads: Sequence = ()) -> Iterator:
    """The query's records in batches, with what the columns use loaded per batch."""
    query = query.options(*loads).execution_options(yield_per=BATCH)
    yield from db.session.scalars(query)


def export_list(query: sa.Select, export: ListExport, fmt: str, user) -> Response:
    """The list as a CSV or XLSX file named ``<stem>-<today>.<fmt>``."""
    columns = export.columns(the_user(user))
    sheet = Sheet(str(export.title), columns, records(query, export.loads))
    if fmt == "csv":
        content, mimetype = csv_bytes(sheet), CSV_MIMETYPE
    else:
        content, mimetype = xlsx_bytes([sheet]), XLSX_MIMETYPE
    filename = dated_filename(str(export.stem), fmt)
    return export_file(content, filename, mimetype, what=export.what, count=sheet.count)
