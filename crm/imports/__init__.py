"""Importing contacts and organizations from spreadsheets (CSV and XLSX)."""
