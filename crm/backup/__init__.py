"""``crm backup FILE`` and ``crm restore FILE``: the database and the uploaded documents in
one archive.

The archive is a zip file rather than a tar.gz: its table of contents sits at the end, so
a truncated copy is refused at once (no central directory) instead of half-read; each
member carries its own CRC and can be read alone (the manifest first, without
decompressing the rest); and the offices can open it on Windows without extra tools.
Members:

``manifest.json``
    what the archive holds and how to check it (see ``manifest.py``);
``database.sqlite3`` or ``database.pgdump``
    a copy made by SQLite's online backup API, or ``pg_dump --format=custom``;
``documents/<path>``
    every file of the documents folder, under its path in that folder.
"""
