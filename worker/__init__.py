"""The Celery worker and scheduler: ``celery -A worker worker`` and ``celery -A worker beat``.

The broker only carries wake-ups; the outbox in the database is what must be sent, so a
message the broker loses loses no reminder (see crm/reminders/delivery.py).
"""


def __getattr__(name: str):
    """``worker.app``, made on first use: importing the package configures nothing."""
    if name == "app":
        from worker.celery_app import create_celery

        globals()["app"] = create_celery()
        return globals()["app"]
    raise AttributeError(name)
