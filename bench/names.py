"""Names for the large data set: French, Québécois and Moroccan, with their accents."""

GIVEN = (
    "Élise Émilie Hélène Geneviève Chloé Zoé Léa Maëlle Noémie Anaïs Marie-Ève Josée Renée "
    "François Jérôme Frédéric Gaëtan Benoît Stéphane Réjean André Étienne Rémi Léo Théo "
    "Fatima-Zahra Khadija Salma Meryem Aïcha Houda Siham Nadia Imane Ghizlane Yasmine "
    "Youssef Mohammed Omar Hamza Mehdi Anass Réda Saïd Abdelilah Hicham Karim Soufiane"
).split()
FAMILY = (
    "Tremblay Gagnon Bouchard Côté Gauthier Lévesque Bélanger Bergeron Pelletier Lépine "
    "Beaulieu Bérubé Fréchette Desjardins Gélinas Thériault Mercier Rousseau Beaudin Poulin "
    "Lachance Gallant Ouellet Dubé Hébert St-Pierre Lefrançois Séguin Bédard Boucher "
    "El Idrissi Benali Alaoui Tazi Bennani El Amrani Chraïbi Berrada Lahlou Ouazzani "
    "Benjelloun El Fassi Sebti Tahiri Naciri Kettani Zniber Belhaj El Mansouri Haddaoui"
).split()
ORG_WORDS = (
    "Institut École Société Groupe Compagnie Centre Collège Université Association Agence "
    "minière métallurgique technique supérieure nationale régionale des mines de l'Atlas "
    "du Souss du Nord de l'Est Drâa Rif Québec Laurentides Côte-Nord Abitibi Témiscamingue "
    "formation énergie géologie extraction phosphates cuivre lithium fer or argent"
).split()
CITIES = (
    "Rabat Casablanca Marrakech Agadir Fès Tanger Oujda Khouribga Meknès Laâyoune "
    "Montréal Québec Sept-Îles Val-d'Or Rouyn-Noranda Thetford Mines Chicoutimi Gaspé "
    "Lyon Grenoble Nancy Dakar Tunis Alger Abidjan Lima Santiago Perth Sudbury"
).split()
