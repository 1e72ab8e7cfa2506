"""The ``crm`` command line.

Two kinds of tests:

* end to end, through the real console script (``crm`` next to this Python) in a
  subprocess, on a SQLite file of its own: exit codes, standard error and what was written;
* in process, with Flask's CLI runner on the test database (SQLite, or PostgreSQL when
  CRM_TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from crm.app import ROOT, create_app
from crm.cli import cli
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.users.models import Locale, Role, User
from crm.users.operations import authenticate
from crm.users.passwords import verify_password
from tests import factories

CRM = Path(sys.executable).with_name("crm")
PASSWORD_LINE = re.compile(r"^Password \(shown once\): (\S+)$")
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SEPT_ILES = "--name-fr 'Cégep de Sept-Îles' --name-en 'Sept-Îles College'"
# --- helpers for the subprocess tests -------------------------------------------------------


def _env(data_dir: Path) -> dict:
    """The process environment without any CRM_ or FLASK_ variable, plus a data folder and
    a SQLite database of this test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRM_", "FLASK_"))}
    env["CRM_DATA_DIR"] = str(data_dir)
    env["CRM_DATABASE_URL"] = f"sqlite:///{data_dir / 'crm.sqlite3'}"
    return env


def crm(env: dict, command: str, code: int = 0) -> subprocess.CompletedProcess:
    """Run ``crm COMMAND`` (split like a shell would) and check its exit code."""
    assert CRM.is_file(), f"no console script at {CRM}"
    result = subprocess.run(  # noqa: S603 (our own console script)
        [str(CRM), *shlex.split(command)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    return result


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The single line on standard error, checked to be a ``crm:`` message, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("crm: "), lines[0]
    return lines[0]


def shown_password(stdout: str) -> str:
    """The password printed on the last line of the output; checked to be printed once."""
    match = PASSWORD_LINE.match(stdout.rstrip("\n").splitlines()[-1])
    assert match, stdout
    password = match.group(1)
    assert stdout.count(password) == 1
    assert len(password) >= 10
    return password


def row_counts(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        count = 'SELECT count(*) FROM "{}"'
        return {t: conn.execute(count.format(t)).fetchone()[0] for t in tables}


@contextmanager
def app_on(env: dict):
    """The app on the same data folder and database as the subprocesses, in its context."""
    crm_env = {k: v for k, v in env.items() if k.startswith("CRM_")}
    app = create_app({"TESTING": True, "RATELIMIT_ENABLED": False}, env=crm_env)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def _initialized_db(tmp_path_factory) -> Path:
    """One database made by ``crm init``, copied for each test that needs one."""
    data_dir = tmp_path_factory.mktemp("cli-template")
    crm(_env(data_dir), "init")
    database = data_dir / "crm.sqlite3"
    assert not Path(f"{database}-wal").exists() or Path(f"{database}-wal").stat().st_size == 0
    return database


@pytest.fixture
def fresh_env(tmp_path) -> dict:
    return _env(tmp_path / "data")


@pytest.fixture
def cli_env(tmp_path, _initialized_db) -> dict:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(_initialized_db, data_dir / "crm.sqlite3")
    return _env(data_dir)


def _database(env: dict) -> Path:
    return Path(env["CRM_DATA_DIR"]) / "crm.sqlite3"


def _add_institutions(env: dict, *codes: str) -> None:
    with app_on(env):
        for code in codes:
            factories.institution(code=code)


def _head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


# --- configuration errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CRM_TIMEZONE", "Mars/Olympus_Mons"),
        ("CRM_SMTP_PORT", "smtp"),
        ("CRM_BASE_URL", "http://[::1"),
    ],
)
def test_a_wrong_setting_stops_the_command_with_one_line(fresh_env, name, value):
    result = crm({**fresh_env, name: value}, "init", code=2)

    line = one_error_line(result)
    assert line.startswith(f"crm: configuration error: {name}: ")
    assert result.stdout == ""
    assert not _database(fresh_env).exists()


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"CRM_TIMEZONE": "Mars/Olympus_Mons"},
    ],
)
def test_help_lists_the_commands_without_noise(fresh_env, extra):
    result = crm({**fresh_env, **extra}, "--help")

    for command in ("init", "institutions", "users", "seed-demo", "run"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), result.stdout
    assert result.stderr == ""


