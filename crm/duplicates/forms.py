"""The merge and "not duplicates" forms; the radios of the fields that differ are read
by comparison.chosen_values, since which fields they are depends on the pair."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class MergeForm(FlaskForm):
    version = HiddenField()  # the kept record's
    other_version = HiddenField()


class DismissForm(FlaskForm):
    pass
