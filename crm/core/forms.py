"""Helpers shared by the forms of every domain."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def filter_values(form) -> dict:
    """The list filters a user chose, leaving out any value the form refused (an unknown
    choice typed into the address bar filters nothing rather than failing)."""
    form.validate()
    return {name: field.data for name, field in form._fields.items() if not field.errors}


class RowForm(FlaskForm):
    """A repeated row inside a form (FormField/FieldList): translated messages like any
    form of the app, and no CSRF token of its own (the enclosing form has one)."""

    class Meta:
        csrf = False
