"""The demo supplier's vocabulary: words that make invented hotels and streets read like real ones.

Brand-like words are invented or common English words, never a real hotel chain's name.
"""

from __future__ import annotations

BRANDS = (
    "Aldridge", "Ashcombe", "Beaumont", "Brightwater", "Carlisle", "Cobalt", "Ellery", "Everly",
    "Halcyon", "Hawthorne", "Juniper", "Kestrel", "Kingsley", "Larkspur", "Linden", "Marlowe",
    "Meridian", "Montclair", "Oakhurst", "Parkline", "Pinecrest", "Ravenswood", "Roselle",
    "Sinclair", "Sterling", "Thornbury", "Vantage", "Whitmore", "Wrenfield", "Yardley",
)

ADJECTIVES = (
    "Amber", "Blue", "Copper", "Crimson", "Emerald", "Gilded", "Golden", "Grand", "Hidden",
    "Iron", "Ivory", "Little", "Northern", "Old", "Quiet", "Royal", "Silver", "Velvet", "White",
    "Wild",
)

NOUNS = (
    "Anchor", "Birch", "Compass", "Cedar", "Crown", "Fox", "Heron", "Kite", "Lantern", "Lark",
    "Magnolia", "Mill", "Oak", "Orchard", "Quill", "Sparrow", "Stag", "Swallow", "Willow", "Wren",
)

# Neighbourhoods and landmarks that most cities have something like.
AREAS = (
    "Old Town", "Riverside", "Downtown", "Central Station", "Market Square", "Cathedral Square",
    "Waterfront", "Park View", "Lakeside", "Hillside", "City Centre", "Museum Quarter",
    "Arts District", "Airport", "Convention Center", "University", "Garden District",
    "Castle Hill", "Harbour", "Opera House",
)

SURNAMES = (
    "Ashby", "Bellamy", "Caldwell", "Darrow", "Ellington", "Fairbanks", "Garland", "Harcourt",
    "Langley", "Morland", "Pemberton", "Quincy", "Radcliffe", "Sheridan", "Trevelyan", "Wexford",
)

# Kinds of house by hotel class; the first of each is the most common.
KINDS_BY_STARS = {
    2: ("Inn", "Lodge", "Motel", "Guesthouse"),
    3: ("Hotel", "Inn", "Suites", "Lodge"),
    4: ("Hotel", "Suites", "Boutique Hotel", "House"),
    5: ("Hotel", "Grand Hotel", "Hotel & Spa", "Palace"),
}

# Words a hotel's name starts with in the country's language ("Hôtel Bellamy", "Casa Juniper").
NAME_PREFIXES = {
    "en": ("Hotel", "The"),
    "fr": ("Hôtel", "Maison", "Villa"),
    "de": ("Hotel", "Haus", "Gasthof"),
    "es": ("Hotel", "Casa", "Hostal"),
    "it": ("Hotel", "Palazzo", "Villa", "Albergo"),
    "pt": ("Hotel", "Casa", "Pousada"),
}

LANGUAGE_BY_COUNTRY = {
    **dict.fromkeys(("FR", "BE", "LU", "MC"), "fr"),
    **dict.fromkeys(("DE", "AT", "CH", "LI"), "de"),
    **dict.fromkeys(
        ("ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "UY", "PY", "BO", "CR", "PA", "GT", "HN",
         "SV", "NI", "DO", "CU"),
        "es",
    ),
    **dict.fromkeys(("IT", "SM"), "it"),
    **dict.fromkeys(("PT", "BR"), "pt"),
}

STREET_NAMES = {
    "en": (
        "Pine", "Oak", "Market", "Harbor", "Lake", "Park", "Church", "Mill", "King", "Queen",
        "Station", "Bridge", "Cedar", "Maple", "Elm", "Union", "Spring", "Water", "High",
        "Victoria", "Madison", "Franklin", "Grant", "Chapel",
    ),
    "fr": (
        "de la Paix", "des Fleurs", "Victor Hugo", "de la République", "du Commerce",
        "Saint-Michel", "des Écoles", "Gambetta", "de la Gare", "du Port", "Jean Jaurès",
        "des Lilas",
    ),
    "de": (
        "Linden", "Berg", "Garten", "Bahnhof", "Schiller", "Goethe", "Markt", "Kirch", "Mühlen",
        "Rosen", "Schloss", "Hafen",
    ),
    "es": (
        "Mayor", "del Sol", "de la Paz", "Real", "San Martín", "Bolívar", "de los Reyes",
        "del Mar", "Colón", "Libertad", "Hidalgo", "de las Flores",
    ),
    "it": (
        "Roma", "Garibaldi", "Dante", "Mazzini", "Cavour", "Verdi", "del Corso", "Manzoni",
        "San Marco", "della Vittoria", "Marconi", "dei Mille",
    ),
    "pt": (
        "das Flores", "Augusta", "do Comércio", "da Liberdade", "São Bento", "do Carmo",
        "Direita", "da Prata", "Nova", "do Sol", "das Palmeiras", "Garrett",
    ),
}

STREET_KINDS = {
    "en": ("Street", "Street", "Avenue", "Road", "Boulevard", "Lane", "Place"),
    "fr": ("Rue", "Rue", "Avenue", "Boulevard", "Place", "Quai"),
    "de": ("straße", "straße", "weg", "platz", "allee", "gasse"),
    "es": ("Calle", "Calle", "Avenida", "Paseo", "Plaza"),
    "it": ("Via", "Via", "Corso", "Piazza", "Viale"),
    "pt": ("Rua", "Rua", "Avenida", "Largo", "Travessa"),
}

# (name, guests per room, price relative to the hotel's base rate in basis points)
ROOM_TYPES_BY_STARS = {
    2: (
        ("Standard Double Room", 2, 10_000),
        ("Twin Room", 2, 10_000),
        ("Family Room", 4, 13_500),
        ("Single Room", 1, 8_200),
    ),
    3: (
        ("Standard King Room", 2, 10_000),
        ("Two Queen Beds Room", 4, 11_500),
        ("Deluxe King Room", 2, 12_500),
        ("Junior Suite", 3, 15_500),
    ),
    4: (
        ("Superior King Room", 2, 10_000),
        ("Deluxe Twin Room", 2, 10_500),
        ("Executive King Room", 2, 12_500),
        ("One-Bedroom Suite", 4, 17_000),
    ),
    5: (
        ("Deluxe King Room", 2, 10_000),
        ("Premier City View Room", 2, 11_800),
        ("Junior Suite", 3, 15_000),
        ("Signature Suite", 4, 22_000),
    ),
}
