"""The API's browsable documentation: Swagger UI, served from the installed package."""

from __future__ import annotations

from flask import Blueprint, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from crm.api.auth import API_PREFIX

bp = Blueprint("api_docs", __name__, url_prefix=f"{API_PREFIX}/docs")

_ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"}
# Swagger UI sets style attributes as it renders; its scripts stay on this site.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@bp.route("/")
def page():
    response = render_template("api/docs.html")
    return response, 200, {"Content-Security-Policy": _CSP}


@bp.route("/assets/<name>")
def asset(name: str):
    if name not in _ASSETS:
        return "", 404
    return send_from_directory(swagger_ui_path, name, max_age=86400)
