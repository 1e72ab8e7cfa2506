"""Spreadsheets as the offices write them: Excel's "CSV" on a French Windows
(Windows-1252, ";"), UTF-8 with a BOM and ",", and XLSX built with openpyxl."""

from __future__ import annotations

import io

from openpyxl import Workbook

from crm.extensions import db
from tests import factories

# Rows 1 (headers) to 12; row 3 is blank and there are trailing spaces. Rows 8 to 11 are
# bad: an invalid email, an unknown organization, a missing family name, an unknown
# language; row 12 repeats row 2's email.
CONTACT_LINES = [
    "Prénom;Nom;Courriel;Téléphone;Organisation;Fonction;Langue;Remarque libre",
    "Karim ;Benali;k.benali@ema.ma;+212 5 37 00 00 00;École des mines de l’Atlas;Directeur;fr;x",
    "",
    "Émilie;Côté;emilie.cote@cegepsi.ca;418 962-9848;Cégep de Sept-Îles;Conseillère;Français;",
    "Jean-François;Lévesque;jf.levesque@cegepthetford.ca;;Cégep de Thetford;;anglais;",
    "Yasmine;Idrissi;;;ecole des mines de l'atlas;Enseignante;;",
    "Omar;Tazi;o.tazi@example.ma;;;Consultant;;",
    "Fatima;Zahra;f.zahra@@ema;;;;;",
    "Nadia;Alaoui;n.alaoui@example.ma;;Université de Rabat;;;",
    "Sami;;sami@example.ma;;;;;",
    "Leila;Bennani;leila@example.ma;;;;klingon;",
    "Karim;Benali-bis;K.Benali@ema.ma;;;;;",
]
GOOD_CONTACTS = 5  # rows 2, 4, 5, 6, 7
REFUSED_CONTACTS = {
    8: "Courriel",
    9: "Organisation",
    10: "Nom",
    11: "Langue",
}

ORGANIZATION_LINES = [
    "Nom;Sigle;Type;Pays;Ville;Site web",
    "École des mines de l’Atlas;EMA;Établissement d’enseignement;Maroc;Rabat;https://ema.ma",
    "Cégep de Sept-Îles;CSI;Education;CA;Sept-Îles;",
    "Cégep de Thetford;;Établissement d’enseignement;Canada;Thetford;",
    "Managem;;Entreprise;maroc;Marrakech;",
    "",
    "Ministère de l’Énergie;MEM;ministère;Morocco;Rabat;",
    "Nulle part;;;Atlantide;;",
    "Ville de Québec;;Autre;Canada;Québec;pas une adresse",
    "ecole des mines de l'atlas;;;MA;;",
    "EMA autrement;ema;;Maroc;;",
]
GOOD_ORGANIZATIONS = 5  # rows 2, 3, 4, 5, 7
REFUSED_ORGANIZATIONS = {8: "Pays", 9: "Site web"}
DUPLICATE_ORGANIZATIONS = {10: 2, 11: 2}  # same name, same acronym in the same country


def cp1252(lines: list[str], end: str = "\r\n") -> bytes:
    return (end.join(lines) + end).encode("cp1252")


def utf8_bom_commas(lines: list[str]) -> bytes:
    """The same rows with "," (cells holding a comma quoted)."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    for line in lines:
        writer.writerow(line.split(";") if line else [])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx(lines: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for line in lines:
        sheet.append(line.split(";") if line else [])
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def organizations_for_contacts(institution) -> None:
    """The organizations CONTACT_LINES names (Université de Rabat is missing)."""
    factories.organization(institution, "École des mines de l’Atlas", "MA", acronym="EMA")
    factories.organization(institution, "Cégep de Sept-Îles", "CA", acronym="CSI")
    factories.organization(institution, "Cégep de Thetford", "CA")
    db.session.commit()
