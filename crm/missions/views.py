"""The missions pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("missions", __name__, url_prefix="/missions")
