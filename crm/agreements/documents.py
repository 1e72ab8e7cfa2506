"""Documents attached to agreements: accepted by their content (PDF, DOCX, ODT), stored
once per content under the data folder by their SHA-256, never under static/.

A file is written before its row is committed: ``StoredFile.discard()`` removes it again
when the commit fails, and ``remove_unused`` deletes a file once no row names it, so that
neither a row without its file nor a file without its row is left behind.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Response, abort, current_app, send_file
from flask_babel import lazy_gettext as _l

from crm.agreements.models import Agreement, AgreementDocument
from crm.agreements.operations import touch
from crm.core.errors import ValidationError
from crm.extensions import db
from crm.users.models import User

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt"}
KIND_NAMES = {PDF: "PDF", DOCX: "Word (DOCX)", ODT: "OpenDocument (ODT)"}


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are among PDF, DOCX and ODT, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size < 100
                and archive.read("mimetype").strip() == ODT.encode()
            ):
                return ODT
    # What zipfile raises for a damaged, encrypted or oddly compressed archive (it signals an
    # unsupported compression method with NotImplementedError): not a document we accept.
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    return None


def safe_filename(raw: str | None) -> str:
    """The name as the user gave it, without folders or control characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    name = name.strip().lstrip(".") or "document"
    stem, dot, extension = name.rpartition(".")
    if len(name) > 255:  # the column's size; keep the extension, which says the kind
        short = dot and len(extension) <= 10
        name = stem[: 254 - len(extension)] + dot + extension if short else name[:255]
    return name


def documents_dir() -> Path:
    return current_app.config["CRM_SETTINGS"].documents_dir


def path_of(sha256: str) -> Path:
    return documents_dir() / sha256[:2] / sha256


@dataclass
class StoredFile:
    path: Path
    created: bool  # the file did not exist before this upload

    def discard(self) -> None:
        """Undo the write after a failed commit."""
        if self.created:
            self.path.unlink(missing_ok=True)


def _store(data: bytes, sha256: str) -> StoredFile:
    """Write the bytes under their checksum, atomically (a temporary file, then a rename)."""
    path = path_of(sha256)
    if path.exists():
        return StoredFile(path, created=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return StoredFile(path, created=True)


def _new_version(agreement: Agreement) -> None:
    """Its documents are part of what the agreement shows: a new version, a new ETag. The
    row is locked first (PostgreSQL), so that two uploads at once wait for each other
    instead of one failing on the version the other has just changed."""
    db.session.refresh(agreement, with_for_update=True)
    touch(agreement)


def add_document(
    agreement: Agreement, filename: str | None, data: bytes, user: User
) -> tuple[AgreementDocument, StoredFile]:
    """Check the file's content, store it and attach it; flush. The caller commits, or
    discards the stored file when the commit fails."""
    if not data:
        raise ValidationError("file", _l("Choose a file."))
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError(
            "file", _l("Only PDF, Word (DOCX) and OpenDocument (ODT) files are accepted.")
        )
    name = safe_filename(filename)
    extension = Path(name).suffix.lower()
    if extension != EXTENSIONS[content_type]:
        raise ValidationError(
            "file",
            _l(
                "This file is a %(kind)s document but its name ends in “%(extension)s”: "
                "rename it to end in “%(expected)s”.",
                kind=KIND_NAMES[content_type],
                extension=extension or "—",
                expected=EXTENSIONS[content_type],
            ),
        )
    sha256 = hashlib.sha256(data).hexdigest()
    document = AgreementDocument(
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=sha256,
        uploaded_by_id=user.id,
    )
    _new_version(agreement)
    agreement.documents.append(document)
    stored = _store(data, sha256)
    try:
        db.session.flush()
    except Exception:
        stored.discard()
        raise
    return document, stored


def remove_document(document: AgreementDocument) -> str:
    """Delete the row (flush); return the checksum for ``remove_unused`` after the commit."""
    sha256 = document.sha256
    _new_version(db.session.get(Agreement, document.agreement_id))
    db.session.delete(document)
    db.session.flush()
    return sha256


def remove_unused(checksums) -> None:
    """Delete the stored files that no document names any more (after a commit)."""
    for sha256 in set(checksums):
        still_used = db.session.scalar(
            sa.select(sa.func.count(AgreementDocument.id)).where(AgreementDocument.sha256 == sha256)
        )
        if not still_used:
            path_of(sha256).unlink(missing_ok=True)


def send_document(document: AgreementDocument) -> Response:
    """The file as a download that no browser renders or keeps (404 when it is missing)."""
    path = path_of(document.sha256)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.filename,
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
