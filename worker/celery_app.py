"""One Celery application a process, each task run inside the Flask app's context with a
database session of its own, on the broker of CRM_BROKER_URL (by default kombu's
filesystem transport under the data folder: no server needed)."""

from __future__ import annotations

from celery import Celery, Task
from celery.schedules import crontab
from celery.signals import worker_ready
from flask import Flask

from crm.app import create_app
from crm.config import Settings
from crm.extensions import db


def schedule(settings: Settings) -> dict:
    """The rules evaluated every CRM_REMINDER_SCAN_SECONDS (a quarter of an hour) and when a
    worker starts (a reminder already queued is not queued again, so a scheduler that was
    down catches up); pending mail swept every CRM_REMINDER_SEND_SECONDS (a minute)."""
    return {
        "scan-reminders": {
            "task": "reminders.scan",
            "schedule": float(settings.reminder_scan_seconds),
        },
        "send-reminders": {
            "task": "reminders.send",
            "schedule": float(settings.reminder_send_seconds),
        },
        # Law 25 retention rules, once a day at night (crm/privacy/retention.py).
        "apply-retention": {
            "task": "privacy.apply_retention",
            "schedule": crontab(hour=3, minute=30),
        },
    }


@worker_ready.connect
def _catch_up(sender, **_kwargs) -> None:
    sender.app.send_task("reminders.scan")


def broker_options(flask_app: Flask) -> dict:
    settings = flask_app.config["CRM_SETTINGS"]
    if not settings.broker_url.startswith("filesystem://"):
        return {}
    folder = settings.data_dir / "broker"
    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


def create_celery(flask_app: Flask | None = None) -> Celery:
    flask_app = flask_app or create_app()
    settings = flask_app.config["CRM_SETTINGS"]

    class AppTask(Task):
        def __call__(self, *args, **kwargs):
            with flask_app.app_context():
                try:
                    return self.run(*args, **kwargs)
                finally:
                    db.session.remove()

    celery = Celery("passerelle", task_cls=AppTask, broker=settings.broker_url)
    celery.conf.update(
        broker_transport_options=broker_options(flask_app),
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        # A task is acknowledged once done: one whose worker dies runs again (it is
        # idempotent), and each worker takes one message at a time.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        timezone=settings.timezone,
        beat_schedule=schedule(settings),
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
        worker_hijack_root_logger=False,
    )
    celery.flask_app = flask_app
    celery.autodiscover_tasks(["worker"], related_name="tasks", force=True)
    return celery
