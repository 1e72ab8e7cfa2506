"""Why two records were proposed, as a sentence."""

from __future__ import annotations

from flask_babel import gettext as _

from crm.duplicates.finder import Reason


def reason_text(reason: Reason) -> str:
    if reason.code == "email":
        return _("same email %(address)s", address=reason.value)
    if reason.code == "similar_name":
        return _("similar names (%(score)s%%)", score=reason.value)
    if reason.code == "acronym":
        return _("same acronym %(acronym)s", acronym=reason.value)
    return _("same name")
