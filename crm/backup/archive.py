"""Writing the zip file atomically, and reading one back only after checking every member
against the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

from crm.backup import manifest as manifests
from crm.backup.errors import BackupError

CHUNK = 1024 * 1024
# What zipfile raises for a damaged, truncated or oddly made archive.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)
ZIP_ERRORS = (*DAMAGED, OSError)


def check_target(target: Path, force: bool) -> None:
    if target.is_dir():
        raise BackupError(f"{target} is a folder: name the archive file to write")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists (use --force to replace it)")


def _copy(source, destination) -> dict:
    """Copy a stream; its size and SHA-256."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        destination.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


class Writer:
    """A zip file written under a temporary name beside ``target``, renamed on ``commit``.
    Readable by its owner only (mode 0600, as made by ``mkstemp``): it holds personal
    information."""

    def __init__(self, target: Path, force: bool):
        self.target, self.force = target, force
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        self.temporary = Path(name)
        self.file = os.fdopen(fd, "wb")
        self.zip = zipfile.ZipFile(self.file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)

    def add_file(self, name: str, path: Path, compress: bool = True) -> dict | None:
        """Add the file; its size and checksum, or None when it vanished meanwhile."""
        info = zipfile.ZipInfo(name, time.localtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        try:
            source = path.open("rb")
        except FileNotFoundError:
            return None
        with source, self.zip.open(info, "w", force_zip64=True) as member:
            return _copy(source, member)

    def commit(self, manifest: dict) -> int:
        """Write the manifest, close, and put the archive in place; its size."""
        self.zip.writestr(manifests.NAME, json.dumps(manifest, indent=2, ensure_ascii=False))
        self.zip.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        if self.force:
            os.replace(self.temporary, self.target)
        else:
            try:  # a link never overwrites: an archive made meanwhile by someone else stays
                os.link(self.temporary, self.target)
            except FileExistsError:
                raise BackupError(
                    f"{self.target} already exists (use --force to replace it)"
                ) from None
            self.temporary.unlink()
        return self.target.stat().st_size

    def discard(self) -> None:
        self.zip.close()
        self.file.close()
        self.temporary.unlink(missing_ok=True)


class Reader:
    """An archive whose manifest was parsed and whose members were all checked."""

    def __init__(self, path: Path):
        if not path.is_file():
            raise BackupError(f"{path}: no such file")
        try:
            self.zip = zipfile.ZipFile(path)
        except ZIP_ERRORS:
            raise BackupError(
                f"{path} is not a backup archive (not a zip file, or truncated)"
            ) from None
        try:
            self.manifest = manifests.parse(self._read(manifests.NAME))
            self._check_members()
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    @property
    def database_member(self) -> str:
        return self.manifest["database"]["member"]

    @property
    def documents(self) -> dict:
        return self.manifest["documents"]["files"]

    def _read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except KeyError:
            raise BackupError(f"the archive has no {name}: not a Passerelle backup") from None
        except ZIP_ERRORS as exc:
            raise BackupError(f"the archive's {name} is damaged ({exc})") from None

    def _expected(self) -> dict[str, dict]:
        files = {self.database_member: self.manifest["database"]}
        for path, entry in self.documents.items():
            files[manifests.DOCUMENTS_PREFIX + path] = entry
        return files

    def _check_members(self) -> None:
        expected = self._expected()
        names = [info.filename for info in self.zip.infolist()]
        extra = set(names) - set(expected) - {manifests.NAME}
        if extra or len(names) != len(set(names)):
            raise BackupError(f"the archive holds files its manifest does not list: {min(extra)}")
        for name, entry in expected.items():
            if name not in names:
                raise BackupError(f"the archive lacks {name}, which its manifest lists")
            found = self.extract(name, None)
            if found != {"size": entry["size"], "sha256": entry["sha256"]}:
                raise BackupError(f"{name} does not match its checksum: the archive is damaged")

    def extract(self, name: str, destination: Path | None) -> dict:
        """Copy a member to a file (or only read it); its size and checksum."""
        try:
            with self.zip.open(name) as member:
                if destination is None:
                    return _copy(member, _Discard())
                with destination.open("wb") as handle:
                    found = _copy(member, handle)
                    os.fsync(handle.fileno())
                    return found
        except DAMAGED as exc:
            raise BackupError(f"the archive's {name} is damaged ({exc})") from None
        except OSError as exc:
            raise BackupError(f"cannot extract {name}: {exc.strerror or exc}") from None

    def extract_documents(self, folder: Path) -> None:
        for path, entry in self.documents.items():
            destination = folder / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            found = self.extract(manifests.DOCUMENTS_PREFIX + path, destination)
            if found["sha256"] != entry["sha256"]:
                raise BackupError(f"documents/{path} changed while it was read")


class _Discard:
    def write(self, chunk: bytes) -> None:
        pass
