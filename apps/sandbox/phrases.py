"""Word banks the generator draws call-centre dialogues, goals and summaries from.

Dialogues come in English, Lithuanian and German (other languages fall back to English); goals,
explanations and summaries are English. Lines are grouped by the phase of a call, so a transcript
reads as opening → problem → investigation → resolution → closing.
"""

# Per language: topics (customer-facing phrase, summary phrase), and lines per phase and role.
# Placeholders: {agent} {customer} {company} {topic} {ref} {amount} {day}.
DIALOGUE = {
    "en": {
        "company": ["Northwind Telecom", "Brightline Energy", "Acme Insurance", "Parcelio"],
        "topics": [
            ("a delayed delivery", "a delayed delivery"),
            ("a double charge on my card", "a double card charge"),
            ("changing my tariff plan", "a tariff plan change"),
            ("a claim for water damage", "a water-damage claim"),
            ("logging in to my account", "account access problems"),
            ("cancelling my contract", "a contract cancellation"),
        ],
        "opening": {
            "agent": [
                "Thank you for calling {company}, my name is {agent}. How can I help you today?",
                "Good morning, you're through to {company} customer care, {agent} speaking.",
                "Hello and welcome to {company}. Before we start, may I have your account number?",
                "Thanks for holding. Could you confirm your full name and date of birth, please?",
            ],
            "customer": [
                "Hi, yes, I'm calling about {topic}.",
                "Hello, my name is {customer}. I have a question about {topic}.",
                "Sure, the account number is {ref}.",
                "Hi. I've been trying to get through for a while, it's about {topic}.",
            ],
        },
        "problem": {
            "agent": [
                "I'm sorry to hear that. Can you tell me when this started?",
                "I understand, that must be frustrating. Let me pull up your account.",
                "Could you describe exactly what happened, step by step?",
                "Do you have the invoice number or the order reference to hand?",
            ],
            "customer": [
                "It started on {day}, and nobody has contacted me since.",
                "I was told I'd get a refund, but nothing has arrived.",
                "Honestly, this is the third time I'm calling and I'm losing patience.",
                "The invoice says {amount}, which is not what I agreed to.",
                "I'd like to make a complaint about how this was handled.",
                "The delivery was supposed to arrive last week.",
            ],
        },
        "investigation": {
            "agent": [
                "Bear with me a moment while I check the order history.",
                "I can see the payment of {amount} went through on {day}.",
                "It looks like the request was logged but never escalated.",
                "Let me check with the billing team, one moment please.",
                "I'm just reading the notes from your previous call.",
                "The system shows reference {ref}; is that the one you mean?",
                "I need to verify a couple of details for security reasons.",
            ],
            "customer": [
                "Yes, that's the one.",
                "Okay, I'll wait.",
                "No, I never received a confirmation email.",
                "Can you tell me why it takes so long?",
                "I changed my password last month, could that be related?",
                "Right. And what happens with the invoice now?",
                "I just want this sorted today, please.",
            ],
        },
        "resolution": {
            "agent": [
                "I've issued a refund of {amount}; it should reach your account within five days.",
                "I can offer you a discount on next month's bill for the inconvenience.",
                "I've escalated this to my manager and marked it as urgent.",
                "The new plan will take effect from {day}, with no extra fee.",
                "I've reset the access, you should receive a link by email in a minute.",
                "Your claim is registered under reference {ref}; an adjuster will call you.",
            ],
            "customer": [
                "That sounds fair, thank you.",
                "Okay, a discount would help, thanks.",
                "So I don't need to do anything else?",
                "Will I get a confirmation by email?",
                "Fine, but I'd like the manager to call me back.",
            ],
        },
        "closing": {
            "agent": [
                "Is there anything else I can help you with today?",
                "Thank you for your patience, {customer}. Have a lovely day.",
                "You'll get a short survey by text; we'd appreciate your feedback.",
            ],
            "customer": [
                "No, that's everything. Thank you for your help.",
                "Thank you, goodbye.",
                "That's all, thanks again.",
            ],
        },
        "supervisor": [
            "Hi, this is {name}, the team lead. I've approved the exception on the account.",
            "{name} here from the supervisor desk; I can confirm the refund is authorised.",
            "Just to add, {name} from quality: this call is being reviewed for training.",
        ],
        "other": [
            "Sorry, I'm calling on behalf of my mother, she's the account holder.",
            "I'm translating for her; she says the letter never arrived.",
            "Can I add something? The engineer never showed up either.",
        ],
        "keywords": [
            ("refund", "positive"),
            ("discount", "positive"),
            ("thank you", "positive"),
            ("invoice", "neutral"),
            ("delivery", "neutral"),
            ("password", "neutral"),
            ("manager", "neutral"),
            ("complaint", "negative"),
            ("losing patience", "negative"),
            ("cancel", "negative"),
        ],
    },
    "lt": {
        "company": ["Baltijos Ryšys", "Vilniaus Energija", "Draudimas LT"],
        "topics": [
            ("vėluojantį pristatymą", "a delayed delivery"),
            ("dvigubą mokėjimą kortele", "a double card charge"),
            ("planų keitimą", "a tariff plan change"),
            ("sutarties nutraukimą", "a contract cancellation"),
        ],
        "opening": {
            "agent": [
                "Laba diena, {company}, kalba {agent}. Kuo galiu padėti?",
                "Ačiū, kad paskambinote. Gal galite pasakyti savo kliento numerį?",
                "Sveiki, prašau patvirtinti savo vardą ir pavardę.",
            ],
            "customer": [
                "Laba diena, skambinu dėl skundo apie {topic}.",
                "Sveiki, mano vardas {customer}. Turiu klausimą apie {topic}.",
                "Kliento numeris yra {ref}.",
            ],
        },
        "problem": {
            "agent": [
                "Labai apgailestauju. Kada tai prasidėjo?",
                "Suprantu, peržiūrėsiu jūsų paskyrą.",
                "Ar turite sąskaitos numerį?",
            ],
            "customer": [
                "Sąskaita rodo {amount}, o tarėmės kitaip.",
                "Man žadėjo grąžinimą, bet pinigų vis dar nėra.",
                "Skambinu jau trečią kartą.",
                "Pristatymas turėjo būti praėjusią savaitę.",
            ],
        },
        "investigation": {
            "agent": [
                "Prašau palaukti, tikrinu užsakymo istoriją.",
                "Matau, kad mokėjimas {amount} buvo atliktas {day}.",
                "Pasitarsiu su vadybininku, vieną minutę.",
                "Sistemoje matau numerį {ref}.",
            ],
            "customer": [
                "Taip, būtent tas.",
                "Gerai, palauksiu.",
                "Ne, patvirtinimo laiško negavau.",
                "Noriu, kad tai būtų išspręsta šiandien.",
            ],
        },
        "resolution": {
            "agent": [
                "Atlikau grąžinimą, pinigai grįš per penkias dienas.",
                "Galiu pasiūlyti nuolaidą kitam mėnesiui.",
                "Perdaviau klausimą vadybininkui kaip skubų.",
            ],
            "customer": [
                "Ačiū, tai man tinka.",
                "Ar gausiu patvirtinimą el. paštu?",
                "Gerai, nuolaida praverstų.",
            ],
        },
        "closing": {
            "agent": [
                "Ar galiu dar kuo nors padėti?",
                "Ačiū už kantrybę, {customer}. Geros dienos!",
            ],
            "customer": ["Ne, tai viskas. Ačiū, viso gero.", "Ačiū, iki."],
        },
        "supervisor": ["Laba diena, čia {name}, komandos vadovė. Patvirtinu išimtį."],
        "other": ["Atsiprašau, skambinu mamos vardu, ji yra sąskaitos savininkė."],
        "keywords": [
            ("grąžinimą", "positive"),
            ("nuolaidą", "positive"),
            ("ačiū", "positive"),
            ("sąskaita", "neutral"),
            ("vadybininku", "neutral"),
            ("skundo", "negative"),
        ],
    },
    "de": {
        "company": ["Rheinversicherung", "Stadtwerke Nord", "Paketblitz"],
        "topics": [
            ("einen Wasserschaden", "a water-damage claim"),
            ("eine doppelte Abbuchung", "a double card charge"),
            ("eine verspätete Lieferung", "a delayed delivery"),
            ("die Kündigung meines Vertrags", "a contract cancellation"),
        ],
        "opening": {
            "agent": [
                "Guten Tag, {company}, Sie sprechen mit {agent}. Wie kann ich helfen?",
                "Vielen Dank für Ihren Anruf. Darf ich Ihre Kundennummer haben?",
                "Bitte nennen Sie mir zur Sicherheit Ihr Geburtsdatum.",
            ],
            "customer": [
                "Guten Tag, ich rufe an, es geht um {topic}.",
                "Hallo, mein Name ist {customer}. Es geht um {topic}.",
                "Die Kundennummer ist {ref}.",
            ],
        },
        "problem": {
            "agent": [
                "Das tut mir leid. Seit wann besteht das Problem?",
                "Ich verstehe, ich schaue mir Ihr Konto an.",
                "Haben Sie die Rechnungsnummer zur Hand?",
            ],
            "customer": [
                "Die Rechnung zeigt {amount}, das war so nicht vereinbart.",
                "Mir wurde eine Rückerstattung versprochen, aber es kam nichts.",
                "Ich möchte mich ausdrücklich beschweren.",
                "Der Schaden ist am {day} entstanden.",
            ],
        },
        "investigation": {
            "agent": [
                "Einen Moment bitte, ich prüfe den Vorgang.",
                "Ich sehe die Zahlung über {amount} vom {day}.",
                "Ich spreche kurz mit meinem Vorgesetzten.",
                "Im System finde ich die Nummer {ref}.",
            ],
            "customer": [
                "Ja, genau die.",
                "Gut, ich warte.",
                "Nein, eine Bestätigung habe ich nie bekommen.",
                "Ich möchte das heute klären.",
            ],
        },
        "resolution": {
            "agent": [
                "Ich habe die Rückerstattung veranlasst, das dauert etwa fünf Tage.",
                "Ich kann Ihnen einen Rabatt auf die nächste Rechnung anbieten.",
                "Ein Gutachter meldet sich wegen der Schadensmeldung bei Ihnen.",
            ],
            "customer": [
                "Danke, damit bin ich einverstanden.",
                "Bekomme ich das auch schriftlich?",
                "Gut, der Rabatt hilft.",
            ],
        },
        "closing": {
            "agent": [
                "Kann ich sonst noch etwas für Sie tun?",
                "Vielen Dank für Ihre Geduld, {customer}. Einen schönen Tag noch!",
            ],
            "customer": ["Nein, das war alles. Danke, auf Wiederhören.", "Danke, tschüss."],
        },
        "supervisor": ["Hier ist {name}, Teamleitung. Ich bestätige die Kulanzregelung."],
        "other": ["Entschuldigung, ich rufe für meinen Vater an, er ist Versicherungsnehmer."],
        "keywords": [
            ("Rückerstattung", "positive"),
            ("Rabatt", "positive"),
            ("danke", "positive"),
            ("Rechnung", "neutral"),
            ("Vorgesetzten", "neutral"),
            ("beschweren", "negative"),
        ],
    },
}

