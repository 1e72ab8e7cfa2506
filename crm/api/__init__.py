"""The JSON API under /api/v1: token authentication, problem answers, the OpenAPI
description. Each domain's endpoints live beside its pages, in ``<domain>/api.py``."""
