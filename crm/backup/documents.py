"""The documents folder: every file into the archive, and back through a staging folder
that is swapped in whole."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path

from crm.backup.archive import Writer
from crm.backup.errors import BackupError
from crm.backup.manifest import DOCUMENTS_PREFIX


def stored_files(folder: Path) -> list[Path]:
    """Every file under the folder, but hidden ones (uploads being written)."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def add_to(writer: Writer, folder: Path) -> dict[str, dict]:
    """Add every stored file; their entries for the manifest, by path in the folder."""
    entries = {}
    for path in stored_files(folder):
        relative = path.relative_to(folder).as_posix()
        entry = writer.add_file(DOCUMENTS_PREFIX + relative, path)
        if entry is not None:  # deleted since it was listed: its row went with it
            entries[relative] = entry
    return entries


def stage(folder: Path) -> Path:
    """A new empty folder beside the documents folder (same file system, for the swap)."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=folder.parent, prefix=".documents-restore-"))
    except OSError as exc:
        raise BackupError(f"cannot write in {folder.parent}: {exc.strerror}") from None


def swap(staged: Path, folder: Path) -> None:
    """Put the staged folder in place of the documents folder, then remove the old one."""
    old = None
    if folder.exists():
        old = folder.with_name(f".documents-old-{secrets.token_hex(4)}")
        os.rename(folder, old)
    os.rename(staged, folder)
    if old is not None:
        shutil.rmtree(old)