PHASES = (
    ("opening", 0.08),
    ("problem", 0.30),
    ("investigation", 0.75),
    ("resolution", 0.92),
    ("closing", 1.0),
)

AGENT_NAMES = [
    "Aldona Petrauskaitė",
    "Jürgen Groß",
    "Zoë O'Brien",
    "Marcus Reed",
    "Priya Nair",
    "Tomás Álvarez",
]
SUPERVISOR_NAMES = ["Rūta Vaitkutė", "Helen Park", "Stefan Becker"]
CUSTOMER_NAMES = {
    "en": ["John Smith", "Emily Carter", "David Okafor", "Sarah Lindqvist", "Mei Chen"],
    "lt": ["Tomas Kazlauskas", "Eglė Jankauskienė", "Mindaugas Žukauskas"],
    "de": ["Anna Schneider", "Lukas Müller", "Sabine Wöhler"],
}
DAYS = ["March 3", "the 14th", "last Monday", "April 22", "the 1st"]
DAYS_LOCAL = {"lt": ["kovo 3 d.", "pirmadienį", "balandžio 22 d."], "de": ["3. März", "Montag"]}

EMOTIONS = ("happy", "neutral", "calm", "sad", "angry", "fearful", "surprised", "disgust")
# Typical emotion weights per role and phase; the generator jitters them per dialogue.
EMOTION_BASE = {
    "agent": (0.12, 0.45, 0.35, 0.02, 0.01, 0.01, 0.03, 0.01),
    "customer": {
        "opening": (0.05, 0.55, 0.15, 0.08, 0.06, 0.05, 0.05, 0.01),
        "problem": (0.02, 0.25, 0.05, 0.20, 0.28, 0.10, 0.05, 0.05),
        "investigation": (0.03, 0.40, 0.10, 0.15, 0.17, 0.08, 0.05, 0.02),
        "resolution": (0.25, 0.35, 0.25, 0.05, 0.03, 0.02, 0.04, 0.01),
        "closing": (0.40, 0.30, 0.25, 0.02, 0.01, 0.00, 0.02, 0.00),
    },
}

