"""Exports of the lists as CSV and XLSX, contacts as vCard, and the agreements register.

Every download goes through ``responses.export_file``.
"""
