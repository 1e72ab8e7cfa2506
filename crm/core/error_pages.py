"""Error pages in the user's language."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from crm.api import problems
from crm.api.auth import is_api_request
from crm.extensions import db


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        return render_template("errors/error.html", code=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if is_api_request():
            return problems.from_http_exception(error)
        db.session.rollback()
        response = error.get_response()
        response.set_data(render_template("errors/error.html", code=error.code, reason=None))
        response.mimetype = "text/html"
        return response
