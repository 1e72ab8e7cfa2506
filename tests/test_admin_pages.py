"""The admin pages: users (list, create, edit, reset a password) and member institutions."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa

from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.users.models import Locale, Role, User
from tests import factories
from tests.conftest import snapshot

CONFLICT = "Quelqu’un d’autre a modifié cette fiche"
LAST_ADMIN = "Le dernier administrateur actif ne peut être rétrogradé ni désactivé."
PASSWORD_SHOWN = re.compile(r'<p class="[^"]*font-monospace[^"]*">([^<]+)</p>')


def _page(response) -> str:
    return response.get_data(as_text=True)


def _fresh(model, record_id):
    """The record as committed in the database."""
    db.session.rollback()
    return db.session.get(model, record_id)


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page)
    assert match, f"no hidden {name} field"
    return match.group(1)


def _user_form(user: User, **changes) -> dict:
    """The edit form as the page fills it for ``user``, with ``changes``."""
    data = {
        "email": user.email,
        "name": user.name,
        "role": str(user.role),
        "institution_id": str(user.institution_id),
        "locale": str(user.locale),
        "version": str(user.version),
    }
    if user.is_active:
        data["is_active"] = "y"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def as_admin(sign_in, admin):
    return sign_in(admin)


# Users ---------------------------------------------------------------------------------


def test_admin_lists_users(as_admin, admin, staff, viewer, other_institution):
    gone = factories.user(role="director", institution=other_institution, name="Zoé Partie")
    gone.is_active = False
    db.session.commit()
    page = _page(as_admin.get("/admin/users/"))
    for user in (admin, staff, viewer, gone):
        assert f'<a href="/admin/users/{user.id}/edit">{user.name}</a>' in page
        assert user.email in page
    for label in ("Administrateur", "Personnel", "Lecture seule", "Direction"):
        assert f"<td>{label}</td>" in page
    assert "<td>CTH</td>" in page and "<td>CSI</td>" in page
    assert page.count(">Actif<") == 3
    assert "Inactif" in page
    # Sorted by name.
    names = [admin.name, staff.name, viewer.name, gone.name]
    table = page[page.index("<tbody>") :]  # the navbar names the signed-in admin too
    positions = [table.index(f">{name}</a>") for name in sorted(names)]
    assert positions == sorted(positions)


def test_admin_creates_a_user_who_can_then_sign_in(as_admin, admin, client, other_institution):
    form = _page(as_admin.get("/admin/users/new"))
    assert 'name="email"' in form and "Cégep de Thetford" in form
    users = _count(User)
    response = as_admin.post(
        "/admin/users/new",
        {
            "email": "Nouvelle.Personne@Example.ORG",
            "name": "  Nouvelle Personne ",
            "role": "director",
            "institution_id": str(other_institution.id),
            "locale": "en",
            "is_active": "y",
        },
    )
    page = _page(response)
    assert response.status_code == 200, re.findall(r'errors">([^<]*)<', page)
    assert "Le mot de passe de nouvelle.personne@example.org est :" in page
    password = html.unescape(PASSWORD_SHOWN.search(page).group(1)).strip()
    assert len(password) >= 10
    assert _count(User) == users + 1
    db.session.rollback()
    user = db.session.scalar(sa.select(User).where(User.email == "nouvelle.personne@example.org"))
    assert user.name == "Nouvelle Personne"
    assert user.role == Role.DIRECTOR
    assert user.institution_id == other_institution.id
    assert user.locale == Locale.EN
    assert user.is_active
    assert user.created_by_id == admin.id
    assert password not in user.password_hash
    # Shown once: not on the list nor on the user's page.
    assert password not in _page(as_admin.get("/admin/users/"))
    assert password not in _page(as_admin.get(f"/admin/users/{user.id}/edit"))
    response = client.post(
        "/login", {"email": "nouvelle.personne@example.org", "password": password}
    )
    assert response.status_code == 302
    assert client.get("/").headers["Location"].endswith("/dashboard/")  # a director's home
    assert "<h1" in (dashboard := _page(client.get("/dashboard/")))
    assert "Dashboard" in dashboard and "Tableau de bord" not in dashboard  # chosen language


def test_user_created_inactive_cannot_sign_in(as_admin, institution, client):
    response = as_admin.post(
        "/admin/users/new",
        {
            "email": "dormant@example.org",
            "name": "Dormant",
            "role": "staff",
            "institution_id": str(institution.id),
            "locale": "fr",
        },
    )
    password = html.unescape(PASSWORD_SHOWN.search(_page(response)).group(1)).strip()
    db.session.rollback()
    user = db.session.scalar(sa.select(User).where(User.email == "dormant@example.org"))
    assert not user.is_active
    assert client.post("/login", {"email": user.email, "password": password}).status_code == 401


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-email"), ("name", ""), ("role", "superuser"), ("institution_id", "999")],
)
def test_invalid_new_user_is_refused(as_admin, institution, field, value):
    users = _count(User)
    data = {
        "email": "valide@example.org",
        "name": "Valide",
        "role": "staff",
        "institution_id": str(institution.id),
        "locale": "fr",
        field: value,
    }
    response = as_admin.post("/admin/users/new", data)
    assert response.status_code == 422
    assert f'id="{field}-errors"' in _page(response)
    assert _count(User) == users


@pytest.mark.parametrize("email", ["{email}", "{upper}"])
def test_duplicate_email_is_refused_next_to_the_field(as_admin, staff, email):
    users = _count(User)
    taken = email.format(email=staff.email, upper=staff.email.upper())
    response = as_admin.post(
        "/admin/users/new",
        {
            "email": taken,
            "name": "Doublon Dupont",
            "role": "viewer",
            "institution_id": str(staff.institution_id),
            "locale": "fr",
            "is_active": "y",
        },
    )
    assert response.status_code == 422
    page = _page(response)
    errors = re.search(
        r'<div class="invalid-feedback d-block" id="email-errors">([^<]*)</div>', page
    )
    assert errors, "the message is not next to the email field"
    assert errors.group(1) == f"Un utilisateur avec le courriel {staff.email} existe déjà."
    assert 'aria-invalid="true"' in page
    # What was typed is kept.
    assert f'value="{taken}"' in page
    assert 'value="Doublon Dupont"' in page
    assert '<option selected value="viewer">' in page
    assert _count(User) == users


def test_admin_edits_a_user(as_admin, admin, staff, other_institution):
    page = _page(as_admin.get(f"/admin/users/{staff.id}/edit"))
    version = _hidden(page, "version")
    assert version == str(staff.version)
    assert f'value="{staff.email}"' in page
    data = _user_form(
        staff,
        email="Renamed@Example.org",
        name="Nom Changé",
        role="viewer",
        institution_id=str(other_institution.id),
        locale="en",
        version=version,
    )
    response = as_admin.post(f"/admin/users/{staff.id}/edit", data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users/"
    assert "L’utilisateur Nom Changé est enregistré." in _page(as_admin.get("/admin/users/"))
    user = _fresh(User, staff.id)
    assert (user.email, user.name, user.role, user.locale) == (
        "renamed@example.org",
        "Nom Changé",
        Role.VIEWER,
        Locale.EN,
    )
    assert user.institution_id == other_institution.id
    assert user.version == int(version) + 1
    assert user.updated_by_id == admin.id


def test_admin_deactivates_a_user_whose_session_then_ends(as_admin, sign_in, staff):
    session = sign_in(staff)
    response = as_admin.post(f"/admin/users/{staff.id}/edit", _user_form(staff, is_active=None))
    assert response.status_code == 302
    assert not _fresh(User, staff.id).is_active
    assert session.get("/").status_code == 302


def test_stale_edit_is_refused(as_admin, staff):
    page = _page(as_admin.get(f"/admin/users/{staff.id}/edit"))
    old_version = _hidden(page, "version")
    form = _user_form(_fresh(User, staff.id), name="Ma version", version=old_version)
    # Meanwhile someone else saves the user.
    other = _fresh(User, staff.id)
    other.name = "Leur version"
    db.session.commit()
    response = as_admin.post(f"/admin/users/{staff.id}/edit", form)
    assert response.status_code == 409
    page = _page(response)
    assert CONFLICT in page
    assert "Leur version" in page and "Ma version" in page  # the differences table
    # The form now carries the new version, so saving again is a deliberate choice.
    assert _hidden(page, "version") == str(int(old_version) + 1)
    assert _fresh(User, staff.id).name == "Leur version"
    # Saving again with the version shown wins.
    form["version"] = _hidden(page, "version")
    assert as_admin.post(f"/admin/users/{staff.id}/edit", form).status_code == 302
    assert _fresh(User, staff.id).name == "Ma version"


def test_tampered_version_is_refused(as_admin, staff):
    before = snapshot()
    response = as_admin.post(
        f"/admin/users/{staff.id}/edit", _user_form(staff, name="X", version="abc")
    )
    assert response.status_code == 409
    assert CONFLICT in _page(response)
    assert snapshot() == before


def test_edit_without_a_version_is_refused(as_admin, staff):
    before = snapshot()
    response = as_admin.post(
        f"/admin/users/{staff.id}/edit", _user_form(staff, name="Sans version", version=None)
    )
    assert response.status_code == 409
    assert snapshot() == before


@pytest.mark.parametrize(
    "change", [{"role": "director"}, {"role": "staff"}, {"is_active": None}], ids=str
)
def test_last_active_admin_cannot_demote_or_deactivate_themself(as_admin, admin, change):
    # Another admin who is inactive does not count.
    dormant = factories.user(role="admin", institution=admin.institution)
    dormant.is_active = False
    db.session.commit()
    before = snapshot()
    response = as_admin.post(f"/admin/users/{admin.id}/edit", _user_form(admin, **change))
    assert response.status_code == 422
    assert f'id="role-errors">{LAST_ADMIN}</div>' in _page(response)
    assert snapshot() == before
    assert as_admin.get("/admin/users/").status_code == 200  # still an admin


def test_an_admin_may_step_down_when_another_is_active(as_admin, admin):
    factories.user(role="admin", institution=admin.institution)
    response = as_admin.post(f"/admin/users/{admin.id}/edit", _user_form(admin, role="staff"))
    assert response.status_code == 302
    assert _fresh(User, admin.id).role == Role.STAFF
    assert as_admin.get("/admin/users/").status_code == 403


def test_duplicate_email_on_edit_is_refused_next_to_the_field(as_admin, staff, viewer):
    before = snapshot()
    response = as_admin.post(
        f"/admin/users/{viewer.id}/edit",
        _user_form(viewer, email=staff.email.upper(), name="Nom gardé"),
    )
    assert response.status_code == 422
    page = _page(response)
    assert (
        f'id="email-errors">Un utilisateur avec le courriel {staff.email} existe déjà.</div>'
    ) in page
    assert f'value="{staff.email.upper()}"' in page
    assert 'value="Nom gardé"' in page
    assert snapshot() == before


def test_unknown_user_is_404(as_admin):
    assert as_admin.get("/admin/users/9999/edit").status_code == 404
    assert as_admin.post("/admin/users/9999/password").status_code == 404


def test_admin_resets_a_password(as_admin, sign_in, client, staff):
    session = sign_in(staff)
    response = as_admin.post(f"/admin/users/{staff.id}/password")
    assert response.status_code == 200
    page = _page(response)
    assert f"Le mot de passe de {staff.email} est :" in page
    password = html.unescape(PASSWORD_SHOWN.search(page).group(1)).strip()
    assert session.get("/").status_code == 302  # the user's open session ended
    old = client.post("/login", {"email": staff.email, "password": factories.PASSWORD})
    assert old.status_code == 401
    new = client.post("/login", {"email": staff.email, "password": password})
    assert new.status_code == 302


# Institutions --------------------------------------------------------------------------


def test_admin_lists_institutions(as_admin, institution, other_institution):
    other_institution.name_en = "Thetford College"
    db.session.commit()
    page = _page(as_admin.get("/admin/institutions/"))
    for i in (institution, other_institution):
        assert f'<a href="/admin/institutions/{i.id}/edit">{i.code}</a>' in page
    assert "<td>Cégep de Thetford</td><td>Thetford College</td>" in page
    assert page.index(">CSI<") < page.index(">CTH<")  # by code


def test_admin_adds_an_institution(as_admin):
    response = as_admin.post(
        "/admin/institutions/new",
        {"code": "cdl", "name_fr": " Cégep de Lévis ", "name_en": "Levis College"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/institutions/"
    assert "Établissement CDL ajouté." in _page(as_admin.get("/admin/institutions/"))
    db.session.rollback()
    added = db.session.scalar(sa.select(MemberInstitution).where(MemberInstitution.code == "CDL"))
    assert (added.name_fr, added.name_en) == ("Cégep de Lévis", "Levis College")


@pytest.mark.parametrize(
    "code",
    ["C S I", "é", "-CSI", "A" * 21, "", "<b>"],
    ids=["space", "accent", "dash", "long", "empty", "tag"],
)
def test_bad_institution_code_is_refused(as_admin, code):
    count = _count(MemberInstitution)
    response = as_admin.post(
        "/admin/institutions/new", {"code": code, "name_fr": "Nom", "name_en": "Name"}
    )
    assert response.status_code == 422
    assert 'id="code-errors"' in _page(response)
    assert _count(MemberInstitution) == count


def test_duplicate_institution_code_is_refused(as_admin, institution):
    count = _count(MemberInstitution)
    response = as_admin.post(
        "/admin/institutions/new", {"code": "csi", "name_fr": "Autre", "name_en": "Other"}
    )
    assert response.status_code == 422
    assert "Un établissement avec le code CSI existe déjà." in _page(response)
    assert _count(MemberInstitution) == count


def test_admin_renames_an_institution_but_not_its_code(as_admin, institution):
    page = _page(as_admin.get(f"/admin/institutions/{institution.id}/edit"))
    version = _hidden(page, "version")
    response = as_admin.post(
        f"/admin/institutions/{institution.id}/edit",
        {
            "code": "NEW",
            "name_fr": "Cégep de Sept-Îles (renommé)",
            "name_en": "Sept-Iles College",
            "version": version,
        },
    )
    assert response.status_code == 302
    assert "Établissement CSI enregistré." in _page(as_admin.get("/admin/institutions/"))
    renamed = _fresh(MemberInstitution, institution.id)
    assert renamed.code == "CSI"
    assert (renamed.name_fr, renamed.name_en) == (
        "Cégep de Sept-Îles (renommé)",
        "Sept-Iles College",
    )
    assert renamed.version == int(version) + 1


def test_stale_institution_rename_is_refused(as_admin, institution):
    page = _page(as_admin.get(f"/admin/institutions/{institution.id}/edit"))
    version = _hidden(page, "version")
    other = _fresh(MemberInstitution, institution.id)
    other.name_fr = "Leur nom"
    db.session.commit()
    response = as_admin.post(
        f"/admin/institutions/{institution.id}/edit",
        {"code": "CSI", "name_fr": "Mon nom", "name_en": "My name", "version": version},
    )
    assert response.status_code == 409
    assert CONFLICT in _page(response)
    assert _fresh(MemberInstitution, institution.id).name_fr == "Leur nom"


def test_institution_needs_both_names(as_admin, institution):
    before = snapshot()
    response = as_admin.post(
        f"/admin/institutions/{institution.id}/edit",
        {"code": "CSI", "name_fr": "", "name_en": "Name", "version": str(institution.version)},
    )
    assert response.status_code == 422
    assert snapshot() == before


def test_tampered_institution_version_is_refused(as_admin, institution):
    before = snapshot()
    response = as_admin.post(
        f"/admin/institutions/{institution.id}/edit",
        {"code": "CSI", "name_fr": "Mon nom", "name_en": "My name", "version": "1 OR 1=1"},
    )
    assert response.status_code == 409
    assert snapshot() == before


def test_institution_rename_without_a_version_is_refused(as_admin, institution):
    before = snapshot()
    response = as_admin.post(
        f"/admin/institutions/{institution.id}/edit",
        {"code": "CSI", "name_fr": "Mon nom", "name_en": "My name"},
    )
    assert response.status_code == 409
    assert snapshot() == before
