"""Closed value lists shared by the API, the pages and the files (DESIGN.md, "Conventions")."""

from __future__ import annotations

from enum import StrEnum


class Visibility(StrEnum):
    """Who may see a referral service."""

    PUBLIC = "public"
    PROFESSIONALS = "professionals"
    CONFIDENTIAL_ADDRESS = "confidential-address"


class Public(StrEnum):
    """Publics a service explicitly welcomes."""

    WOMEN = "women"
    MEN = "men"
    TRANS = "trans"
    MINORS = "minors"
    UNDOCUMENTED = "undocumented"
    DRUG_USERS = "drug-users"
    SEX_WORKERS = "sex-workers"


class Condition(StrEnum):
    """Conditions of access to a service."""

    FREE = "free"
    ANONYMOUS = "anonymous"
    NO_APPOINTMENT = "no-appointment"
    UNCONDITIONAL = "unconditional"


class Mode(StrEnum):
    """How a team or a person moves."""

    FOOT = "foot"
    BIKE = "bike"
    CAR = "car"


class Wheelchair(StrEnum):
    """Wheelchair access, as OpenStreetMap's `wheelchair` key."""

    YES = "yes"
    LIMITED = "limited"
    NO = "no"


PAGE_LANGUAGES: tuple[str, ...] = ("fr", "en", "es", "pt", "ro", "bg", "ru", "zh", "ar")

# ISO 639-1 two-letter language codes (the 183 codes of the standard).
_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky
la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny
oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss
st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo
za zh zu
"""
ISO_639_1: frozenset[str] = frozenset(_ISO_639_1_CODES.split())


class Role(StrEnum):
    """A user's role: workers and coordinators belong to an association; admins to none."""

    WORKER = "worker"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class ZoneKind(StrEnum):
    """Places of intervention (guidelines VII)."""

    STREET = "street"
    GREEN_SPACE = "green-space"
    STATION = "station"
    TEMPORARY_GATHERING = "temporary-gathering"
    COMMERCIAL_PREMISES = "commercial-premises"
    HOUSING_COMPLEX = "housing-complex"
    ONLINE = "online"


class Premises(StrEnum):
    """Kinds of commercial or private premises (guidelines VII.3)."""

    NIGHTCLUB = "nightclub"
    BAR = "bar"
    SAUNA = "sauna"
    MASSAGE_PARLOUR = "massage-parlour"
    OTHER = "other"


class OwnerAgreement(StrEnum):
    """Whether the owner or manager of premises agreed to the team's visits."""

    AGREED = "agreed"
    PENDING = "pending"
    REFUSED = "refused"
    NOT_ASKED = "not-asked"


class ZoneNeed(StrEnum):
    """What a team should know before going (information for the team, never about a person)."""

    TRANS_SPECIFIC = "trans-specific"
    DRUG_USE = "drug-use"
    TROD = "trod"
    INTERPRETING = "interpreting"


# Skills a team may have and a zone may require: these, or an ISO 639-1 language code.
SKILLS: frozenset[str] = frozenset({"trod", "nurse", "peer"})


def is_skill(value: str) -> bool:
    """Return True for a known skill or an ISO 639-1 language code."""
    return value in SKILLS or value in ISO_639_1


class AlertKind(StrEnum):
    """What a health alert is about (guidelines VI)."""

    EQUIPMENT_RECALL = "equipment-recall"
    INFECTION_CLUSTER = "infection-cluster"
    TOXIC_SUBSTANCE = "toxic-substance"
    SAFETY = "safety"


class Severity(StrEnum):
    """CAP 1.2 severity."""

    EXTREME = "Extreme"
    SEVERE = "Severe"
    MODERATE = "Moderate"
    MINOR = "Minor"
    UNKNOWN = "Unknown"


class Urgency(StrEnum):
    """CAP 1.2 urgency."""

    IMMEDIATE = "Immediate"
    EXPECTED = "Expected"
    FUTURE = "Future"
    PAST = "Past"
    UNKNOWN = "Unknown"


class Certainty(StrEnum):
    """CAP 1.2 certainty."""

    OBSERVED = "Observed"
    LIKELY = "Likely"
    POSSIBLE = "Possible"
    UNLIKELY = "Unlikely"
    UNKNOWN = "Unknown"


class FieldSituation(StrEnum):
    """What a team member reports from the field in a safety alert: a situation in an area,
    never a description of a person."""

    VIOLENT_CLIENT = "violent-client"
    AGGRESSION_IN_AREA = "aggression-in-area"
    ROBBERY = "robbery"
    POLICE_OPERATION = "police-operation"
    DANGEROUS_PRODUCT_CIRCULATING = "dangerous-product-circulating"
    HOSTILE_RESIDENTS = "hostile-residents"


class AlertAudience(StrEnum):
    """Who an alert is for."""

    PUBLIC = "public"
    ASSOCIATION = "association"


class Material(StrEnum):
    """Prevention material handed out on a round (guidelines IV.1–7), counted by piece."""

    MALE_CONDOMS = "male-condoms"
    INTERNAL_CONDOMS = "internal-condoms"
    LUBRICANT = "lubricant"
    HIV_SELF_TESTS = "hiv-self-tests"
    STI_SELF_SAMPLING_KITS = "sti-self-sampling-kits"
    PREGNANCY_TESTS = "pregnancy-tests"
    EMERGENCY_CONTRACEPTION = "emergency-contraception"
    DRUG_USE_EQUIPMENT = "drug-use-equipment"
    BROCHURES = "brochures"
    HYGIENE_KITS = "hygiene-kits"
    FOOD_AND_DRINK = "food-and-drink"


COMMUNE_PATTERN = r"^(\d{5}|2[AB]\d{3})$"
"""An INSEE commune code (Monaco and other foreign places: 99 and the country's code)."""


UNKNOWN_COMMUNE = "inconnue"
"""Where the counts of a zone without a commune go."""


def departement_of(commune: str) -> str:
    """The département of an INSEE commune code (97x and 98x overseas; 99 abroad)."""
    return commune[:3] if commune.startswith(("97", "98")) else commune[:2]


class VerifiedBy(StrEnum):
    """Who last confirmed a service's record, in kind (never a person)."""

    STRUCTURE = "structure"
    """The service itself, answering a verification campaign."""
    TEAM = "team"
    """A coordinator or an admin of the instance."""
    IMPORT = "import"
    """An imported source that listed it."""
    SUGGESTION = "suggestion"
    """A suggestion from anyone, accepted by a moderator."""


class SuggestionKind(StrEnum):
    """What a suggestion from anyone is about."""

    CLOSED = "closed"
    MOVED = "moved"
    HOURS = "hours"
    PHONE = "phone"
    NOT_WELCOMING = "not-welcoming"
    OTHER = "other"
    NEW_SERVICE = "new-service"
    CORRECTION = "correction"
    """A structure's own correction, made through a campaign link (never from the public)."""


class SuggestionStatus(StrEnum):
    """Where a suggestion stands."""

    PENDING = "pending"
    HELD = "held"
    """Held back as spam (the honeypot was filled): never shown unless asked for."""
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class CampaignAnswer(StrEnum):
    """What a structure answered through its campaign link."""

    CONFIRMED = "confirmed"
    CORRECTED = "corrected"
