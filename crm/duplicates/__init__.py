"""Likely duplicate contacts and organizations, and merging two records into one."""
