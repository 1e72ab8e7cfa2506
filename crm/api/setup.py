"""Plugging the API into the app: flask-smorest for the OpenAPI description, problem
answers for every error under /api/v1, no CSRF (no cookies), and the resources."""

from __future__ import annotations

import http

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Flask, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from crm.api import idempotency, problems
from crm.api.auth import API_PREFIX, is_api_request
from crm.api.headers import SharedHeaders
from crm.api.schemas import ProblemSchema
from crm.core import converters
from crm.core.errors import ConflictError, TransitionError, ValidationError
from crm.extensions import csrf

DESCRIPTION = """The data of Passerelle for other systems and scripts.

Authenticate with a personal token (profile page, or `crm tokens create`):
`Authorization: Bearer <token>`. Each token acts as its owner, with the same permissions
as in the pages.

Lists take `page` and `per_page` (at most 200) and answer
`{"items": [...], "page": 1, "per_page": 50, "total": N}`. Every record carries `id` and
`version`; `GET` sends the version as an `ETag`, and a `PATCH` or `DELETE` with a stale
`If-Match` is refused (412) without changing anything. A `POST` may carry an
`Idempotency-Key`: retried with the same key, it answers as the first time and creates
nothing more (keys are kept 24 hours). Errors are `application/problem+json`.
"""


class ProblemApi(Api):
    """flask-smorest whose errors are documented as problem documents, and left to the
    app's own handlers (which answer problems under /api/v1 and pages elsewhere)."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        pass

    def register_blueprint(self, blp, **options) -> None:
        """As flask-smorest does, with the resource's tag (see ``crm.api.blueprint``)."""
        self._app.extensions["flask-smorest"]["blp_name_to_api"][blp.name] = self
        self._app.register_blueprint(blp, **options)
        blp.register_views_in_doc(self, self._app, self.spec, name=blp.name, parameters=None)
        self.spec.tag({"name": blp.tag, "description": blp.description})

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, problems.MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, problems.MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def _resources():
    from crm.agreements.api import bp as agreements
    from crm.contacts.api import bp as contacts
    from crm.dashboard.api import bp as dashboard
    from crm.exchanges.api import bp as exchanges
    from crm.followups.api import bp as followups
    from crm.institutions.api import bp as institutions
    from crm.interactions.api import bp as interactions
    from crm.missions.api import bp as missions
    from crm.organizations.api import bp as organizations
    from crm.projects.api import bp as projects
    from crm.search.api import bp as search
    from crm.users.api import bp as users

    return [
        organizations,
        contacts,
        interactions,
        missions,
        agreements,
        projects,
        exchanges,
        followups,
        users,
        institutions,
        search,
        dashboard,
    ]


def init_api(app: Flask) -> None:
    app.config.update(
        API_TITLE="Passerelle API",
        API_VERSION="1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": DESCRIPTION},
            "servers": [{"url": "/"}],
            "components": {
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "pas_…"}
                }
            },
            "security": [{"bearer": []}],
        },
    )
    api = ProblemApi(
        app,
        spec_kwargs={
            "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=_name),
            "extra_plugins": [SharedHeaders()],
        },
    )
    api.register_converter(converters.IdConverter, converters.openapi_schema)
    for blueprint in _resources():
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    from crm.api.docs import bp as docs

    app.register_blueprint(docs)
    app.before_request(_json_bodies_only)
    app.after_request(_private)
    app.before_request(idempotency.replay_if_seen)
    for error, handler in (
        (RecursionError, problems.from_recursion_error),
        (ValidationError, problems.from_validation_error),
        (ConflictError, problems.from_conflict),
        (TransitionError, problems.from_transition_error),
    ):
        app.register_error_handler(error, _on_api_only(handler))


_BODY_TYPES = {"application/json", "multipart/form-data"}


def _json_bodies_only():
    """A body the API would not read (a form, plain text) is refused, not ignored: a PATCH
    sent as a form would otherwise change nothing and say 200."""
    if not is_api_request() or not request.content_length:
        return None
    if request.mimetype not in _BODY_TYPES and not request.mimetype.endswith("+json"):
        return problems.problem(415, "Send the body as JSON (Content-Type: application/json).")
    return None


def _private(response):
    """Answers differ by token: shared caches must not keep them, browsers must revalidate."""
    if is_api_request():
        response.vary.add("Authorization")
        response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


def _name(schema) -> str:
    """Schemas named without "Schema"; the partial one of a PATCH as "…Patch"."""
    name = resolve_schema_cls(schema).__name__.removesuffix("Schema")
    return name + "Patch" if getattr(schema, "partial", False) else name


def _on_api_only(handler):
    """Pages handle these errors in their views; one that escapes a page stays a 500."""

    def handle(error):
        if not is_api_request():
            raise error
        return handler(error)

    return handle
