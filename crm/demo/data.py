"""The demo data. Facts come from the consortium's public announcement (Rabat, 23 March
2026); everything marked FICTIONAL was invented for the demonstration."""

from __future__ import annotations

from datetime import date

FICTIONAL = "Exemple fictif, inventé pour la démonstration."
FICTIONAL_TAG = "exemple-fictif"
SIGNED_ON = date(2026, 3, 23)
MISSION_START = date(2026, 3, 21)
MISSION_END = date(2026, 3, 27)

INSTITUTIONS = [
    # code, French name, English name
    ("CAT", "Cégep de l'Abitibi-Témiscamingue", "Cégep de l'Abitibi-Témiscamingue"),
    ("CTH", "Cégep de Thetford", "Cégep de Thetford"),
    ("CSI", "Cégep de Sept-Îles", "Cégep de Sept-Îles"),
]

# Users of the delegation: the directors general (named in the announcement) and the
# continuing-education directors (FICTIONAL names). No password: an admin sets one.
USERS = [
    # email, name, role, institution, title
    ("dany.mercier@cat.example", "Dany Mercier", "director", "CAT", "Directeur général"),
    ("robert.rousseau@cth.example", "Robert Rousseau", "director", "CTH", "Directeur général"),
    ("david.beaudin@csi.example", "David Beaudin", "director", "CSI", "Directeur général"),
    (
        "fc.direction@cat.example",
        "Geneviève Lachance",
        "director",
        "CAT",
        "Directrice de la formation continue",
    ),
    (
        "fc.direction@cth.example",
        "Mathieu Poulin",
        "director",
        "CTH",
        "Directeur de la formation continue",
    ),
    (
        "fc.direction@csi.example",
        "Annie Gallant",
        "director",
        "CSI",
        "Directrice de la formation continue",
    ),
    (
        "international@csi.example",
        "Sophie Tremblay",
        "staff",
        "CSI",
        "Conseillère aux partenariats internationaux",
    ),
]

ORGANIZATIONS = [
    # name, acronym, kind, country, city, website, owner, fictional
    (
        "Institut national des mines du Québec",
        "INMQ",
        "education",
        "CA",
        "Val-d'Or",
        None,
        "CAT",
        False,
    ),
    ("École des mines de l'Atlas", "EMA", "education", "MA", "Rabat", None, "CSI", True),
    (
        "Institut des métiers miniers de Khouribga",
        "IMMK",
        "education",
        "MA",
        "Khouribga",
        None,
        "CTH",
        True,
    ),
    ("Société minière du Souss", None, "company", "MA", "Agadir", None, "CSI", True),
    ("Groupe Drâa Minerais", None, "company", "MA", "Marrakech", None, "CAT", True),
    (
        "Association marocaine des exploitants miniers",
        "AMEM",
        "association",
        "MA",
        "Casablanca",
        None,
        "CTH",
        True,
    ),
]

CONTACTS = [
    # given, family, job title, organization (None: the member institution), owner,
    # email, preferred language, fictional
    ("David", "Beaudin", "Directeur général, Cégep de Sept-Îles", None, "CSI", None, "fr", False),
    ("Robert", "Rousseau", "Directeur général, Cégep de Thetford", None, "CTH", None, "fr", False),
    (
        "Dany",
        "Mercier",
        "Directeur général, Cégep de l'Abitibi-Témiscamingue",
        None,
        "CAT",
        None,
        "fr",
        False,
    ),
    (
        "Martin",
        "Gagnon",
        "Responsable du développement de la formation",
        "Institut national des mines du Québec",
        "CAT",
        "m.gagnon@inmq.example",
        "fr",
        True,
    ),
    (
        "Fatima Zahra",
        "El Idrissi",
        "Directrice des études",
        "École des mines de l'Atlas",
        "CSI",
        "fz.elidrissi@ema.example",
        "fr",
        True,
    ),
    (
        "Youssef",
        "Benali",
        "Directeur des ressources humaines",
        "Société minière du Souss",
        "CSI",
        "y.benali@sms.example",
        "fr",
        True,
    ),
    (
        "Khadija",
        "Alaoui",
        "Responsable de la formation",
        "Groupe Drâa Minerais",
        "CAT",
        "k.alaoui@draa.example",
        "en",
        True,
    ),
    (
        "Omar",
        "Tazi",
        "Directeur",
        "Institut des métiers miniers de Khouribga",
        "CTH",
        "o.tazi@immk.example",
        "fr",
        True,
    ),
    (
        "Salma",
        "Bennani",
        "Coordonnatrice des partenariats",
        "Association marocaine des exploitants miniers",
        "CTH",
        "s.bennani@amem.example",
        "fr",
        True,
    ),
]

