"""Controlled vocabularies of the annotated-text format."""

FORMAT_LINE = "AAT/1"

# The kinds of entity and the prefixes of their keys are in archive.kinds.

ROLES = ("author", "signatory", "recipient", "translator", "subject", "mentioned")

DOCUMENT_TYPES = {
    "decision": "Decision",
    "memorandum": "Memorandum",
    "report": "Report",
    "news-article": "News article",
    "letter": "Letter",
    "telegram": "Telegram",
    "resolution": "Resolution",
    "minutes": "Minutes",
    "speech": "Speech",
    "instructions": "Instructions",
    "other": "Other",
}

STATUSES = ("draft", "published", "withdrawn")

TEXT_TYPES = ("translation", "original", "transcript")

PROVENANCE_ACTIVITIES = {
    "created": "Created",
    "held": "Original held by",
    "obtained": "Obtained by",
    "transcribed": "Transcribed by",
    "translated": "Translated by",
    "published": "Published by",
    "retrieved": "Retrieved from",
}

PROVENANCE_KEYS = ("agent", "date", "citation", "place", "url", "note")

ENTITY_KEYS = ("variants", "role", "desc", "sort", "dates", "wikidata", "viaf", "place", "orgs")

FW_TYPES = ("classification", "copy", "archive", "number")

SUPPLIED_KEYS = ("note",)

ADD_PLACES = ("margin", "above", "below", "inline")

RIGHTS_STATEMENTS = {
    "http://rightsstatements.org/vocab/InC/1.0/": ("InC", "In Copyright"),
    "http://rightsstatements.org/vocab/InC-EDU/1.0/": (
        "InC-EDU",
        "In Copyright – Educational Use Permitted",
    ),
    "http://rightsstatements.org/vocab/InC-NC/1.0/": (
        "InC-NC",
        "In Copyright – Non-Commercial Use Permitted",
    ),
    "http://rightsstatements.org/vocab/InC-RUU/1.0/": (
        "InC-RUU",
        "In Copyright – Rights-holder(s) Unlocatable or Unidentifiable",
    ),
    "http://rightsstatements.org/vocab/NoC-US/1.0/": ("NoC-US", "No Copyright – United States"),
    "http://rightsstatements.org/vocab/NoC-NC/1.0/": (
        "NoC-NC",
        "No Copyright – Non-Commercial Use Only",
    ),
    "http://rightsstatements.org/vocab/NoC-OKLR/1.0/": (
        "NoC-OKLR",
        "No Copyright – Other Known Legal Restrictions",
    ),
    "http://rightsstatements.org/vocab/NKC/1.0/": ("NKC", "No Known Copyright"),
    "http://rightsstatements.org/vocab/UND/1.0/": ("UND", "Copyright Undetermined"),
    "http://rightsstatements.org/vocab/CNE/1.0/": ("CNE", "Copyright Not Evaluated"),
    "https://creativecommons.org/publicdomain/zero/1.0/": ("CC0-1.0", "CC0 1.0 Universal"),
    "https://creativecommons.org/publicdomain/mark/1.0/": ("PDM-1.0", "Public Domain Mark 1.0"),
    "https://creativecommons.org/licenses/by/4.0/": ("CC-BY-4.0", "CC BY 4.0"),
    "https://creativecommons.org/licenses/by-sa/4.0/": ("CC-BY-SA-4.0", "CC BY-SA 4.0"),
    "https://creativecommons.org/licenses/by-nc/4.0/": ("CC-BY-NC-4.0", "CC BY-NC 4.0"),
    "https://creativecommons.org/licenses/by-nc-sa/4.0/": ("CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"),
    "https://creativecommons.org/licenses/by-nd/4.0/": ("CC-BY-ND-4.0", "CC BY-ND 4.0"),
    "https://creativecommons.org/licenses/by-nc-nd/4.0/": ("CC-BY-NC-ND-4.0", "CC BY-NC-ND 4.0"),
}
