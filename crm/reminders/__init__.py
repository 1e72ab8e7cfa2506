"""Reminder emails: rules write due reminders to an outbox, a sender delivers them."""
