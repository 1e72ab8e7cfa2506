"""The blueprint of one API resource: its operations are grouped in the description under
the resource's path ("organizations"), not under the blueprint's endpoint name."""

from __future__ import annotations

import flask_smorest

from crm.api.auth import API_PREFIX


class Blueprint(flask_smorest.Blueprint):
    def __init__(self, name: str, import_name: str, *, url_prefix: str, **kwargs):
        super().__init__(name, import_name, url_prefix=url_prefix, **kwargs)
        self.tag = url_prefix.removeprefix(API_PREFIX + "/")

    def route(self, rule, *, parameters=None, tags=None, **options):
        return super().route(rule, parameters=parameters, tags=tags or [self.tag], **options)
