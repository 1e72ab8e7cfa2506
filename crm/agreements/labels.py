"""Translated names of agreement kinds, statuses and workflow actions."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p

from crm.agreements.models import AgreementAction, AgreementKind, AgreementStatus

KIND_LABELS = {
    AgreementKind.MEMORANDUM: _l("Memorandum of understanding"),
    AgreementKind.PARTNERSHIP: _l("Partnership agreement"),
    AgreementKind.CONSORTIUM: _l("Consortium agreement"),
    AgreementKind.STUDENT_EXCHANGE: _l("Student exchange agreement"),
    AgreementKind.TRAINING_SERVICES: _l("Training or services agreement"),
    AgreementKind.RESEARCH: _l("Research agreement"),
}

STATUS_LABELS = {
    AgreementStatus.DRAFT: _p("agreement status", "draft"),
    AgreementStatus.UNDER_REVIEW: _p("agreement status", "under review"),
    AgreementStatus.APPROVED: _p("agreement status", "approved"),
    AgreementStatus.SIGNED: _p("agreement status", "signed"),
    AgreementStatus.ACTIVE: _p("agreement status", "active"),
    AgreementStatus.EXPIRED: _p("agreement status", "expired"),
    AgreementStatus.TERMINATED: _p("agreement status", "terminated"),
}

ACTION_LABELS = {
    AgreementAction.SUBMIT: _l("Submit for review"),
    AgreementAction.APPROVE: _l("Approve"),
    AgreementAction.RETURN: _l("Send back"),
    AgreementAction.SIGN: _l("Record the signature"),
    AgreementAction.ACTIVATE: _l("Activate"),
    AgreementAction.EXPIRE: _l("Mark expired"),
    AgreementAction.TERMINATE: _l("Terminate"),
    AgreementAction.RENEW: _l("Renew"),
}

ALL = (KIND_LABELS, STATUS_LABELS, ACTION_LABELS)
