"""The one error a backup or a restore raises for anything it refuses or cannot do."""

from __future__ import annotations

import click


class BackupError(click.ClickException):
    """Printed by the ``crm`` command as one line, exit code 1; nothing is left half-written."""

    exit_code = 1
