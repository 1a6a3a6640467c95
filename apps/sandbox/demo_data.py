"""What the demo account holds: projects, operators, numbers, callers and the numbers for sale.

Plain data read by `seed.py`; the fixed RNG seed there fills in the rest (recordings, calls, the
digits of the numbers for sale).
"""

PROJECTS = [
    {
        "name": "Customer Support EN",
        "language": "en",
        "industry": "ecommerce",
        "description": "Inbound support for the web shop: orders, deliveries, refunds.",
        "transcription_hints": "IdentityCall, KYC, SCA, Parcelio",
        "retention_days": 365,
        "quality_baseline_enabled": True,
        "quality_baseline_pct": 75.0,
        "long_pause_threshold_seconds": 5,
        "recordings": 40,
    },
    {
        "name": "Sales LT",
        "language": "lt",
        "industry": "telecommunications",
        "description": "Outbound and inbound sales for Lithuanian mobile plans.",
        "transcription_hints": "Baltijos Ryšys, planas, nuolaida",
        "retention_days": 730,
        "quality_baseline_enabled": False,
        "quality_baseline_pct": None,
        "long_pause_threshold_seconds": 4,
        "recordings": 22,
    },
    {
        "name": "Claims DE",
        "language": "de",
        "industry": "insurance",
        "description": "First notice of loss and claim follow-ups (Germany).",
        "transcription_hints": "Schadensmeldung, Gutachter, Selbstbeteiligung",
        "retention_days": None,
        "quality_baseline_enabled": True,
        "quality_baseline_pct": 80.0,
        "long_pause_threshold_seconds": 6,
        "recordings": 20,
    },
    {
        "name": "Onboarding",
        "language": "en",
        "industry": "fintech",
        "description": None,
        "transcription_hints": None,
        "retention_days": 180,
        "quality_baseline_enabled": False,
        "quality_baseline_pct": None,
        "long_pause_threshold_seconds": 5,
        "recordings": 17,
    },
    {
        "name": "Archive 2025",
        "language": "en",
        "industry": None,
        "description": "Closed campaign, kept for reference.",
        "transcription_hints": None,
        "retention_days": 90,
        "quality_baseline_enabled": False,
        "quality_baseline_pct": None,
        "long_pause_threshold_seconds": None,
        "recordings": 0,
    },
]
RECORDING_NAMES = {
    "Customer Support EN": [
        "Inbound support – order #{n}",
        "Billing dispute – {surname}",
        "Delivery follow-up #{n}",
        "Refund request #{n}",
        "Password reset – {surname}",
        "Escalation – {surname}",
    ],
    "Sales LT": [
        "Pardavimų skambutis – {surname}",
        "Planų keitimas #{n}",
        "Sąskaitos klausimas #{n}",
    ],
    "Claims DE": ["Schadensmeldung {n}", "Rückruf – {surname}", "Kündigung – Vertrag {n}"],
    "Onboarding": [
        "Welcome call – {surname}",
        "KYC verification #{n}",
        "Account setup – {surname}",
    ],
}
SURNAMES = ["Smith", "Okafor", "Lindqvist", "Chen", "Kazlauskas", "Žukauskas", "Müller", "Wöhler"]
OPERATORS = [
    ("Aldona Petrauskaitė", "+37061234567", "aldona.petrauskaite@example.lt", True, [1, 0]),
    ("Jürgen Groß", "+4915112345678", "juergen.gross@example.de", True, [2]),
    ("Zoë O'Brien", "+447911123456", "zoe.obrien@example.co.uk", True, [0]),
    ("Marcus Reed", "+14155550132", "marcus.reed@example.com", True, [0, 3]),
    ("Priya Nair", "+12125550187", "priya.nair@example.com", True, [3]),
    ("Tomás Álvarez", "+15125550143", None, False, [0]),
    ("Rūta Vaitkutė", "+37061234568", "ruta.vaitkute@example.lt", True, [1]),
    ("Greta Hall", "+16465550199", "greta.hall@example.com", True, []),  # unlinked
]
# phone, name, country, type, project index (None = account-wide), operator indexes, options
NUMBERS = [
    ("+14155550100", "US Support Line", "US", "local", 0, [3, 2, 5, 0], {}),
    (
        "+18005550123",
        "US Toll-free Support",
        "US",
        "toll-free",
        0,
        [2],
        {"routing_strategy": "round_robin", "ai_receptionist_enabled": True},
    ),
    (
        "+37052123456",
        "Vilnius Sales",
        "LT",
        "local",
        1,
        [0, 6],
        {"routing_strategy": "simultaneous"},
    ),
    ("+49301234567", "Berlin Claims Hotline", "DE", "local", 2, [1], {}),
    ("+447911123400", "London Onboarding", "GB", "mobile", 3, [4, 3], {"recording": False}),
    ("+13105550111", None, "US", "mobile", None, [], {"active": False}),
]
CALLER_NAMES = [
    "John Smith",
    "Emily Carter",
    "Mei Chen",
    "Tomas Kazlauskas",
    "Anna Schneider",
    "Unknown",
]
CALL_SUMMARIES = [
    "Caller asked about a delayed parcel; a new delivery date was confirmed.",
    "Customer reported a double charge; refund initiated.",
    "Caller wanted to change plan; upgrade scheduled for next month.",
    "New claim registered for water damage; adjuster visit booked.",
    "Account locked after password reset; access restored.",
    "Caller asked for opening hours and was transferred to sales.",
]
CALLER_TEMPLATES = {
    "US": ["+1212555####", "+1415555####", "+1646555####"],
    "GB": ["+447911######"],
    "LT": ["+3706#######"],
    "DE": ["+49151########"],
}

