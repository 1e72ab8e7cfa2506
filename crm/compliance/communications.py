"""The register of communications: every export of personal information is recorded with
what, how many, by whom, to whom, for what purpose and whether it leaves Québec.

``crm.exports.responses.export_file`` calls ``ask_or_record`` for every file: a personal
export whose request does not carry the communication details yet answers a small form
that sends the same request again (every original parameter kept) with them; then the row
is recorded and committed, and the file goes out in that same request. Other code that
sends personal information out (a person's data) calls ``ask_or_record`` the same way, or
``record`` when it has the details already.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import sqlalchemy as sa
from flask import Response, g, has_request_context, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import event

from crm.compliance.forms import CommunicationForm
from crm.compliance.labels import PERSONAL_KINDS, STUDENT_KINDS, kind_label
from crm.compliance.models import Communication
from crm.compliance.partners import lacks_safeguards
from crm.contacts.models import Contact
from crm.core.security import safe_next
from crm.extensions import db
from crm.organizations.models import Organization

PREFIX = "communication-"
_STUDENTS_LOADED = "compliance_students_loaded"


@event.listens_for(Contact, "load")
def _note_students(contact: Contact, _context) -> None:
    """Whether a request read a student's record: an export built in it includes one."""
    if contact.is_student and has_request_context():
        setattr(g, _STUDENTS_LOADED, True)


def is_personal(what: str) -> bool:
    return what in PERSONAL_KINDS


def record(
    *,
    what: str,
    count: int,
    recipient: str,
    purpose: str,
    user,
    description: str = "",
    filename: str | None = None,
    organization: Organization | None = None,
    outside_quebec: bool = False,
    includes_students: bool = False,
) -> Communication:
    """Add one row to the register and flush (the caller commits before sending)."""
    communication = Communication(
        kind=what,
        description=description[:1000],
        filename=filename[:300] if filename else None,
        record_count=count,
        exported_by_id=user.id,
        recipient=recipient.strip()[:300],
        recipient_organization=organization,
        recipient_organization_name=organization.name if organization else None,
        purpose=purpose.strip()[:1000],
        # A partner known to be outside Québec makes it a communication outside Québec.
        is_outside_quebec=bool(outside_quebec or (organization and organization.outside_quebec)),
        includes_students=includes_students,
    )
    db.session.add(communication)
    db.session.flush()
    return communication


def _source():
    return request.args if request.method in ("GET", "HEAD") else request.form


def _kept() -> list[tuple[str, str]]:
    """The request's own parameters, sent again with the details."""
    return [(k, v) for k, v in _source().items(multi=True) if not k.startswith(PREFIX)]


def _description() -> str:
    filters = [f"{k}={v}" for k, v in _kept() if k != "csrf_token" and v]
    return request.path + ("?" + "&".join(filters) if filters else "")


def _back() -> str:
    """The page the export was asked from (when it is on this site), for Cancel."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return safe_next(urlunsplit(("", "", referrer.path, referrer.query, "")), "/")
    return url_for("home.index")


def _organizations(user) -> list[Organization]:
    return db.session.scalars(
        sa.select(Organization)
        .where(Organization.visible_to(user), Organization.archived_at.is_(None))
        .order_by(Organization.sort_key, Organization.id)
    ).all()


def ask_or_record(
    what: str, count: int, filename: str | None, includes_students: bool | None = None
) -> Response | None:
    """None when the file may go: not personal, or its communication is now recorded and
    committed. Otherwise the page asking for the details (422 when they were wrong)."""
    if not is_personal(what):
        return None
    if includes_students is None:
        includes_students = what in STUDENT_KINDS or g.get(_STUDENTS_LOADED, False)
    user = current_user._get_current_object()
    organizations = _organizations(user)
    source = _source()
    form = CommunicationForm(organizations, formdata=source)
    submitted = any(key.startswith(PREFIX) for key in source)
    chosen = next((o for o in organizations if o.id == form.organization_id.data), None)
    risky = includes_students and lacks_safeguards(chosen)
    valid = submitted and form.validate()
    if valid and risky and not form.understood.data:
        form.understood.errors = [_("Check this box to go on.")]
        valid = False
    if not valid:
        page = render_template(
            "compliance/communication_form.html",
            form=form,
            kept=_kept(),
            method="get" if source is request.args else "post",
            kind=kind_label(what),
            count=count,
            includes_students=includes_students,
            risky=risky,
            partner=chosen,
            back=_back(),
        )
        return Response(page, status=422 if submitted else 200)
    description = _description()
    # A read transaction ends here: on SQLite, the write then begins with the lock
    # (a read upgraded to a write fails at once under contention).
    db.session.commit()
    record(
        what=what,
        count=count,
        recipient=form.recipient.data,
        purpose=form.purpose.data,
        user=user,
        description=description,
        filename=filename,
        organization=db.session.get(Organization, chosen.id) if chosen else None,
        outside_quebec=form.outside_quebec.data,
        includes_students=includes_students,
    )
    db.session.commit()
    return None
