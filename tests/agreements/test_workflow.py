"""The agreement workflow: who may take each step, from which status, and its history."""

from datetime import date

import pytest

from crm.agreements.models import TRANSITIONS, Agreement, AgreementAction, AgreementStatus
from crm.agreements.operations import allowed_actions, apply_action, pending_approvers
from crm.agreements.permissions import can_transition
from crm.core.errors import TransitionError, ValidationError
from crm.extensions import db
from tests import factories

A, S = AgreementAction, AgreementStatus


@pytest.fixture
def members(app):
    return [factories.institution(code=c) for c in ("CAT", "CTH", "CSI")]


@pytest.fixture
def directors(members):
    return [factories.user(role="director", institution=i) for i in members]


def _agreement(owner, parties=(), status=S.DRAFT):
    agreement = Agreement(
        title="Entente",
        kind="consortium",
        institution=owner,
        member_parties=list(parties),
        status=status,
    )
    db.session.add(agreement)
    db.session.commit()
    return agreement


def test_every_member_party_must_approve(members, directors):
    staff = factories.user(role="staff", institution=members[2])
    agreement = _agreement(members[2], members)
    apply_action(agreement, A.SUBMIT, staff)
    assert agreement.status == S.UNDER_REVIEW
    assert {i.code for i in pending_approvers(agreement)} == {"CAT", "CTH", "CSI"}

    apply_action(agreement, A.APPROVE, directors[0])
    apply_action(agreement, A.APPROVE, directors[1])
    assert agreement.status == S.UNDER_REVIEW
    assert [i.code for i in pending_approvers(agreement)] == ["CSI"]

    apply_action(agreement, A.APPROVE, directors[2])
    db.session.commit()
    assert agreement.status == S.APPROVED
    assert [(t.action, t.from_status, t.to_status) for t in agreement.history] == [
        (A.SUBMIT, S.DRAFT, S.UNDER_REVIEW),
        (A.APPROVE, S.UNDER_REVIEW, S.UNDER_REVIEW),
        (A.APPROVE, S.UNDER_REVIEW, S.UNDER_REVIEW),
        (A.APPROVE, S.UNDER_REVIEW, S.APPROVED),
    ]
    assert agreement.history[1].institution_id == members[0].id
    assert agreement.history[0].actor_id == staff.id


def test_an_institution_approves_once(members, directors):
    agreement = _agreement(members[0], members[:2], S.UNDER_REVIEW)
    apply_action(agreement, A.APPROVE, directors[0])
    assert A.APPROVE not in allowed_actions(agreement, directors[0])
    with pytest.raises(TransitionError):
        apply_action(agreement, A.APPROVE, directors[0])
    assert len(agreement.approvals) == 1


def test_sending_back_needs_a_comment_and_clears_approvals(members, directors):
    agreement = _agreement(members[0], members[:2], S.UNDER_REVIEW)
    apply_action(agreement, A.APPROVE, directors[0])
    with pytest.raises(ValidationError) as error:
        apply_action(agreement, A.RETURN, directors[1], comment="  ")
    assert error.value.field == "comment"
    apply_action(agreement, A.RETURN, directors[1], comment="Préciser les quotas")
    assert agreement.status == S.DRAFT
    assert agreement.approvals == []
    assert agreement.history[-1].comment == "Préciser les quotas"
    apply_action(agreement, A.SUBMIT, directors[0])
    assert len(pending_approvers(agreement)) == 2


def test_without_member_parties_the_owner_approves(members, directors):
    agreement = _agreement(members[1], (), S.UNDER_REVIEW)
    assert not can_transition(directors[0], agreement, A.APPROVE)
    assert can_transition(directors[1], agreement, A.APPROVE)
    apply_action(agreement, A.APPROVE, directors[1])
    assert agreement.status == S.APPROVED


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_only_directors_review(members, role):
    user = factories.user(role=role, institution=members[0])
    agreement = _agreement(members[0], members[:1], S.UNDER_REVIEW)
    assert not can_transition(user, agreement, A.APPROVE)
    assert not can_transition(user, agreement, A.RETURN)


def test_a_director_of_a_non_party_may_not_approve(members, directors):
    agreement = _agreement(members[0], members[:2], S.UNDER_REVIEW)
    assert not can_transition(directors[2], agreement, A.APPROVE)


def test_viewer_takes_no_step(members):
    viewer = factories.user(role="viewer", institution=members[0])
    agreement = _agreement(members[0], members[:1])
    assert not any(can_transition(viewer, agreement, action) for action in A)


def test_signing_records_date_and_place(members, directors):
    agreement = _agreement(members[0], members[:1], S.APPROVED)
    with pytest.raises(ValidationError):
        apply_action(agreement, A.SIGN, directors[0], signed_at="Rabat")
    with pytest.raises(ValidationError):
        apply_action(agreement, A.SIGN, directors[0], signed_on=date(2026, 3, 23))
    apply_action(agreement, A.SIGN, directors[0], signed_on=date(2026, 3, 23), signed_at="Rabat")
    assert (agreement.status, agreement.signed_on, agreement.signed_at) == (
        S.SIGNED,
        date(2026, 3, 23),
        "Rabat",
    )


def test_renewal_creates_a_linked_draft(members, directors):
    agreement = _agreement(members[0], members[:2], S.ACTIVE)
    renewal = apply_action(agreement, A.RENEW, directors[0])
    db.session.commit()
    assert renewal.id != agreement.id
    assert renewal.status == S.DRAFT and renewal.renews_id == agreement.id
    assert [i.code for i in renewal.member_parties] == [i.code for i in agreement.member_parties]
    assert agreement.status == S.ACTIVE
    assert agreement.history[-1].action == A.RENEW
    with pytest.raises(TransitionError):
        apply_action(agreement, A.RENEW, directors[0])


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (status, action)
        for action, (sources, _t) in TRANSITIONS.items()
        for status in S
        if status not in sources
    ],
)
def test_actions_are_refused_from_other_statuses(members, directors, status, action):
    agreement = _agreement(members[0], members[:1], status)
    with pytest.raises(TransitionError):
        apply_action(
            agreement,
            action,
            directors[0],
            comment="x",
            signed_on=date(2026, 3, 23),
            signed_at="Rabat",
        )
    assert agreement.status == status
    assert agreement.history == []
    assert action not in allowed_actions(agreement, directors[0])
