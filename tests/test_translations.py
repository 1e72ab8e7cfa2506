"""Every user-facing string has a French translation, with the same placeholders."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "crm" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "_p": ((1, "c"), 2),
    "pgettext": ((1, "c"), 2),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _source_strings() -> set[str]:
    folders = [ROOT / "crm", ROOT / "templates"]
    folders += [p for p in (ROOT / "templates").rglob("_*") if p.is_dir()]  # Babel skips _dirs
    found = set()
    for folder in folders:
        for _file, _line, message, _comments, context in extract_from_dir(
            folder, METHODS, keywords=KEYWORDS
        ):
            found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="fr")


def test_every_string_is_translated_to_french():
    catalogue = _catalogue()
    missing = []
    for context, text in _source_strings():
        message = catalogue.get(text, context=context)
        if message is None or not message.string or message.fuzzy:
            missing.append(f"{context}|{text}" if context else text)
    missing.sort()
    assert missing == [], f"missing from {CATALOGUE.relative_to(ROOT)}: {missing}"


def test_translations_keep_their_placeholders():
    for message in _catalogue():
        if not (message.id and message.string):
            continue
        if message.pluralizable:  # singular against singular, plural against the others
            singular, plural = message.id
            pairs = [(singular, message.string[0])]
            pairs += [(plural, text) for text in message.string[1:]]
        else:
            pairs = [(message.id, message.string)]
        for source, translated in pairs:
            assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(translated)), source
