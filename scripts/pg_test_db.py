"""Create (print its URL) or drop a fresh PostgreSQL database for one test run.

    python scripts/pg_test_db.py create postgresql://postgres@127.0.0.1:5432/postgres
    python scripts/pg_test_db.py drop SERVER_URL DATABASE_URL
"""

import secrets
import sys

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def main(action: str, server_url: str, database_url: str | None = None) -> int:
    server = make_url(server_url).set(drivername="postgresql+psycopg")
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            if action == "create":
                name = f"passerelle_test_{secrets.token_hex(4)}"
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
                print(server.set(database=name).render_as_string(hide_password=False))
            else:
                name = make_url(database_url).database
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except sa.exc.OperationalError as error:
        print(f"cannot reach PostgreSQL: {error.orig}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
