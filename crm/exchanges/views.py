"""The exchanges pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("exchanges", __name__, url_prefix="/exchanges")