MISSION = {
    "name": "Mission au Maroc des directions des trois cégeps",
    "country": "MA",
    "cities": "Rabat, Casablanca, Khouribga",
    "purpose": (
        "Identifier et renforcer les possibilités de partenariat, d'échanges scolaires et de "
        "collaboration avec des établissements d'enseignement et des acteurs industriels, et "
        "mieux comprendre les besoins en formation dans plusieurs domaines stratégiques."
    ),
    "outcomes": (
        "Signature, le 23 mars 2026 à Rabat, de l'entente créant le consortium collégial en "
        "formation minière. Rencontres avec des établissements et des entreprises du secteur "
        "minier marocain (exemples fictifs)."
    ),
}

CONSORTIUM_AGREEMENT = {
    "title": "Entente de création du consortium collégial en formation minière",
    "summary": (
        "Mise en commun des expertises des cégeps de l'Abitibi-Témiscamingue, de Thetford et "
        "de Sept-Îles : offre conjointe de formation et de services aux entreprises, recherche "
        "appliquée et transfert technologique, partenariats internationaux."
    ),
    "signed_at": "Rabat (Maroc)",
}

# FICTIONAL agreement under review with a Moroccan school, with mobility quotas.
EXCHANGE_AGREEMENT = {
    "title": "Protocole d'échanges étudiants avec l'École des mines de l'Atlas",
    "summary": FICTIONAL,
    "quotas": [("2027-2028", "outgoing", 4), ("2027-2028", "incoming", 4)],
}

# FICTIONAL mobility agreement that came out of the mission, signed in May, and the
# students it has sent and received: (given, family, direction, start, end, status)
MOBILITY_AGREEMENT = {
    "title": "Entente de mobilité étudiante avec l'Institut des métiers miniers de Khouribga",
    "summary": FICTIONAL,
    "signed_on": date(2026, 5, 12),
    "signed_at": "Thetford Mines",
    "expires_on": date(2029, 6, 30),
    "quotas": [("2026-2027", "outgoing", 3), ("2026-2027", "incoming", 3)],
}
STUDENTS = [
    ("Imane", "Chakiri", "incoming", date(2026, 8, 24), date(2026, 12, 18), "in_progress"),
    ("Yassine", "Ouazzani", "incoming", date(2026, 8, 24), date(2026, 12, 18), "in_progress"),
    ("Camille", "Roy", "outgoing", date(2027, 1, 11), date(2027, 5, 14), "accepted"),
]

PROJECT = {
    "name": "AEC spécialisée en salles de contrôle pour les opérations minières",
    "description": (
        "Attestation d'études collégiales élaborée par les directions de la formation continue "
        "des trois cégeps, développée avec l'Institut national des mines du Québec."
    ),
    "milestones": [  # FICTIONAL steps, in days from the seed date
        ("Analyse de la profession d'opérateur de salle de contrôle", -30),
        ("Devis de l'AEC soumis aux trois cégeps", 7),
        ("Première cohorte", 240),
    ],
}

# FICTIONAL meetings of the mission: (day offset from the start, hour, contact, summary)
MEETINGS = [
    (
        2,
        10,
        ("Fatima Zahra", "El Idrissi"),
        "Présentation du consortium; intérêt pour des échanges étudiants en génie minier.",
    ),
    (3, 9, ("Youssef", "Benali"), "Besoins de formation des opérateurs; visite du site envisagée."),
    (3, 15, ("Khadija", "Alaoui"), "Formation en salle de contrôle pour le personnel en emploi."),
    (4, 11, ("Omar", "Tazi"), "Programmes conjoints possibles avec l'AEC en salles de contrôle."),
]

# FICTIONAL follow-ups: title, days from the seed date, subject contact
FOLLOW_UPS = [
    (
        "Envoyer le devis de l'AEC à l'École des mines de l'Atlas",
        -3,
        ("Fatima Zahra", "El Idrissi"),
    ),
    ("Proposer une date de visite à la Société minière du Souss", 0, ("Youssef", "Benali")),
    ("Transmettre l'offre de formation en salle de contrôle", 5, ("Khadija", "Alaoui")),
    ("Préparer la rencontre de suivi avec l'INMQ", 14, ("Martin", "Gagnon")),
]
