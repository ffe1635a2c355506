"""data·inclusion, the national hub of social-inclusion services: schema v1, both ways.

Export: each public service becomes one `structure` and one `service` (same id), valid
against the official JSON Schemas shipped in `datasets/formats/data_inclusion/`. Categories
become `thematiques` (and `reseaux_porteurs` for CSAPA and CAARUD), opening hours stay in the
OpenStreetMap syntax the schema asks for, `gratuit` comes from the free-of-charge condition.

Import: a directory holding `structures.json` and `services.json` (what the export writes),
one JSON object with both lists, or a list of services alone. Each record is checked against
the schema; a service takes the position, address and contacts of its structure where it has
none of its own. Services whose themes Maraude does not list (employment, mobility…) are
skipped. Importing an export and exporting it again gives the same file back: categories map
to a theme each, and each theme back to that category.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any, Literal

from jsonschema import Draft202012Validator

from datasets.finess import timezone_of
from datasets.importing import ImportFileError, Progress, Reading, Rejected, decode_text
from geo.directory.categories import BY_SLUG
from geo.directory.drafts import ServiceDraft
from geo.directory.hours import check_expression
from geo.directory.queries.writes import WRITABLE
from geo.values import ServiceRecord
from geo.vocab import Condition, Public

Kind = Literal["structure", "service"]
SCHEMAS = Path(__file__).parent / "formats" / "data_inclusion"
PRODUCER = "maraude"
"""The `source` (producer) Maraude's exports carry."""

# A theme imports as the category whose only theme it is, so that an import exported and
# imported again gives the same categories (tests check the round trip for each).
CATEGORY_OF_THEME: dict[str, str] = {
    "sante--acces-aux-soins": "general-care",
    "sante--sante-sexuelle": "sexual-health-centre",
    "sante--addictions": "csapa",
    "sante--sante-mentale": "mental-health",
    "famille--surmonter-conflits-separation-violence": "protection-assistance",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits": (
        "social-rights"
    ),
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives": (
        "social-rights"
    ),
    "logement-hebergement--rechercher-une-solution-dhebergement-temporaire": ("emergency-shelter"),
    "equipement-et-alimentation--alimentation": "food",
    "remobilisation--lien-social": "community-health",
}
CATEGORY_OF_NETWORK = {
    "csapa": "csapa",
    "caarud": "caarud",
    "chrs": "emergency-shelter",
    "chu": "emergency-shelter",
    "siao": "emergency-shelter",
    "cmp": "mental-health",
    "cms": "general-care",
}
NETWORK_OF_CATEGORY = {"csapa": "csapa", "caarud": "caarud"}
THEME_OF_PUBLIC = {Public.WOMEN.value: "femmes", Public.UNDOCUMENTED.value: "personnes-exilees"}
PUBLIC_OF_THEME = {v: k for k, v in THEME_OF_PUBLIC.items()}
PUBLIC_WORDS = {
    Public.WOMEN.value: "femmes",
    Public.MEN.value: "hommes",
    Public.TRANS.value: "personnes trans",
    Public.MINORS.value: "mineurs",
    Public.UNDOCUMENTED.value: "personnes sans titre de séjour",
    Public.DRUG_USERS.value: "usagers de drogues",
    Public.SEX_WORKERS.value: "personnes en situation de prostitution",
}
CONDITION_WORDS = {
    Condition.ANONYMOUS.value: "Anonyme",
    Condition.NO_APPOINTMENT.value: "Sans rendez-vous",
    Condition.UNCONDITIONAL.value: "Accueil inconditionnel",
}
CONDITION_OF_WORDS = {v.casefold(): k for k, v in CONDITION_WORDS.items()}


@cache
def validator(kind: Kind) -> Draft202012Validator:
    """Return the official schema of a structure or a service, formats checked."""
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(kind: Kind, record: Mapping[str, Any]) -> list[str]:
    """Return what makes a record invalid against the schema (nothing when it is valid)."""
    found = []
    for error in validator(kind).iter_errors(record):
        where = ".".join(str(p) for p in error.absolute_path) or kind
        found.append(f"{where}: {error.message[:200]}")
    return found


# Export.


def uri_or_none(value: str | None) -> str | None:
    """The value when it is a valid URI (RFC 3986), else None: exports leave bad links out."""
    checker = Draft202012Validator.FORMAT_CHECKER
    return value if value and checker.conforms(value, "uri") else None


def _name(service: ServiceRecord) -> str:
    name = service.name.strip()
    if len(name) < 3:
        name = f"{name} – {BY_SLUG[service.categories[0]].label_fr}"
    return name[:150].rstrip()