# Per country and type: number templates (# = random digit), costs, features, regions.
INVENTORY = {
    ("US", "mobile"): (
        ["+1415555####", "+1212555####", "+1512555####", "+1206555####"],
        ("1.15", "1.15"),
        ["sms", "voice", "mms"],
    ),
    ("US", "local"): (
        ["+1312555####", "+1305555####", "+1646555####", "+1213555####"],
        ("1.00", "1.15"),
        ["sms", "voice", "mms"],
    ),
    ("US", "toll-free"): (
        ["+1833555####", "+1844555####", "+1877555####"],
        ("2.00", "2.15"),
        ["sms", "voice"],
    ),
    ("US", "national"): (["+1500555####"], ("1.00", "1.50"), ["voice"]),
    ("GB", "mobile"): (["+447911######", "+447400######"], ("1.00", "1.00"), ["sms", "voice"]),
    ("GB", "local"): (
        ["+4420794#####", "+44161496####", "+44121496####"],
        ("1.00", "1.00"),
        ["voice"],
    ),
    ("GB", "toll-free"): (["+44808157####"], ("1.00", "2.00"), ["voice"]),
    ("GB", "national"): (["+44300#######", "+44333#######"], ("1.00", "1.50"), ["voice"]),
    ("LT", "mobile"): (["+3706#######"], ("2.00", "3.00"), ["sms", "voice"]),
    ("LT", "local"): (
        ["+37052######", "+37037######", "+37046######"],
        ("2.00", "2.50"),
        ["voice"],
    ),
    ("LT", "toll-free"): (["+370800#####"], ("5.00", "10.00"), ["voice"]),
    ("LT", "national"): (["+370700#####"], ("3.00", "4.00"), ["voice"]),
    ("DE", "mobile"): (["+49151########", "+49160########"], ("1.00", "2.50"), ["sms", "voice"]),
    ("DE", "local"): (
        ["+4930########", "+4989########", "+4940########"],
        ("1.00", "1.00"),
        ["voice"],
    ),
    ("DE", "toll-free"): (["+49800#######"], ("10.00", "20.00"), ["voice"]),
    ("DE", "national"): (["+4932#########"], ("1.00", "2.00"), ["voice"]),
}
REGIONS = {
    "+1415": ("state", "CA", "SAN FRANCISCO"),
    "+1213": ("state", "CA", "LOS ANGELES"),
    "+1212": ("state", "NY", "NEW YORK"),
    "+1646": ("state", "NY", "NEW YORK"),
    "+1512": ("state", "TX", "AUSTIN"),
    "+1206": ("state", "WA", "SEATTLE"),
    "+1312": ("state", "IL", "CHICAGO"),
    "+1305": ("state", "FL", "MIAMI"),
    "+4420": ("locality", "London", "LONDON"),
    "+44161": ("locality", "Manchester", "MANCHESTER"),
    "+44121": ("locality", "Birmingham", "BIRMINGHAM"),
    "+37052": ("locality", "Vilnius", "VILNIUS"),
    "+37037": ("locality", "Kaunas", "KAUNAS"),
    "+37046": ("locality", "Klaipėda", "KLAIPEDA"),
    "+4930": ("locality", "Berlin", "BERLIN"),
    "+4989": ("locality", "München", "MUENCHEN"),
    "+4940": ("locality", "Hamburg", "HAMBURG"),
}
PER_KIND = 8  # numbers on offer per country and type
REQUIREMENT_GROUPS = [
    (1, "DE", "Germany – local and national numbers (approved)"),
    (2, "LT", "Lithuania – business address (approved)"),
]

# A second, smaller account ("Globex"), seeded only on request (`seed_demo(other_account=True)`),
# so tests and demos can show that one account's keys never see another's rows. Its recording
# names use words the demo account never does ("turbine", "Springfield"), so a search can tell
# the two apart; its transcripts come from the same English phrases as the demo's.
OTHER_ACCOUNT_NAME = "Globex"
OTHER_PROJECTS = [
    {
        "name": "Plant Hotline",
        "language": "en",
        "industry": "energy",
        "description": "Calls from the Springfield plant's control room.",
        "transcription_hints": "Globex, turbine, Springfield",
        "retention_days": 365,
        "quality_baseline_enabled": True,
        "quality_baseline_pct": 70.0,
        "long_pause_threshold_seconds": 5,
        "recordings": 4,
    },
    {
        "name": "Field Dispatch",
        "language": "en",
        "industry": "energy",
        "description": "Engineers sent out to customers' sites.",
        "transcription_hints": None,
        "retention_days": None,
        "quality_baseline_enabled": False,
        "quality_baseline_pct": None,
        "long_pause_threshold_seconds": 5,
        "recordings": 3,
    },
]
RECORDING_NAMES.update(
    {
        "Plant Hotline": [
            "Turbine inspection – Springfield #{n}",
            "Cooling tower alarm – {surname}",
        ],
        "Field Dispatch": [
            "Springfield dispatch – {surname}",
            "Turbine parts order #{n}",
        ],
    }
)
OTHER_OPERATORS = [
    ("Nadia Kowalski", "+16175550160", "nadia.kowalski@example.com", True, [0]),
    ("Owen Mbeki", "+15035550171", "owen.mbeki@example.com", True, [1]),
    ("Lena Hart", "+16175550163", None, True, [0, 1]),
]
OTHER_NUMBERS = [
    ("+16175550142", "Springfield Plant Line", "US", "local", 0, [0, 2], {}),
    ("+15035550188", "Shelbyville Dispatch", "US", "local", 1, [1], {}),
]
