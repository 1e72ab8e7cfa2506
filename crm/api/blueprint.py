"""The blueprint of one API resource: its operations are grouped in the description under
the resource's path ("organizations"), not under the blueprint's endpoint name, and an
unknown field is refused wherever it is sent (a misspelt filter is not silently ignored)."""

from __future__ import annotations

import flask_smorest
from webargs.flaskparser import FlaskParser

from crm.api.auth import API_PREFIX


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = FlaskParser(unknown=None)  # None: each schema's own rule, RAISE

    def __init__(self, name: str, import_name: str, *, url_prefix: str, **kwargs):
        super().__init__(name, import_name, url_prefix=url_prefix, **kwargs)
        self.tag = url_prefix.removeprefix(API_PREFIX + "/")

    def route(self, rule, *, parameters=None, tags=None, **options):
        return super().route(rule, parameters=parameters, tags=tags or [self.tag], **options)
