"""The HTTP headers every operation shares, added to the OpenAPI description in one place:
preconditions and Idempotency-Key in requests, ETag and Location in answers."""

from __future__ import annotations

from apispec import BasePlugin

_TEXT = {"type": "string"}
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Retried with the same key within 24 hours, the request answers as the "
    "first time did and changes nothing more.",
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "schema": _TEXT,
    "description": "The ETag the change was prepared from: a stale one gets 412, nothing changed.",
}
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "schema": _TEXT,
    "description": "The ETag of the copy you hold: 304 when it is still current.",
}
ETAG = {"description": "The record's version, for If-Match and If-None-Match.", "schema": _TEXT}
LOCATION = {"description": "The new record in the API.", "schema": _TEXT}


class SharedHeaders(BasePlugin):
    """Documented, not required: not every answer of an operation carries them."""

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        one_record = path.endswith("}")
        for method, operation in (operations or {}).items():
            parameters = operation.setdefault("parameters", [])
            if method == "post":
                parameters.append(IDEMPOTENCY_KEY)
            if method in ("patch", "delete") and one_record:
                parameters.append(IF_MATCH)
            if method == "get" and one_record:
                parameters.append(IF_NONE_MATCH)
                operation.setdefault("responses", {})["304"] = {
                    "description": "Not Modified: the copy named by If-None-Match is current.",
                    "headers": {"ETag": ETAG},
                }
            for status, response in operation.get("responses", {}).items():
                if not isinstance(response, dict) or "$ref" in response:
                    continue
                headers = response.setdefault("headers", {})
                if str(status) in ("200", "201") and (method != "get" or one_record):
                    headers.setdefault("ETag", ETAG)
                if str(status) == "201":
                    headers.setdefault("Location", LOCATION)
