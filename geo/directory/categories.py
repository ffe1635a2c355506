"""The referral taxonomy: every destination the national guidelines name (DESIGN.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Category:
    """One referral category and its mappings to the external vocabularies."""

    id: int
    slug: str
    guideline: str
    label_fr: str
    label_en: str
    finess: tuple[str, ...] = ()
    osm: tuple[str, ...] = ()
    data_inclusion: tuple[str, ...] = ()
    soliguide: tuple[str, ...] = ()


# `id` is stored in the database (service.category_ids) and in the GiST index: it never
# changes once released. A new category takes the next free id.
CATEGORIES: tuple[Category, ...] = (
    Category(
        1,
        "emergency-care",
        "V.B.1",
        "Urgences",
        "Emergency care",
        osm=("amenity=hospital+emergency=yes", "healthcare=hospital+emergency=yes"),
        data_inclusion=("sante--acces-aux-soins",),
        soliguide=("health",),
    ),
    Category(
        2,
        "general-care",
        "V.B.1, III.10",
        "Soins généraux",
        "General care",
        finess=("124", "439", "617"),
        osm=(
            "amenity=clinic",
            "amenity=doctors",
            "amenity=hospital",
            "healthcare=centre",
            "healthcare=doctor",
            "healthcare=clinic",
            "healthcare=hospital",
        ),
        data_inclusion=("sante--acces-aux-soins",),
        soliguide=("health", "general_practitioner", "infirmary"),
    ),
    Category(
        3,
        "trod",
        "V.B.2",
        "Dépistage rapide (TROD)",
        "Rapid testing (TROD)",
        data_inclusion=("sante--sante-sexuelle",),
        soliguide=("std_testing",),
    ),
    Category(
        4,
        "cegidd",
        "III.7, V.B.3",
        "CeGIDD (dépistage IST gratuit)",
        "CeGIDD (free STI screening)",
        finess=("638",),
        osm=("healthcare=sample_collection",),
        data_inclusion=("sante--sante-sexuelle",),
        soliguide=("std_testing",),
    ),
    Category(
        5,
        "sexual-health-centre",
        "III.7, V.B.3",
        "Centre de santé sexuelle",
        "Sexual health centre",
        finess=("228", "231", "649"),
        data_inclusion=("sante--sante-sexuelle",),
        soliguide=("pregnancy_care", "gynecology"),
    ),
    Category(
        6,
        "csapa",
        "V.B.4",
        "CSAPA (soins en addictologie)",
        "CSAPA (addiction care)",
        finess=("197",),
        data_inclusion=("sante--addictions",),
        soliguide=("addiction",),
    ),
    Category(
        7,
        "caarud",
        "III.16, V.B.4",
        "CAARUD (réduction des risques drogues)",
        "CAARUD (drug harm reduction)",
        finess=("178",),
        data_inclusion=("sante--addictions",),
        soliguide=("addiction",),
    ),
    Category(
        8,
        "scmr",
        "V.B.4",
        "Halte soins addictions (SCMR)",
        "Supervised consumption room (SCMR)",
        data_inclusion=("sante--addictions",),
        soliguide=("addiction",),
    ),
    Category(
        9,
        "pregnancy-ivg",
        "V.B.5",
        "Grossesse et IVG",
        "Pregnancy and abortion (IVG)",
        data_inclusion=("sante--sante-sexuelle",),
        soliguide=("pregnancy_care",),
    ),
    Category(
        10,
        "prep-pep",
        "IV.2, V.B.6",
        "PrEP et traitement post-exposition",
        "PrEP and post-exposure treatment",
        data_inclusion=("sante--sante-sexuelle",),
        soliguide=("std_testing",),
    ),
    Category(
        11,
        "police-trained",
        "V.B.7",
        "Police formée aux violences",
        "Police trained for violence cases",
        data_inclusion=("famille--surmonter-conflits-separation-violence",),
    ),
    Category(
        12,
        "social-rights",
        "V.B.8, III.12",
        "Accès aux droits",
        "Access to rights",
        data_inclusion=(
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        ),
        soliguide=(
            "domiciliation",
            "legal_advice",
            "social_accompaniment",
            "administrative_assistance",
        ),
    ),
    Category(
        13,
        "exit-pathway",
        "V.B.9",
        "Parcours de sortie de la prostitution",
        "Pathway out of prostitution",
        data_inclusion=(
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        ),
        soliguide=("social_accompaniment",),
    ),
    Category(
        14,
        "protection-assistance",
        "V.B.10",
        "Protection et aide aux victimes",
        "Protection and victim support",
        data_inclusion=("famille--surmonter-conflits-separation-violence",),
        soliguide=("legal_advice", "counseling"),
    ),
    Category(
        15,
        "emergency-shelter",
        "V.B.11",
        "Hébergement d'urgence",
        "Emergency shelter",
        finess=("214", "180", "213", "219"),
        osm=("amenity=social_facility+social_facility=shelter",),
        data_inclusion=("logement-hebergement--rechercher-une-solution-dhebergement-temporaire",),
        soliguide=("emergency_accommodation", "overnight_stop"),
    ),
    Category(
        16,
        "vaccination",
        "V.B.1, V.A.2",
        "Vaccination",
        "Vaccination",
        finess=("645",),
        osm=("healthcare=vaccination_centre",),
        data_inclusion=("sante--acces-aux-soins",),
        soliguide=("vaccination",),
    ),
    Category(
        17,
        "mental-health",
        "II.2, V.A.11",
        "Santé mentale",
        "Mental health",
        finess=("156", "425", "444"),
        osm=("healthcare=psychotherapist",),
        data_inclusion=("sante--sante-mentale",),
        soliguide=("psychological_support",),
    ),
    Category(
        18,
        "hygiene",
        "IV.7",
        "Hygiène (douches, eau, toilettes)",
        "Hygiene (showers, water, toilets)",
        osm=("amenity=shower", "amenity=drinking_water", "amenity=toilets"),
        soliguide=("hygiene_and_wellness", "shower", "toilets", "fountain"),
    ),
    Category(
        19,
        "food",
        "III.17",
        "Distribution alimentaire",
        "Food distribution",
        osm=(
            "amenity=social_facility+social_facility=soup_kitchen",
            "amenity=social_facility+social_facility=food_bank",
        ),
        data_inclusion=("equipement-et-alimentation--alimentation",),
        soliguide=("food", "food_distribution", "food_packages"),
    ),
    Category(
        20,
        "community-health",
        "III.4, III.8, III.11",
        "Santé communautaire et pairs",
        "Community health and peers",
        data_inclusion=("remobilisation--lien-social",),
        soliguide=("welcome", "rest_area"),
    ),
    Category(
        21,
        "police",
        "V.A.17",
        "Police et gendarmerie (dépôt de plainte)",
        "Police and gendarmerie (filing a complaint)",
        osm=("amenity=police",),
    ),
    Category(
        22,
        "pharmacy",
        "IV.3, IV.4",
        "Pharmacie",
        "Pharmacy",
        finess=("620",),
        osm=("amenity=pharmacy", "healthcare=pharmacy"),
        data_inclusion=("sante--acces-aux-soins",),
    ),
)

BY_SLUG: dict[str, Category] = {c.slug: c for c in CATEGORIES}
BY_ID: dict[int, Category] = {c.id: c for c in CATEGORIES}
SLUGS: tuple[str, ...] = tuple(c.slug for c in CATEGORIES)


def category_ids(slugs: Iterable[str]) -> list[int]:
    """Return the stored ids of known category slugs (unknown slugs raise KeyError)."""
    return [BY_SLUG[s].id for s in slugs]


def slug_array_sql() -> str:
    """Return the SQL array literal of slugs ordered by id, for the stored id mapping."""
    ordered = sorted(CATEGORIES, key=lambda c: c.id)
    if [c.id for c in ordered] != list(range(1, len(ordered) + 1)):
        raise ValueError("category ids must be 1..n without gaps")
    return "ARRAY[" + ", ".join(f"'{c.slug}'" for c in ordered) + "]::text[]"