def _description(service: ServiceRecord) -> str:
    text = (service.description or "").strip()
    if len(text) >= 5:
        return text[:10000]
    return ", ".join(BY_SLUG[c].label_fr for c in service.categories) + "."


def record_id(service: ServiceRecord) -> str:
    """The id a service has in data·inclusion: its own when it came from there."""
    return id_of(service.source, service.source_id)


def id_of(source: str, source_id: str) -> str:
    """The data·inclusion id of the service a source lists under `source_id`."""
    if source == DataInclusion.name:
        return source_id
    return f"{PRODUCER}--{source}-{source_id}"


def _located(service: ServiceRecord) -> dict[str, Any]:
    postcode = service.postcode if service.postcode and _five_digits(service.postcode) else None
    return {
        "adresse": service.address,
        "code_postal": postcode,
        "commune": service.city,
        "latitude": service.lat,
        "longitude": service.lon,
        "telephone": service.phone,
        "courriel": service.email,
    }


def _five_digits(value: str) -> bool:
    return len(value) == 5 and value.isdigit()


def export_records(
    services: Iterable[ServiceRecord],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the structures and services of an export."""
    structures: list[dict[str, Any]] = []
    offers: list[dict[str, Any]] = []
    for s in services:
        ident = record_id(s)
        updated = (s.last_verified or s.updated_at.date()).isoformat()
        where = _located(s)
        website = uri_or_none(s.website)
        themes = sorted({t for c in s.categories for t in BY_SLUG[c].data_inclusion})
        networks = sorted(
            {NETWORK_OF_CATEGORY[c] for c in s.categories if c in NETWORK_OF_CATEGORY}
        )
        publics = sorted({THEME_OF_PUBLIC[p] for p in s.publics if p in THEME_OF_PUBLIC})
        conditions = [CONDITION_WORDS[c] for c in s.conditions if c in CONDITION_WORDS]
        structures.append(
            {
                "source": PRODUCER,
                "id": ident,
                "nom": _name(s),
                "date_maj": updated,
                **where,
                "site_web": website,
                "horaires_accueil": s.opening_hours,
                "description": _long_enough((s.description or "").strip()[:10000]),
                "reseaux_porteurs": networks or None,
            }
        )
        offers.append(
            {
                "source": PRODUCER,
                "structure_id": ident,
                "id": ident,
                "nom": _name(s),
                "description": _description(s),
                "date_maj": updated,
                **where,
                "thematiques": themes or None,
                "publics": publics or None,
                "publics_precisions": ", ".join(PUBLIC_WORDS[p] for p in s.publics) or None,
                "frais": "gratuit" if Condition.FREE.value in s.conditions else None,
                "conditions_acces": " ; ".join(conditions) or None,
                "modes_accueil": ["en-presentiel"] if s.lon is not None else ["a-distance"],
                "horaires_accueil": s.opening_hours,
                "lien_mobilisation": website,
            }
        )
    return structures, offers


def _long_enough(text: str) -> str | None:
    return text if len(text) >= 5 else None


def write_export(directory: Path, services: Iterable[ServiceRecord]) -> tuple[int, int]:
    """Write `structures.json` and `services.json` into `directory`; return their counts."""
    import orjson

    structures, offers = export_records(services)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "structures.json").write_bytes(orjson.dumps(structures))
    (directory / "services.json").write_bytes(orjson.dumps(offers))
    return len(structures), len(offers)


# Import.


def categories_of(offer: Mapping[str, Any], structure: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the Maraude categories of a service, in the taxonomy's order: its structure's
    networks, then a category for each theme they do not cover (none: Maraude does not list
    the service)."""
    networks = structure.get("reseaux_porteurs") or ()
    chosen = [CATEGORY_OF_NETWORK[n] for n in networks if n in CATEGORY_OF_NETWORK]
    for theme in offer.get("thematiques") or ():
        if theme not in CATEGORY_OF_THEME:
            continue
        if any(theme in BY_SLUG[c].data_inclusion for c in chosen):
            continue
        chosen.append(CATEGORY_OF_THEME[theme])
    return tuple(sorted(set(chosen), key=lambda c: BY_SLUG[c].id))


def _conditions(offer: Mapping[str, Any]) -> list[str]:
    found = [Condition.FREE.value] if offer.get("frais") == "gratuit" else []
    for words in (offer.get("conditions_acces") or "").split(";"):
        condition = CONDITION_OF_WORDS.get(words.strip().casefold())
        if condition:
            found.append(condition)
    return found


def _first(*values: Any) -> Any:
    return next((v for v in values if v not in (None, "")), None)


def draft_of(
    offer: Mapping[str, Any], structure: Mapping[str, Any], categories: tuple[str, ...]
) -> ServiceDraft:
    """Return the draft of a data·inclusion service (of its structure, where it has none)."""
    own = offer.get("latitude") is not None and offer.get("longitude") is not None
    place = offer if own else structure
    postcode = _first(offer.get("code_postal"), structure.get("code_postal"))
    publics = [PUBLIC_OF_THEME[p] for p in offer.get("publics") or () if p in PUBLIC_OF_THEME]
    return ServiceDraft.model_validate(
        {
            "name": offer["nom"],
            "categories": categories,
            "lon": place.get("longitude"),
            "lat": place.get("latitude"),
            "address": _first(offer.get("adresse"), structure.get("adresse")),
            "postcode": postcode,
            "city": _first(offer.get("commune"), structure.get("commune")),
            "phone": _first(offer.get("telephone"), structure.get("telephone")),
            "email": _first(offer.get("courriel"), structure.get("courriel")),
            "website": _first(offer.get("lien_mobilisation"), structure.get("site_web")),
            "description": offer.get("description"),
            "opening_hours": _first(
                offer.get("horaires_accueil"), structure.get("horaires_accueil")
            ),
            "timezone": timezone_of(postcode),
            "publics": publics,
            "conditions": _conditions(offer),
            "last_verified": date.fromisoformat(offer["date_maj"]),
            "source": DataInclusion.name,
            "source_id": offer["id"],
        }
    )


def _load(path: Path, name: str) -> Any:
    try:
        return json.loads(decode_text(path.read_bytes(), name))
    except json.JSONDecodeError as e:
        raise ImportFileError(
            f"{name}: not valid JSON ({e}): the file may be truncated; nothing was imported"
        ) from None


def _lists(path: Path) -> tuple[list[Any], list[Any]]:
    """Return (structures, services) from a directory, a combined file or a services list."""
    if path.is_dir():
        services_file = path / "services.json"
        if not services_file.is_file():
            raise ImportFileError(f"{path.name}: no services.json in this directory")
        structures_file = path / "structures.json"
        structures = _load(structures_file, "structures.json") if structures_file.is_file() else []
        return _as_list(structures, "structures.json"), _as_list(
            _load(services_file, "services.json"), "services.json"
        )
    doc = _load(path, path.name)
    if isinstance(doc, dict):
        if "services" not in doc:
            raise ImportFileError(
                f"{path.name}: a JSON object must hold 'services' (and 'structures') lists"
            )
        return _as_list(doc.get("structures") or [], path.name), _as_list(
            doc["services"], path.name
        )
    return [], _as_list(doc, path.name)


def _as_list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise ImportFileError(f"{name}: expected a JSON list of data·inclusion records")
    return value


class DataInclusion:
    """data·inclusion structures and services (schema v1)."""

    name = "data-inclusion"
    owned = WRITABLE
    enriches = None

    def read(self, path: Path, progress: Progress | None = None) -> Reading:
        """Read structures and services; reject records the schema refuses."""
        structure_list, service_list = _lists(path)
        reading = Reading()
        structures: dict[str, Mapping[str, Any]] = {}
        for index, structure in enumerate(structure_list, 1):
            found = problems("structure", structure) if isinstance(structure, dict) else []
            if not isinstance(structure, dict) or found:
                reading.notes.append(
                    f"structure {index} left out: "
                    + ("; ".join(found[:3]) if found else "not an object")
                )
                continue
            structures[structure["id"]] = structure
        total = len(service_list)
        for index, offer in enumerate(service_list, 1):
            self._service(reading, index, offer, structures)
            if progress is not None and (index % 5000 == 0 or index == total):
                progress(index, total)
        return reading

    def _service(
        self,
        reading: Reading,
        index: int,
        offer: Any,
        structures: Mapping[str, Mapping[str, Any]],
    ) -> None:
        if not isinstance(offer, dict):
            reading.rejected.append(Rejected(index, "service: not a JSON object"))
            return
        found = problems("service", offer)
        if found:
            reading.rejected.append(Rejected(index, "; ".join(found[:3])))
            return
        structure = structures.get(offer["structure_id"], {})
        categories = categories_of(offer, structure)
        if not categories:
            reading.skipped += 1
            return
        hours = _first(offer.get("horaires_accueil"), structure.get("horaires_accueil"))
        if hours is not None:
            try:
                check_expression(hours)
            except ValueError:
                reading.notes.append(
                    f"service {index}: opening hours not in the opening_hours syntax, left unknown"
                )
                offer = {**offer, "horaires_accueil": None}
                structure = {**structure, "horaires_accueil": None}
        reading.keep(index, partial(draft_of, offer, structure, categories))
