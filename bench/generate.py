"""Generate a large, realistic data set in bulk, to measure the pages against.

    python bench/generate.py [--scale 1.0]

Uses CRM_DATABASE_URL / CRM_DATA_DIR like the app, on an EMPTY migrated database (run
`crm init` first). At scale 1: 200,000 contacts, 20,000 organizations in 120 countries,
500,000 interactions, 50,000 follow-ups, 5,000 agreements, 2,000 missions. Rows are
inserted with executemany in large batches; then the search index is rebuilt.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pycountry
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from names import CITIES, FAMILY, GIVEN, ORG_WORDS  # noqa: E402

from crm.app import create_app  # noqa: E402
from crm.core.countries import fold  # noqa: E402
from crm.extensions import db  # noqa: E402
from crm.search.reindex import reindex  # noqa: E402
from crm.users.passwords import hash_password  # noqa: E402

BATCH = 20_000
PASSWORD = "bench-password-2026"
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
TODAY = NOW.date()


def table(name: str) -> sa.Table:
    return db.metadata.tables[name]


def insert(name: str, rows) -> int:
    rows = list(rows)
    for start in range(0, len(rows), BATCH):
        db.session.execute(table(name).insert(), rows[start : start + BATCH])
    return len(rows)


def stamps(rng: random.Random) -> dict:
    created = NOW - timedelta(days=rng.randint(0, 1500), minutes=rng.randint(0, 1440))
    return {"created_at": created, "updated_at": created, "version": 1}


def generate(scale: float, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    n = {
        k: max(1, int(v * scale))
        for k, v in {
            "organizations": 20_000,
            "contacts": 200_000,
            "interactions": 500_000,
            "follow_ups": 50_000,
            "agreements": 5_000,
            "missions": 2_000,
            "student_exchanges": 20_000,
        }.items()
    }
    n["users"] = 60
    counts = {}
    countries = sorted(c.alpha_2 for c in pycountry.countries)
    countries = ["MA", "CA", "FR"] + [c for c in countries if c not in {"MA", "CA", "FR"}][:117]
    institutions = [
        (1, "CAT", "Cégep de l'Abitibi-Témiscamingue"),
        (2, "CTH", "Cégep de Thetford"),
        (3, "CSI", "Cégep de Sept-Îles"),
    ]
    counts["member_institutions"] = insert(
        "member_institutions",
        (
            {"id": i, "code": code, "name_fr": name, "name_en": name, **stamps(rng)}
            for i, code, name in institutions
        ),
    )
    password_hash = hash_password(PASSWORD)
    roles = ["staff"] * 6 + ["director", "viewer"]
    counts["users"] = insert(
        "users",
        (
            {
                "id": i,
                "email": f"user{i}@bench.example",
                "name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                "role": "admin" if i == 1 else rng.choice(roles),
                "institution_id": (i % 3) + 1,
                "locale": "fr",
                "password_hash": password_hash,
                "is_active": True,
                **stamps(rng),
            }
            for i in range(1, n["users"] + 1)
        ),
    )
    user_ids = list(range(1, n["users"] + 1))

    def org(i):
        name = " ".join(rng.sample(ORG_WORDS, 4)).capitalize() + f" {i}"
        return {
            "id": i,
            "name": name,
            "sort_key": fold(name),
            "kind": rng.choice(["education", "company", "ministry", "association", "other"]),
            "country": countries[i % len(countries)],
            "city": rng.choice(CITIES),
            "institution_id": rng.randint(1, 3),
            "visibility": "consortium",
            **stamps(rng),
        }

    counts["organizations"] = insert(
        "organizations", (org(i) for i in range(1, n["organizations"] + 1))
    )

    def contact(i):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        student = rng.random() < 0.1
        return {
            "id": i,
            "given_name": given,
            "family_name": family,
            "sort_key": fold(f"{family} {given}"),
            "job_title": rng.choice(
                [None, "Directrice des études", "Responsable de la formation", "Ingénieur"]
            ),
            "organization_id": rng.randint(1, n["organizations"]),
            "is_student": student,
            "preferred_language": "fr",
            "institution_id": rng.randint(1, 3),
            "visibility": "member" if student else "consortium",
            **stamps(rng),
        }

    counts["contacts"] = insert("contacts", (contact(i) for i in range(1, n["contacts"] + 1)))
    counts["contact_emails"] = insert(
        "contact_emails",
        (
            {"id": i, "contact_id": i, "address": f"contact{i}@exemple.ma", "position": 0}
            for i in range(1, n["contacts"] + 1)
        ),
    )

    def mission(i):
        start = TODAY - timedelta(days=rng.randint(-200, 1500))
        return {
            "id": i,
            "name": f"Mission {rng.choice(CITIES)} {i}",
            "country": rng.choice(countries[:20]),
            "cities": rng.choice(CITIES),
            "starts_on": start,
            "ends_on": start + timedelta(days=rng.randint(2, 12)),
            "status": "completed" if start < TODAY else "planned",
            "institution_id": rng.randint(1, 3),
            "visibility": "consortium",
            **stamps(rng),
        }

    counts["missions"] = insert("missions", (mission(i) for i in range(1, n["missions"] + 1)))

    statuses = ["draft", "under_review", "approved", "signed", "active", "expired", "terminated"]

    def agreement(i):
        effective = TODAY - timedelta(days=rng.randint(0, 2000))
        status = rng.choice(statuses)
        signed = status in {"signed", "active", "expired", "terminated"}
        return {
            "id": i,
            "title": f"Entente {rng.choice(ORG_WORDS)} {i}",
            "kind": rng.choice(
                ["memorandum", "partnership", "student_exchange", "training_services", "research"]
            ),
            "status": status,
            "signed_on": effective - timedelta(days=rng.randint(0, 60)) if signed else None,
            "effective_on": effective,
            "expires_on": effective + timedelta(days=rng.randint(365, 1825)),
            "institution_id": rng.randint(1, 3),
            "visibility": "consortium",
            "mission_id": rng.randint(1, n["missions"]) if rng.random() < 0.3 else None,
            **stamps(rng),
        }

    counts["agreements"] = insert(
        "agreements", (agreement(i) for i in range(1, n["agreements"] + 1))
    )
    insert(
        "agreement_member_parties",
        (
            {"agreement_id": i, "institution_id": rng.randint(1, 3)}
            for i in range(1, n["agreements"] + 1)
        ),
    )
    insert(
        "agreement_organization_parties",
        (
            {"agreement_id": i, "organization_id": rng.randint(1, n["organizations"])}
            for i in range(1, n["agreements"] + 1)
        ),
    )

    years = [f"{y}-{y + 1}" for y in range(TODAY.year - 4, TODAY.year + 2)]
    insert(
        "agreement_quotas",
        (
            {
                "id": i * 100 + k,
                "agreement_id": i,
                "academic_year": year,
                "direction": direction,
                "places": rng.randint(2, 12),
            }
            for i in range(1, n["agreements"] + 1)
            if i % 5 == 0  # a fifth of the agreements provide for exchanges
            for k, (year, direction) in enumerate(
                (y, d) for y in years for d in ("outgoing", "incoming")
            )
        ),
    )

    def exchange(i):
        start = TODAY - timedelta(days=rng.randint(-300, 1800))
        return {
            "id": i,
            "student_id": rng.randint(1, n["contacts"]),
            "direction": rng.choice(["outgoing", "outgoing", "incoming"]),
            "partner_organization_id": rng.randint(1, n["organizations"]),
            "agreement_id": rng.randrange(5, n["agreements"] + 1, 5)
            if rng.random() < 0.7
            else None,
            "starts_on": start,
            "ends_on": start + timedelta(days=rng.randint(60, 300)),
            "status": rng.choice(
                ["nominated", "accepted", "in_progress", "completed", "cancelled"]
            ),
            "institution_id": rng.randint(1, 3),
            "visibility": "member",
            **stamps(rng),
        }

    counts["student_exchanges"] = insert(
        "student_exchanges", (exchange(i) for i in range(1, n["student_exchanges"] + 1))
    )

    def interaction(i):
        when = NOW - timedelta(days=rng.randint(0, 1500), minutes=rng.randint(0, 1440))
        return {
            "id": i,
            "kind": rng.choice(["meeting", "call", "email", "visit", "event"]),
            "occurred_at": when,
            "subject": f"Échange sur la formation {i}",
            "summary": "Discussion des besoins de formation en salle de contrôle.",
            "mission_id": rng.randint(1, n["missions"]) if rng.random() < 0.05 else None,
            "institution_id": rng.randint(1, 3),
            "visibility": "consortium",
            **stamps(rng),
        }

    counts["interactions"] = insert(
        "interactions", (interaction(i) for i in range(1, n["interactions"] + 1))
    )
    insert(
        "interaction_contacts",
        (
            {"interaction_id": i, "contact_id": rng.randint(1, n["contacts"])}
            for i in range(1, n["interactions"] + 1)
        ),
    )
    insert(
        "interaction_users",
        (
            {"interaction_id": i, "user_id": rng.choice(user_ids)}
            for i in range(1, n["interactions"] + 1)
        ),
    )

    def follow_up(i):
        return {
            "id": i,
            "title": f"Relancer le partenaire {i}",
            "due_on": TODAY + timedelta(days=rng.randint(-60, 120)),
            "assignee_id": rng.choice(user_ids),
            "status": rng.choice(["open", "open", "done", "cancelled"]),
            "contact_id": rng.randint(1, n["contacts"]) if i % 10 else None,
            "mission_id": None if i % 10 else rng.randint(1, n["missions"]),
            "institution_id": rng.randint(1, 3),
            "visibility": "consortium",
            **stamps(rng),
        }

    counts["follow_ups"] = insert(
        "follow_ups", (follow_up(i) for i in range(1, n["follow_ups"] + 1))
    )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        if db.session.scalar(sa.select(sa.func.count()).select_from(table("contacts"))):
            sys.exit("The database already holds contacts: generate into an empty one.")
        started = time.perf_counter()
        counts = generate(args.scale)
        db.session.commit()
        loaded = time.perf_counter()
        indexed = reindex()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            for name in counts:
                db.session.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                    )
                )
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        done = time.perf_counter()
    for name, count in counts.items():
        print(f"{name:>20}: {count:>9,}")
    print(
        f"loaded in {loaded - started:.0f} s, search index ({indexed:,} documents) "
        f"in {done - loaded:.0f} s; sign in as user1@bench.example / {PASSWORD}"
    )


if __name__ == "__main__":
    main()