def test_a_command_before_init_fails_with_one_line(fresh_env):
    result = crm(fresh_env, "institutions list", code=1)

    line = one_error_line(result)
    assert "crm init" in line


# --- crm init ---------------------------------------------------------------------------------


def test_init_creates_the_database_and_can_run_again(fresh_env):
    data_dir = Path(fresh_env["CRM_DATA_DIR"])
    ready = f"Database ready (sqlite:///{_database(fresh_env)}), revision {_head_revision()}."

    first = crm(fresh_env, "init")

    assert first.stdout.strip().splitlines()[-1] == ready
    assert _database(fresh_env).is_file()
    key_file = data_dir / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text()

    crm(fresh_env, f"institutions add CSI {SEPT_ILES}")
    second = crm(fresh_env, "init")

    assert second.stdout.strip().splitlines()[-1] == ready
    assert key_file.read_text() == key
    listed = crm(fresh_env, "institutions list")
    assert listed.stdout == "CSI\tCégep de Sept-Îles\tSept-Îles College\n"


# --- crm institutions ---------------------------------------------------------------------------


def test_institutions_add_then_list_one_a_line_code_first(cli_env):
    added = crm(
        cli_env, "institutions add cth --name-fr 'Cégep de Thetford' --name-en 'Thetford College'"
    )
    crm(cli_env, f"institutions add CSI {SEPT_ILES}")

    assert added.stdout == "Added CTH: Cégep de Thetford\n"
    listed = crm(cli_env, "institutions list")
    assert listed.stdout.splitlines() == [
        "CSI\tCégep de Sept-Îles\tSept-Îles College",
        "CTH\tCégep de Thetford\tThetford College",
    ]

    again = crm(
        cli_env, "institutions add csi --name-fr 'Autre nom' --name-en 'Other name'", code=2
    )

    line = one_error_line(again)
    assert "CSI" in line and "existe déjà" in line
    assert again.stdout == ""
    with closing(sqlite3.connect(_database(cli_env))) as conn:
        rows = conn.execute(
            "SELECT code, name_fr FROM member_institutions ORDER BY code"
        ).fetchall()
    assert rows == [("CSI", "Cégep de Sept-Îles"), ("CTH", "Cégep de Thetford")]


# --- crm users ----------------------------------------------------------------------------------


def test_users_create_prints_a_password_that_signs_in(cli_env):
    _add_institutions(cli_env, "CSI")

    result = crm(
        cli_env,
        "users create --email Sophie.Tremblay@CSI.example --name 'Sophie Tremblay'"
        " --role staff --institution csi",
    )

    password = shown_password(result.stdout)
    assert result.stdout.splitlines()[0] == "Created staff sophie.tremblay@csi.example (CSI)."
    assert result.stderr == ""
    with app_on(cli_env) as app:
        user = db.session.scalar(sa.select(User))
        assert (user.email, user.name, user.role, user.locale, user.institution.code) == (
            "sophie.tremblay@csi.example",
            "Sophie Tremblay",
            Role.STAFF,
            Locale.FR,
            "CSI",
        )
        assert verify_password(user.password_hash, password)

        client = app.test_client()
        token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
        response = client.post(
            "/login",
            data={
                "email": "sophie.tremblay@csi.example",
                "password": password,
                "csrf_token": token,
            },
        )
        assert response.status_code == 302
        assert "Bonjour, Sophie Tremblay" in client.get("/").get_data(as_text=True)


def test_users_create_with_an_unknown_institution_lists_the_known_codes(cli_env):
    _add_institutions(cli_env, "CSI", "CTH")

    result = crm(
        cli_env,
        "users create --email a@csi.example --name A --role staff --institution XYZ",
        code=2,
    )

    line = one_error_line(result)
    assert "XYZ" in line
    assert "CSI, CTH" in line
    assert result.stdout == ""
    assert row_counts(_database(cli_env))["users"] == 0


