"""Curated, fictional data for the demo loader (`manage.py load_demo`).

Phone numbers come from ranges reserved for drama and fiction where a country has them
(Ofcom 020 7946 0xxx and friends, Bundesnetzagentur 030 23125 xxx and friends, ARCEP
01 99 00 xx xx and friends, NANP 555-0100..0199), otherwise from ranges that pass
`phonenumbers.is_valid_number`. Every pattern is checked by tests/demo/test_load_demo.py.
Web and e-mail domains end in the reserved `.example` top-level domain or are example.com/org/net.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO 3166-1 alpha-2
    state: str
    postal_codes: tuple[str, ...]
    phone_pattern: str  # str.format pattern taking one integer below `phone_capacity`
    phone_capacity: int


CITIES: dict[str, City] = {
    city.name: city
    for city in [
        # United States: NANP fictional 555-0100..0199 in real area codes.
        City(
            "New York", "US", "NY", ("10001", "10016", "10022", "10036"), "+1 212 555 01{:02d}", 100
        ),
        City("Boston", "US", "MA", ("02108", "02110", "02116"), "+1 617 555 01{:02d}", 100),
        City("Chicago", "US", "IL", ("60601", "60606", "60611"), "+1 312 555 01{:02d}", 100),
        City("San Francisco", "US", "CA", ("94103", "94105", "94107"), "+1 415 555 01{:02d}", 100),
        City("Seattle", "US", "WA", ("98101", "98104", "98109"), "+1 206 555 01{:02d}", 100),
        City("Austin", "US", "TX", ("78701", "78702", "78704"), "+1 512 555 01{:02d}", 100),
        City("Denver", "US", "CO", ("80202", "80205", "80206"), "+1 303 555 01{:02d}", 100),
        City("Atlanta", "US", "GA", ("30303", "30308", "30309"), "+1 404 555 01{:02d}", 100),
        # United Kingdom: Ofcom numbers reserved for drama.
        City(
            "London",
            "GB",
            "",
            ("EC1V 2NX", "SE1 9SG", "W1T 4JE", "N1 9GU", "E14 5AB"),
            "+44 20 7946 0{:03d}",
            1000,
        ),
        City("Manchester", "GB", "", ("M1 1AE", "M2 5DB", "M4 1HN"), "+44 161 496 0{:03d}", 1000),
        City("Bristol", "GB", "", ("BS1 4DJ", "BS1 5TR", "BS8 1TH"), "+44 117 496 0{:03d}", 1000),
        City("Edinburgh", "GB", "", ("EH1 1YZ", "EH2 2ER", "EH3 9DR"), "+44 131 496 0{:03d}", 1000),
        City("Leeds", "GB", "", ("LS1 4AP", "LS2 7EY", "LS11 5QN"), "+44 113 496 0{:03d}", 1000),
        # Germany: Bundesnetzagentur numbers reserved for film and television.
        City("Berlin", "DE", "", ("10115", "10178", "10435", "10999"), "+49 30 23125 {:03d}", 1000),
        City("München", "DE", "", ("80331", "80469", "80799"), "+49 89 99998 {:03d}", 1000),
        City("Hamburg", "DE", "", ("20095", "20457", "22765"), "+49 40 66969 {:03d}", 1000),
        City(
            "Frankfurt am Main", "DE", "", ("60311", "60313", "60487"), "+49 69 90009 {:03d}", 1000
        ),
        City("Köln", "DE", "", ("50667", "50672", "50823"), "+49 221 4710 {:03d}", 1000),
        # France: ARCEP numbers reserved for fiction.
        City("Paris", "FR", "", ("75001", "75008", "75011", "75015"), "+33 1 99 00 {:04d}", 10000),
        City("Lyon", "FR", "", ("69001", "69002", "69003"), "+33 4 65 71 {:04d}", 10000),
        City("Nantes", "FR", "", ("44000", "44100", "44200"), "+33 2 61 91 {:04d}", 10000),
        City("Lille", "FR", "", ("59000", "59800", "59160"), "+33 3 53 01 {:04d}", 10000),
        City("Bordeaux", "FR", "", ("33000", "33800", "33300"), "+33 5 36 49 {:04d}", 10000),
        # Netherlands: no reserved fiction range; these pass validation.
        City(
            "Amsterdam",
            "NL",
            "",
            ("1011 AB", "1016 DK", "1071 XX", "1097 JB"),
            "+31 20 555 {:04d}",
            10000,
        ),
        City("Rotterdam", "NL", "", ("3011 AD", "3012 CN", "3072 AP"), "+31 10 555 {:04d}", 10000),
        City("Utrecht", "NL", "", ("3511 AX", "3512 JE", "3584 CS"), "+31 30 555 {:04d}", 10000),
        # Canada: NANP fictional 555-0100..0199.
        City("Toronto", "CA", "ON", ("M5H 2N2", "M5V 3L9", "M4W 1A8"), "+1 416 555 01{:02d}", 100),
        City(
            "Vancouver", "CA", "BC", ("V6B 1A1", "V6C 3E8", "V6E 4M2"), "+1 604 555 01{:02d}", 100
        ),
        City("Montréal", "CA", "QC", ("H2Y 1C6", "H3B 4W8", "H2X 3P4"), "+1 514 555 01{:02d}", 100),
        City("Calgary", "CA", "AB", ("T2P 1J9", "T2P 3C5", "T2R 0B4"), "+1 403 555 01{:02d}", 100),
    ]
}

CURRENCY_BY_COUNTRY = {"US": "USD", "GB": "GBP", "DE": "EUR", "FR": "EUR", "NL": "EUR", "CA": "CAD"}

STREETS: dict[str, list[str]] = {
    "US": [
        "Main Street",
        "Oak Avenue",
        "Maple Drive",
        "Park Avenue",
        "Elm Street",
        "Washington Street",
        "Market Street",
        "Cedar Lane",
        "Pine Street",
        "Lakeview Boulevard",
        "Madison Avenue",
        "Franklin Street",
    ],
    "CA": [
        "King Street West",
        "Queen Street East",
        "Yonge Street",
        "Granville Street",
        "Rue Sainte-Catherine",
        "Bay Street",
        "Robson Street",
        "Stephen Avenue",
        "Front Street",
        "Boulevard Saint-Laurent",
    ],
    "GB": [
        "High Street",
        "Station Road",
        "Church Lane",
        "Victoria Road",
        "Mill Lane",
        "King's Road",
        "Queen Street",
        "Park Road",
        "Albert Street",
        "The Crescent",
        "Canal Street",
        "Castle Street",
    ],
    "DE": [
        "Hauptstraße",
        "Bahnhofstraße",
        "Gartenweg",
        "Schillerstraße",
        "Goethestraße",
        "Lindenallee",
        "Friedrichstraße",
        "Marktplatz",
        "Kirchgasse",
        "Mozartstraße",
        "Hafenstraße",
        "Am Stadtpark",
    ],
    "FR": [
        "rue de la République",
        "avenue Victor Hugo",
        "boulevard Voltaire",
        "rue du Moulin",
        "rue des Lilas",
        "place de la Gare",
        "rue Pasteur",
        "avenue Jean Jaurès",
        "rue de la Paix",
        "quai des Chartrons",
        "rue Nationale",
        "cours Lafayette",
    ],
    "NL": [
        "Keizersgracht",
        "Prinsengracht",
        "Kerkstraat",
        "Dorpsstraat",
        "Stationsweg",
        "Molenstraat",
        "Nieuwe Binnenweg",
        "Oudegracht",
        "Herengracht",
        "Julianalaan",
        "Coolsingel",
        "Wilhelminapark",
    ],
}

# Countries that write the house number after the street name.
NUMBER_AFTER_STREET = {"DE", "NL"}

ADDRESS_LINE2: dict[str, list[str]] = {
    "US": ["Suite 200", "Suite 410", "Floor 12", "Unit 3B"],
    "CA": ["Suite 300", "Floor 8", "Unit 1205"],
    "GB": ["Unit 4", "Floor 2", "Flat 7", "Suite 3"],
    "DE": ["2. Etage", "Hinterhaus", "Aufgang B"],
    "FR": ["Bâtiment B", "3e étage", "Escalier C"],
    "NL": ["3e verdieping", "Unit 12"],
}


def _names(first_names: str, last_names: str) -> tuple[list[str], list[str]]:
    return first_names.split(", "), last_names.split(", ")


# First and last names per naming culture, comma-separated.
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "en": _names(
        "James, Olivia, Michael, Emma, William, Sophia, Daniel, Emily, Matthew, Grace, Ryan, "
        "Hannah, Thomas, Charlotte, Jack, Amelia, Oliver, Isla, Harry, Jessica, Benjamin, "
        "Lauren, Samuel, Megan, Nathan, Rachel, Ethan, Chloe, Andrew, Zoe, Christopher, "
        "Abigail",
        "Smith, Johnson, Williams, Brown, Jones, Taylor, Davies, Wilson, Evans, Thomas, "
        "Roberts, Walker, Wright, Thompson, White, Hughes, Edwards, Green, Hall, Wood, "
        "Harris, Clarke, Jackson, Turner, Hill, Moore, Cooper, Ward, Murphy, O'Brien, "
        "Campbell, Stewart, Anderson, Mitchell, Patterson, Reynolds, Foster, Bennett, "
        "Sullivan, Brooks",
    ),
    "de": _names(
        "Lukas, Anna, Jonas, Lea, Maximilian, Sophie, Felix, Marie, Leon, Laura, Paul, Julia, "
        "Jürgen, Katrin, Stefan, Sabine, Tobias, Franziska, Matthias, Claudia, Florian, Jana",
        "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, "
        "Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, "
        "Braun, Krüger, Hartmann, Lange",
    ),
    "fr": _names(
        "Camille, Louis, Léa, Hugo, Manon, Lucas, Chloé, Théo, Inès, Nathan, Juliette, "
        "Antoine, Élodie, Mathieu, Céline, Julien, Amélie, Guillaume, Margaux, François, "
        "Sébastien, Aurélie",
        "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, "
        "Simon, Laurent, Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, "
        "Morel, Girard, Lambert, Bonnet, Rousseau, Faure",
    ),
    "nl": _names(
        "Daan, Emma, Sem, Julia, Lucas, Mila, Levi, Tess, Bram, Sanne, Thijs, Fleur, Jesse, "
        "Lotte, Ruben, Anouk, Pieter, Marieke, Joost, Femke, Maarten, Eline",
        "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, "
        "Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, "
        "Brouwer, de Wit, Dijkstra",
    ),
    "es": _names(
        "Lucía, Alejandro, Sofía, Pablo, María, Javier, Carmen, Diego, Elena, Carlos, Isabel, "
        "Miguel",
        "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, "
        "Ruiz, Díaz, Moreno",
    ),
    "it": _names(
        "Giulia, Marco, Francesca, Luca, Chiara, Alessandro, Sara, Matteo, Valentina, Andrea, "
        "Federica, Lorenzo",
        "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, "
        "Bruno, Conti",
    ),
    "in": _names(
        "Aarav, Priya, Rohan, Ananya, Vikram, Neha, Arjun, Kavya, Rahul, Divya, Sanjay, Meera",
        "Sharma, Patel, Gupta, Singh, Kumar, Iyer, Reddy, Nair, Mehta, Desai, Chopra, Rao",
    ),
    "pl": _names(
        "Jakub, Zofia, Kacper, Maja, Piotr, Agnieszka, Tomasz, Katarzyna, Paweł, Magdalena",
        "Nowak, Wójcik, Kowalczyk, Woźniak, Mazur, Krawczyk, Zając, Król, Dudek, Wieczorek",
    ),
    "zh": _names(
        "Wei, Li, Jing, Hao, Mei, Jun, Xin, Yan, Lei, Ying",
        "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou",
    ),
    "ja": _names(
        "Haruto, Yui, Sota, Aoi, Ren, Hina, Kenji, Yuki, Takashi, Sakura",
        "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato",
    ),
}

# How likely each naming culture is for someone living in a country.
CULTURES_BY_COUNTRY: dict[str, dict[str, int]] = {
    "US": {"en": 70, "es": 10, "in": 6, "zh": 5, "it": 4, "ja": 3, "pl": 2},
    "GB": {"en": 75, "in": 8, "pl": 5, "it": 4, "zh": 4, "fr": 4},
    "DE": {"de": 75, "pl": 8, "it": 6, "en": 5, "fr": 3, "es": 3},
    "FR": {"fr": 78, "es": 6, "it": 6, "en": 5, "de": 5},
    "NL": {"nl": 75, "de": 8, "en": 7, "pl": 5, "fr": 5},
    "CA": {"en": 60, "fr": 25, "zh": 8, "in": 7},
}

# (name, industry, city): the demo accounts.
ACCOUNTS: list[tuple[str, str, str]] = [
    ("Harbor Point Logistics Inc.", "Logistics", "New York"),
    ("Bluewater Analytics LLC", "Software", "Boston"),
    ("Kestrel Aerospace Corp.", "Aerospace", "Seattle"),
    ("Brightline Health Partners", "Healthcare", "Chicago"),
    ("Meridian Fresh Foods Inc.", "Food & beverage", "Chicago"),
    ("Summit Ridge Construction", "Construction", "Denver"),
    ("Lone Star Solar LLC", "Energy", "Austin"),
    ("Golden Gate Robotics Inc.", "Manufacturing", "San Francisco"),
    ("Peachtree Financial Group", "Financial services", "Atlanta"),
    ("Cascade Outdoor Supply Co.", "Retail", "Seattle"),
    ("Hudson Media Works", "Media", "New York"),
    ("Redwood Biotech Inc.", "Pharmaceuticals", "San Francisco"),
    ("Liberty Bay Insurance", "Insurance", "Boston"),
    ("Prairie Wind Telecom", "Telecommunications", "Denver"),
    ("Thames Valley Software Ltd", "Software", "London"),
    ("Albion Retail Group plc", "Retail", "London"),
    ("Ironbridge Engineering Ltd", "Engineering", "Manchester"),
    ("Clifton Data Systems Ltd", "IT services", "Bristol"),
    ("Pennine Textiles Ltd", "Manufacturing", "Leeds"),
    ("Holyrood Capital Partners LLP", "Financial services", "Edinburgh"),
    ("Severn Estuary Energy Ltd", "Energy", "Bristol"),
    ("Kensington Hotels Ltd", "Hospitality", "London"),
    ("Northern Quarter Studios Ltd", "Media", "Manchester"),
    ("Highland Spring Distillers Ltd", "Food & beverage", "Edinburgh"),
    ("Brunel Transport Consulting Ltd", "Consulting", "London"),
    ("Nordlicht Energie GmbH", "Energy", "Hamburg"),
    ("Elbe Logistik AG", "Logistics", "Hamburg"),
    ("Isar Medizintechnik GmbH", "Medical devices", "München"),
    ("Spree Digital GmbH", "Software", "Berlin"),
    ("Main Finanzberatung AG", "Financial services", "Frankfurt am Main"),
    ("Domstadt Verlag GmbH", "Publishing", "Köln"),
    ("Alpenblick Maschinenbau GmbH", "Manufacturing", "München"),
    ("Brandenburger Bau GmbH", "Construction", "Berlin"),
    ("Rheinland Chemie AG", "Chemicals", "Köln"),
    ("Atelier Lumière SAS", "Design", "Paris"),
    ("Groupe Hexagone Conseil", "Consulting", "Paris"),
    ("Vignobles Duval SA", "Food & beverage", "Bordeaux"),
    ("Soieries de Lyon SARL", "Manufacturing", "Lyon"),
    ("Loire Agro Industrie SA", "Agriculture", "Nantes"),
    ("Flandres Logistique SAS", "Logistics", "Lille"),
    ("Santé Horizon SAS", "Healthcare", "Lyon"),
    ("Polderkracht B.V.", "Energy", "Rotterdam"),
    ("Grachtenhuis Media B.V.", "Media", "Amsterdam"),
    ("Tulpenveld Agritech B.V.", "Agriculture", "Utrecht"),
    ("Havenpoort Shipping B.V.", "Logistics", "Rotterdam"),
    ("Domtoren Software B.V.", "Software", "Utrecht"),
    ("Maple Ridge Outfitters Inc.", "Retail", "Toronto"),
    ("Laurentian Mining Corp.", "Mining", "Montréal"),
    ("Pacific Spruce Timber Ltd.", "Forestry", "Vancouver"),
    ("Chinook Energy Services Ltd.", "Energy", "Calgary"),
]

# (name, industry, city): organizations that buy from us (B2B customers).
B2B_CUSTOMERS: list[tuple[str, str, str]] = [
    ("Oakwood Primary School", "Education", "Leeds"),
    ("Fairview Dental Clinic", "Healthcare", "Atlanta"),
    ("Café Central Utrecht B.V.", "Hospitality", "Utrecht"),
    ("Bäckerei Sonnenschein GmbH", "Food & beverage", "Köln"),
    ("Boulangerie Martin SARL", "Food & beverage", "Nantes"),
    ("Northshore Yacht Club", "Leisure", "Vancouver"),
]

# Legal-form suffixes left out of a company's web domain.
LEGAL_SUFFIXES = {
    "inc",
    "llc",
    "corp",
    "co",
    "ltd",
    "llp",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
}

# Each account's people get these titles in a shuffled order, so no title repeats there.
JOB_TITLES = [
    "Managing Director",
    "Chief Financial Officer",
    "Chief Technology Officer",
    "Head of Procurement",
    "Purchasing Manager",
    "IT Director",
    "Operations Manager",
    "VP of Sales",
    "Marketing Manager",
    "Finance Director",
    "Office Manager",
    "Logistics Coordinator",
    "Product Manager",
    "Project Manager",
    "Facilities Manager",
    "HR Director",
    "Supply Chain Manager",
    "Business Analyst",
    "Executive Assistant",
    "Customer Success Manager",
    "General Counsel",
    "Data Protection Officer",
    "Engineering Manager",
    "Head of Customer Service",
]

# Titles held at a previous employer (ended employments).
PREVIOUS_TITLES = [
    "Sales Manager",
    "Account Executive",
    "Junior Buyer",
    "Analyst",
    "Project Coordinator",
    "Team Lead",
    "Consultant",
]

PERSONAL_EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]

ACCOUNT_DESCRIPTIONS = [
    "Long-standing account; renewal talks start each autumn.",
    "Expanding into new regions this year.",
    "Met at the spring trade show; interested in a pilot.",
    "Prefers quarterly business reviews on site.",
    "Procurement runs formal tenders above 50k.",
    "",
    "",
    "",
]

# Prospects met at shows, on the web site or by referral: the companies of demo leads.
LEAD_COMPANIES = [
    ("Northwind Robotics Inc.", "Boston"),
    ("Clearpath Dental Group", "Chicago"),
    ("Summit Ridge Brewing Co.", "Denver"),
    ("Lumen Grid Energy LLC", "Austin"),
    ("Pinecrest Health Partners", "Seattle"),
    ("Tidewater Freight Ltd", "Bristol"),
    ("Heather & Finch Interiors Ltd", "Edinburgh"),
    ("Quayside Legal LLP", "Manchester"),
    ("Sternwarte Optik GmbH", "München"),
    ("Elbufer Reederei GmbH", "Hamburg"),
    ("Rheinblick Versicherungsmakler GmbH", "Köln"),
    ("Atelier Lumière SAS", "Lyon"),
    ("Maison Bréhat SARL", "Nantes"),
    ("Grachtenhuis Vastgoed B.V.", "Amsterdam"),
    ("Maasvlakte Techniek B.V.", "Rotterdam"),
    ("Lakeshore Credit Union", "Toronto"),
    ("Coastal Cedar Builders Ltd.", "Vancouver"),
    ("Érable Numérique inc.", "Montréal"),
    ("Prairie Sky Agritech Corp.", "Calgary"),
    ("Bayview Learning Labs", "San Francisco"),
]

# Events: what sales reps log and plan, and what customer service follows up on. Subjects
# take the person's first name or the company's name where they say {name}.
CALL_SUBJECTS = [
    "Intro call with {name}",
    "Discovery call: current tools and pain points",
    "Follow-up on the proposal",
    "Pricing questions from {name}",
    "Check-in after the demo",
    "Budget and timeline call",
    "Reference call arranged for {name}",
    "Renewal conversation",
    "Clarified the rollout plan",
    "Returned {name}'s voicemail",
]
CALL_NOTES = [
    "Interested; wants a written offer by the end of the month.",
    "Decision expected next quarter; procurement will be involved.",
    "Asked for two customer references in the same industry.",
    "Happy with the pilot so far; a few questions about SSO.",
    "Left a voicemail, then reached them on the second try.",
    "Budget approved in principle, waiting for the CFO's sign-off.",
    "",
    "",
]
LEAD_CALL_SUBJECTS = [
    "Qualification call with {name}",
    "First contact after the web enquiry",
    "Called back about the trade show visit",
    "Needs and budget check",
]
MEETING_SUBJECTS = [
    "Product demo for {name}",
    "Quarterly business review",
    "On-site workshop: requirements",
    "Contract negotiation",
    "Kick-off meeting with {name}",
    "Lunch with {name}",
    "Technical deep-dive with IT",
]
TEAM_MEETING_SUBJECTS = [
    "Pipeline review",
    "One-to-one",
    "Deal strategy session",
    "Forecast call",
]
MEETING_LOCATIONS = [
    "Their office",
    "Video call",
    "Our office, room 2",
    "Video call",
    "Café near their office",
    "",
]
TASK_SUBJECTS = [
    "Send the proposal to {name}",
    "Prepare the demo environment",
    "Update the opportunity after the call",
    "Send the meeting notes to {name}",
    "Draft the contract",
    "Ask {name} for the purchase order",
    "Book travel for the on-site workshop",
    "Send case studies to {name}",
]
CUSTOMER_CALL_SUBJECTS = [
    "Delivery question from {name}",
    "Invoice query",
    "Return and refund request",
    "Change of shipping address",
    "Complaint about a late order",
    "Thank-you call after the complaint was solved",
]
CUSTOMER_TASK_SUBJECTS = [
    "Call {name} back about the refund",
    "Check the replacement shipment for {name}",
    "Send the corrected invoice",
    "Follow up on the late delivery",
]
