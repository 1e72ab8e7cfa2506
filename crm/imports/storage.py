"""Uploaded files kept between the import's pages, under ``<data dir>/imports/<token>/``.

The token is random and checked against a strict pattern: no path ever comes from the
form. A confirmation claims the folder by renaming it (atomic), so a confirmation sent
twice imports once; the folder then holds only the result. Everything older than 24 hours
is removed when the next file is uploaded.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from crm.users.models import User

LIFETIME = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_CLAIMED, _DONE = ".claimed", ".done"


@dataclass
class Upload:
    token: str
    folder: Path
    meta: dict

    @property
    def filename(self) -> str:
        return self.meta["filename"]

    @property
    def data(self) -> bytes:
        return (self.folder / self.meta["stored"]).read_bytes()

    @property
    def mapping(self) -> list[str] | None:
        return self.meta.get("mapping")


def root() -> Path:
    return current_app.config["CRM_SETTINGS"].data_dir / "imports"


def _write_meta(folder: Path, meta: dict) -> None:
    partial = folder / "meta.json.part"
    partial.write_text(json.dumps(meta), encoding="utf-8")
    partial.replace(folder / "meta.json")


def _read(folder: Path, user: User) -> dict | None:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if meta.get("user_id") == user.id else None


def save(kind: str, filename: str, data: bytes, user: User) -> Upload:
    clean()
    token = secrets.token_urlsafe(24)
    folder = root() / token
    folder.mkdir(parents=True, mode=0o700)
    stored = "upload." + filename.rsplit(".", 1)[-1].lower()
    (folder / stored).write_bytes(data)
    meta = {
        "kind": kind,
        "user_id": user.id,
        "filename": filename,
        "stored": stored,
        "created": time.time(),
    }
    _write_meta(folder, meta)
    return Upload(token, folder, meta)


def load(token: str, kind: str, user: User) -> Upload | None:
    """The user's upload waiting for confirmation, or None."""
    if not _TOKEN.match(token or ""):
        return None
    meta = _read(root() / token, user)
    if meta is None or meta["kind"] != kind:
        return None
    return Upload(token, root() / token, meta)


def save_mapping(upload: Upload, mapping: list[str]) -> None:
    upload.meta["mapping"] = mapping
    _write_meta(upload.folder, upload.meta)


def claim(upload: Upload) -> Upload | None:
    """Take the upload for one confirmation; None when another one took it already."""
    claimed = upload.folder.with_name(upload.token + _CLAIMED)
    try:
        os.rename(upload.folder, claimed)
    except OSError:
        return None
    return Upload(upload.token, claimed, upload.meta)


def release(claimed: Upload) -> None:
    """Give back an upload whose import failed, so that it can be confirmed again."""
    os.rename(claimed.folder, claimed.folder.with_name(claimed.token))


def finish(claimed: Upload, result: dict) -> None:
    """Keep only the result: the file itself is removed."""
    (claimed.folder / claimed.meta["stored"]).unlink(missing_ok=True)
    _write_meta(claimed.folder, claimed.meta | {"result": result})
    os.rename(claimed.folder, claimed.folder.with_name(claimed.token + _DONE))


def state(token: str, kind: str, user: User) -> str | None:
    """ "waiting", "claimed" or "done" for the user's upload, or None."""
    if not _TOKEN.match(token or ""):
        return None
    for suffix, name in (("", "waiting"), (_CLAIMED, "claimed"), (_DONE, "done")):
        meta = _read(root() / (token + suffix), user)
        if meta is not None and meta["kind"] == kind:
            return name
    return None


def result(token: str, kind: str, user: User) -> dict | None:
    if not _TOKEN.match(token or ""):
        return None
    meta = _read(root() / (token + _DONE), user)
    return meta["result"] if meta and meta["kind"] == kind else None


def clean(now: float | None = None) -> None:
    """Remove uploads and results older than 24 hours."""
    folder = root()
    if not folder.is_dir():
        return
    limit = (now or time.time()) - LIFETIME
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime < limit:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError:
            continue  # taken by a confirmation meanwhile; the next clean gets it