def test_users_create_with_a_bad_role_writes_nothing(cli_env):
    _add_institutions(cli_env, "CSI")

    result = crm(
        cli_env, "users create --email a@csi.example --name A --role boss --institution CSI", code=2
    )

    line = one_error_line(result)
    assert "--role" in line and "'boss'" in line
    assert "admin" in line and "viewer" in line
    assert row_counts(_database(cli_env))["users"] == 0


def test_users_create_with_a_taken_email_changes_nothing(cli_env):
    with app_on(cli_env):
        factories.user(
            email="taken@csi.example", name="Premier", institution=factories.institution("CSI")
        )
        before = db.session.scalar(sa.select(User.password_hash))

    result = crm(
        cli_env,
        "users create --email TAKEN@csi.example --name Second --role admin --institution CSI",
        code=2,
    )

    line = one_error_line(result)
    assert "taken@csi.example" in line
    with app_on(cli_env):
        users = db.session.execute(sa.select(User.name, User.role, User.password_hash)).all()
    assert users == [("Premier", Role.STAFF, before)]


def test_users_set_password_prints_a_new_password(cli_env):
    with app_on(cli_env):
        factories.user(email="sophie@csi.example", institution=factories.institution("CSI"))

    result = crm(cli_env, "users set-password --email ' Sophie@CSI.example '")

    assert result.stdout.splitlines()[0] == "Password set for sophie@csi.example."
    password = shown_password(result.stdout)
    with app_on(cli_env):
        hashed = db.session.scalar(sa.select(User.password_hash))
    assert verify_password(hashed, password)
    assert not verify_password(hashed, factories.PASSWORD)


# --- crm seed-demo -----------------------------------------------------------------------------


def test_seed_demo_with_an_admin_twice(cli_env):
    database = _database(cli_env)

    first = crm(cli_env, "seed-demo --admin-email Admin@X.org")

    lines = first.stdout.splitlines()
    created = re.fullmatch(r"Demo data: (\d+) records created, 0 already there\.", lines[0])
    assert created and int(created.group(1)) > 0, lines
    assert lines[1] == "Admin admin@x.org created."
    password = shown_password(first.stdout)
    counts = row_counts(database)
    assert counts["member_institutions"] == 3
    with app_on(cli_env):
        admin = db.session.scalar(sa.select(User).where(User.email == "admin@x.org"))
        assert admin.role == Role.ADMIN
        assert authenticate("admin@x.org", password) is not None
        db.session.rollback()
        stored_hash = admin.password_hash

    second = crm(cli_env, "seed-demo --admin-email admin@x.org")

    assert second.stdout.splitlines() == [
        f"Demo data: 0 records created, {created.group(1)} already there.",
        "Admin admin@x.org already exists (password unchanged).",
    ]
    assert "Password" not in second.stdout and password not in second.stdout
    assert row_counts(database) == counts
    with app_on(cli_env):
        assert db.session.scalar(sa.select(User.password_hash).where(User.role == "admin")) == (
            stored_hash
        )


# --- in process, on the test database (SQLite or PostgreSQL) --------------------------------------


@pytest.fixture
def invoke(runner, monkeypatch):
    # FlaskGroup sets FLASK_RUN_FROM_CLI in os.environ; monkeypatch puts it back afterwards.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")

    def run(*args: str, code: int = 0):
        result = runner.invoke(cli, list(args))
        assert result.exit_code == code, (result.output, result.exception)
        return result

    return run


