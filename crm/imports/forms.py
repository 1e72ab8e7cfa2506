"""The import's forms: the file, and a field for each of its columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField

from crm.core.forms import choices
from crm.imports.columns import FIELDS, column_label


class UploadForm(FlaskForm):
    file = FileField(
        _l("File"),
        description=_l(
            "CSV (separated by ; or ,) or Excel workbook (.xlsx); the first line holds the "
            "column headers."
        ),
        render_kw={"accept": ".csv,.txt,.xlsx"},
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the confirmation imports what the preview showed."""


def mapping_form(kind: str, headers: list[str], mapping: list[str]) -> FlaskForm:
    """A select for each column of the file, set to the field it was recognised as."""
    options = choices([("", _l("Not imported")), *((f.name, f.label) for f in FIELDS[kind])])

    class MappingForm(FlaskForm):
        pass

    for index in range(len(headers)):
        setattr(
            MappingForm,
            f"column_{index}",
            SelectField(column_label(headers, index), choices=options, default=mapping[index]),
        )
    return MappingForm()


def chosen_mapping(form: FlaskForm, width: int) -> list[str]:
    return [form[f"column_{index}"].data or "" for index in range(width)]