# Goal name, then what the analyser says when it is met, half met and missed ({agent} = agent).
GOALS = [
    (
        "Greeting and identification",
        "{agent} greeted the caller, gave their name and verified identity at {ts}",
        "{agent} greeted the caller but verified identity only at {ts}",
        "{agent} never confirmed the caller's identity before discussing the account",
    ),
    (
        "Customer need identified",
        "{agent} restated the caller's issue accurately at {ts}",
        "{agent} identified the issue only after the caller repeated it at {ts}",
        "the caller had to explain the issue several times and it was never summarised",
    ),
    (
        "Solution offered",
        "a concrete resolution with a timeline was offered at {ts}",
        "a resolution was offered at {ts} but without a clear timeline",
        "no resolution or next step was offered during the call",
    ),
    (
        "Compliance disclosure read",
        "the recording and data-protection disclosure was read in full at {ts}",
        "the disclosure was read at {ts} but shortened",
        "the mandatory disclosure was not read",
    ),
    (
        "Empathy shown",
        "{agent} acknowledged the caller's frustration explicitly at {ts}",
        "{agent} apologised once at {ts} but did not acknowledge the frustration",
        "{agent} did not acknowledge the caller's frustration",
    ),
    (
        "Next steps confirmed",
        "{agent} summarised the next steps and the reference number at {ts}",
        "next steps were mentioned at {ts} but not confirmed with the caller",
        "the call ended without agreed next steps",
    ),
    (
        "Upsell attempted",
        "{agent} offered a relevant plan upgrade at {ts} and explained the benefit",
        "an upgrade was mentioned briefly at {ts}",
        "no upsell opportunity was taken",
    ),
    (
        "Polite closing",
        "{agent} asked whether anything else was needed and closed politely at {ts}",
        "the closing at {ts} was polite but rushed",
        "the call ended abruptly without a closing",
    ),
]
BAND_LEADS = {
    "strong": "Strongly achieved: ",
    "achieved": "Achieved: ",
    "partial": "Partially achieved: ",
    "weak": "Weakly achieved: ",
    "not": "Not achieved: ",
}