def _counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_institutions_add_and_list_in_process(app, invoke):
    assert invoke(
        "institutions",
        "add",
        " cat ",
        "--name-fr",
        " Cégep de l'Abitibi-Témiscamingue ",
        "--name-en",
        "Abitibi-Témiscamingue College",
    ).output == ("Added CAT: Cégep de l'Abitibi-Témiscamingue\n")
    invoke(
        "institutions", "add", "CSI", "--name-fr", "Cégep de Sept-Îles", "--name-en", "Sept-Îles"
    )

    assert invoke("institutions", "list").output.splitlines() == [
        "CAT\tCégep de l'Abitibi-Témiscamingue\tAbitibi-Témiscamingue College",
        "CSI\tCégep de Sept-Îles\tSept-Îles",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Csi", "--name-fr", "Autre", "--name-en", "Other"], "existe déjà"),
        (["bad code!", "--name-fr", "Nom", "--name-en", "Name"], "BAD CODE!"),
        (["NEW", "--name-fr", "   ", "--name-en", "Name"], "200"),
        (["NEW", "--name-fr", "Nom"], "--name-en"),
    ],
)
def test_institutions_add_refusals_write_nothing(app, invoke, institution, args, message):
    result = invoke("institutions", "add", *args, code=2)

    assert message in result.stderr
    assert result.stdout == ""
    codes = db.session.scalars(sa.select(MemberInstitution.code)).all()
    assert codes == ["CSI"]
    assert db.session.get(MemberInstitution, institution.id).name_fr == "Cégep de Sept-Îles"


def test_users_list_one_a_line(app, invoke, institution, other_institution):
    factories.user(
        email="b@cth.example", name="Béatrice", role="director", institution=other_institution
    )
    gone = factories.user(
        email="a@csi.example", name="Alain", role="viewer", institution=institution
    )
    gone.is_active = False
    db.session.commit()

    assert invoke("users", "list").output.splitlines() == [
        "a@csi.example\tviewer\tCSI\tAlain\tinactive",
        "b@cth.example\tdirector\tCTH\tBéatrice",
    ]


@pytest.mark.parametrize(("options", "locale"), [([], Locale.FR), (["--locale", "en"], Locale.EN)])
def test_users_create_in_process_with_a_chosen_password(app, invoke, institution, options, locale):
    result = invoke(
        "users",
        "create",
        "--email",
        "new@csi.example",
        "--name",
        "Nouvelle",
        "--role",
        "director",
        "--institution",
        "CSI",
        "--password",
        "a long chosen passphrase",
        *options,
    )

    assert result.output == "Created director new@csi.example (CSI).\n"  # no password shown
    user = authenticate("new@csi.example", "a long chosen passphrase")
    assert user is not None
    assert (user.role, user.locale, user.institution_id) == (Role.DIRECTOR, locale, institution.id)


def test_users_set_password_signs_other_sessions_out(app, invoke, sign_in, staff):
    client = sign_in(staff)
    assert client.get("/").status_code == 200

    result = invoke(
        "users", "set-password", "--email", staff.email, "--password", "a-brand-new-passphrase"
    )

    assert result.output == f"Password set for {staff.email}.\n"
    # A request of its own: requests made inside the fixture's app context share its `g`,
    # where Flask-Login keeps the user it loaded at the first request.
    with app.app_context():
        response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    db.session.rollback()
    assert authenticate(staff.email, factories.PASSWORD) is None
    assert authenticate(staff.email, "a-brand-new-passphrase") is not None


def test_users_set_password_refusals_change_nothing(app, invoke, staff):
    before = staff.password_hash

    unknown = invoke("users", "set-password", "--email", "Nobody@Example.org", code=2)
    short = invoke("users", "set-password", "--email", staff.email, "--password", "short", code=2)

    assert "no user with the email nobody@example.org" in unknown.stderr
    assert "10" in short.stderr
    assert "Password" not in unknown.stdout + short.stdout
    db.session.rollback()
    assert db.session.get(User, staff.id).password_hash == before


def test_seed_demo_twice_adds_nothing_the_second_time(app, invoke):
    first = invoke("seed-demo")

    created = re.fullmatch(r"Demo data: (\d+) records created, 0 already there\.\n", first.output)
    assert created and int(created.group(1)) > 0, first.output
    counts = _counts()
    assert counts["member_institutions"] == 3 and counts["agreement_transitions"] == 5

    second = invoke("seed-demo")

    assert second.output == f"Demo data: 0 records created, {created.group(1)} already there.\n"
    assert _counts() == counts


def test_seed_demo_with_an_invalid_admin_email_writes_nothing(app, invoke):
    result = invoke("seed-demo", "--admin-email", "not-an-email", code=2)

    assert "not-an-email" in result.stderr
    assert "Demo data" not in result.output
    assert set(_counts().values()) == {0}
