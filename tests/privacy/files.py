"""Reading a person's export back."""

from __future__ import annotations

import csv
import io
import json
import zipfile


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def person_json(files: dict[str, bytes]) -> dict:
    return json.loads(files["person.json"].decode("utf-8"))


def csv_rows(files: dict[str, bytes], name: str) -> list[dict]:
    text = files[name].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))
