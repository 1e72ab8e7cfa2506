"""Creating and changing student exchanges, and moving them through their statuses.
Operations flush; views commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.agreements.models import Agreement, MobilityDirection
from crm.contacts.models import ConsentSource, Contact, ContactEmail
from crm.core.editing import apply_changes
from crm.core.errors import TransitionError, ValidationError, check_version
from crm.core.permissions import can_view
from crm.core.records import Visibility
from crm.exchanges.labels import STATUS_LABELS
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.extensions import db
from crm.organizations.models import Organization
from crm.users.models import User

FIELDS = (
    "student_id",
    "direction",
    "partner_organization_id",
    "agreement_id",
    "programme",
    "starts_on",
    "ends_on",
    "status",
    "notes",
    "visibility",
)


def _visible(model, record_id, user: User):
    record = db.session.get(model, record_id) if record_id else None
    return record if record is not None and can_view(user, record) else None


def _checked(values: dict, user: User) -> dict:
    """``values`` with the student, partner and agreement records in place of their ids.

    Refuses a student, partner or agreement the user may not see, and a shared exchange
    naming a student or partner whose record is private to the institution."""
    student = _visible(Contact, values["student_id"], user)
    if student is None or not student.is_student:
        raise ValidationError("student_id", _l("Choose a student."))
    partner = _visible(Organization, values["partner_organization_id"], user)
    if partner is None:
        raise ValidationError("partner_organization_id", _l("Choose the partner organization."))
    agreement = _visible(Agreement, values.get("agreement_id"), user)
    if values.get("agreement_id") and agreement is None:
        raise ValidationError("agreement_id", _l("Choose an agreement you may see."))
    if student.visibility == Visibility.MEMBER and values["visibility"] != Visibility.MEMBER:
        # Under Law 25, the student's name would be communicated to the other cégeps.
        raise ValidationError(
            "visibility",
            _l("The student’s record is visible to your institution only: so is this exchange."),
        )
    if partner.visibility == Visibility.MEMBER and values["visibility"] != Visibility.MEMBER:
        raise ValidationError(
            "visibility",
            _l("The partner’s record is visible to your institution only: so is this exchange."),
        )
    if values["ends_on"] < values["starts_on"]:
        raise ValidationError("ends_on", _l("The end date cannot be before the start date."))
    ids = {"student_id", "partner_organization_id", "agreement_id"}
    return {name: value for name, value in values.items() if name not in ids} | {
        "student": student,
        "partner_organization": partner,
        "agreement": agreement,
    }


def _clean(values: dict) -> dict:
    cleaned = {name: values.get(name) for name in FIELDS}
    for name in ("programme", "notes"):
        cleaned[name] = (cleaned[name] or "").strip() or None
    cleaned["visibility"] = cleaned["visibility"] or Visibility.MEMBER
    return cleaned


def new_student(names: dict, direction, partner_id: int | None, user: User) -> Contact:
    """A student's contact record typed in the exchange form: private to the institution,
    from the college's records (outgoing) or passed on by the partner (incoming)."""
    given = (names.get("given_name") or "").strip()
    family = (names.get("family_name") or "").strip()
    if not given or not family:
        raise ValidationError(
            "student_id", _l("Choose a student, or give the new student’s given and family names.")
        )
    incoming = direction == MobilityDirection.INCOMING
    student = Contact(
        given_name=given,
        family_name=family,
        is_student=True,
        institution_id=user.institution_id,
        organization_id=partner_id if incoming else None,
        source=ConsentSource.PARTNER if incoming else ConsentSource.REGISTRAR,
        emails=[ContactEmail(address=names["email"])] if names.get("email") else [],
    )
    db.session.add(student)
    db.session.flush()
    return student


def create_exchange(values: dict, user: User, names: dict | None = None) -> StudentExchange:
    """A new exchange owned by the user's institution; without a chosen student, one is
    created from ``names`` (given_name, family_name, email)."""
    values = _clean(values)
    if values["student_id"] is None:
        values["student_id"] = new_student(
            names or {}, values["direction"], values["partner_organization_id"], user
        ).id
    exchange = StudentExchange(**_checked(values, user), institution_id=user.institution_id)
    db.session.add(exchange)
    db.session.flush()
    return exchange


def update_exchange(exchange: StudentExchange, expected_version, values: dict, user: User):
    """Save the form; its status may only stay or take one of the allowed next steps."""
    changes = _clean(values)
    if changes["student_id"] is None:
        changes["student_id"] = exchange.student_id
    check_version(exchange, expected_version)
    changes = _checked(changes, user)
    _check_transition(exchange, changes["status"])
    return apply_changes(exchange, expected_version, changes)


def _refusal(exchange: StudentExchange, target: ExchangeStatus) -> TransitionError:
    return TransitionError(
        _l(
            "This exchange is %(status)s: it cannot become %(target)s.",
            status=STATUS_LABELS[ExchangeStatus(exchange.status)],
            target=STATUS_LABELS[target],
        )
    )


def _check_transition(exchange: StudentExchange, target) -> None:
    target = ExchangeStatus(target)
    if target != exchange.status and target not in exchange.next_statuses:
        raise _refusal(exchange, target)


def change_status(exchange: StudentExchange, target, expected_version) -> None:
    """Move the exchange one step along its workflow (see ``models.TRANSITIONS``)."""
    check_version(exchange, expected_version)
    target = ExchangeStatus(target)
    if target not in exchange.next_statuses:
        raise _refusal(exchange, target)
    exchange.status = target
    db.session.flush()
