"""Public health alerts as feeds: each as a CAP 1.2 message, all as an Atom feed.

CAP (OASIS Common Alerting Protocol 1.2): one `info` block per language, times with their
UTC offset (never `Z`, as the schema's pattern requires), the polygon as "lat,lon" pairs closed
on the first, the circle as "lat,lon radius" in kilometres, a territory-wide alert as an area
described in words. Atom (RFC 4287): one entry per alert, in the requested language (French
when the alert has none in it), linking to the CAP message.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_LANGUAGES = {
    "fr": "fr-FR",
    "en": "en",
    "es": "es",
    "pt": "pt",
    "ro": "ro",
    "bg": "bg",
    "ru": "ru",
    "zh": "zh-Hans",
    "ar": "ar",
}
CAP_CATEGORY = {
    "equipment-recall": "Health",
    "infection-cluster": "Health",
    "toxic-substance": "Health",
    "safety": "Safety",
}
EVENT = {
    "equipment-recall": "Rappel de matériel de prévention",
    "infection-cluster": "Cas groupés d'infections",
    "toxic-substance": "Produit toxique en circulation",
    "safety": "Violences signalées",
}
EVERYWHERE = "Tout le territoire"


@dataclass(frozen=True, slots=True)
class PublicAlert:
    """What a feed says of an alert."""

    id: str
    kind: str
    severity: str
    urgency: str
    certainty: str
    onset: datetime
    expires: datetime
    sent: datetime
    messages: Mapping[str, Mapping[str, Any]]
    polygon: list[tuple[float, float]] | None
    """The outer ring (lon, lat), for an alert drawn as a polygon."""
    circle: Mapping[str, float] | None
    product: str | None
    batch: str | None


def cap_time(value: datetime, zone: ZoneInfo) -> str:
    """A CAP time: local, whole seconds, with its offset (`+01:00`, never `Z`)."""
    return value.astimezone(zone).replace(microsecond=0).isoformat()


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _area(info: ET.Element, alert: PublicAlert, cap: str) -> None:
    area = ET.SubElement(info, f"{{{cap}}}area")
    if alert.polygon:
        ring = list(alert.polygon)
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        _text(area, f"{{{cap}}}areaDesc", "Zone de l'alerte")
        _text(area, f"{{{cap}}}polygon", " ".join(f"{lat:.6f},{lon:.6f}" for lon, lat in ring))
    elif alert.circle:
        c = alert.circle
        _text(area, f"{{{cap}}}areaDesc", f"{c['radius_km']:g} km autour du point indiqué")
        _text(area, f"{{{cap}}}circle", f"{c['lat']:.6f},{c['lon']:.6f} {c['radius_km']:g}")
    else:
        _text(area, f"{{{cap}}}areaDesc", EVERYWHERE)


def _cap_root(identifier: str, sender: str, sent: str, kind: str) -> ET.Element:
    """A public CAP message's `alert` element and the header every message starts with."""
    ET.register_namespace("", CAP_NS)
    root = ET.Element(f"{{{CAP_NS}}}alert")
    for tag, value in (
        ("identifier", identifier),
        ("sender", sender),
        ("sent", sent),
        ("status", "Actual"),
        ("msgType", kind),
        ("scope", "Public"),
    ):
        _text(root, f"{{{CAP_NS}}}{tag}", value)
    return root


def cap_cancel(alert: PublicAlert, *, cancelled: datetime, sender: str, zone: ZoneInfo) -> bytes:
    """The CAP 1.2 message withdrawing a cancelled alert (it references the alert)."""
    ns = CAP_NS
    root = _cap_root(
        f"maraude-alert-{alert.id}-cancel", sender, cap_time(cancelled, zone), "Cancel"
    )
    _text(root, f"{{{ns}}}note", "Alerte annulée")
    _text(
        root,
        f"{{{ns}}}references",
        f"{sender},maraude-alert-{alert.id},{cap_time(alert.sent, zone)}",
    )
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def cap_message(alert: PublicAlert, *, sender: str, zone: ZoneInfo, base_url: str) -> bytes:
    """The alert as a CAP 1.2 XML document."""
    ns = CAP_NS
    root = _cap_root(f"maraude-alert-{alert.id}", sender, cap_time(alert.sent, zone), "Alert")
    languages = sorted(alert.messages, key=lambda lang: (lang != "fr", lang))
    for lang in languages:
        message = alert.messages[lang]
        info = ET.SubElement(root, f"{{{ns}}}info")
        _text(info, f"{{{ns}}}language", CAP_LANGUAGES.get(lang, lang))
        _text(info, f"{{{ns}}}category", CAP_CATEGORY[alert.kind])
        _text(info, f"{{{ns}}}event", EVENT[alert.kind])
        _text(info, f"{{{ns}}}urgency", alert.urgency)
        _text(info, f"{{{ns}}}severity", alert.severity)
        _text(info, f"{{{ns}}}certainty", alert.certainty)
        _text(info, f"{{{ns}}}onset", cap_time(alert.onset, zone))
        _text(info, f"{{{ns}}}expires", cap_time(alert.expires, zone))
        _text(info, f"{{{ns}}}senderName", "Maraude")
        _text(info, f"{{{ns}}}headline", message["headline"])
        _text(info, f"{{{ns}}}description", message["description"])
        if message.get("instruction"):
            _text(info, f"{{{ns}}}instruction", message["instruction"])
        _text(info, f"{{{ns}}}web", f"{base_url}/api/v1/alerts/{alert.id}.cap")
        for name, value in (("product", alert.product), ("batch", alert.batch)):
            if value:
                parameter = ET.SubElement(info, f"{{{ns}}}parameter")
                _text(parameter, f"{{{ns}}}valueName", name)
                _text(parameter, f"{{{ns}}}value", value)
        _area(info, alert, ns)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def atom_feed(
    alerts: Iterable[PublicAlert], *, lang: str, base_url: str, zone: ZoneInfo, updated: datetime
) -> bytes:
    """The public alerts in force as an Atom feed, in `lang` where the alert has it."""
    ns = ATOM_NS
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _text(feed, f"{{{ns}}}id", f"{base_url}/alerts.atom")
    _text(feed, f"{{{ns}}}title", "Maraude – alertes sanitaires")
    _text(feed, f"{{{ns}}}updated", cap_time(updated, zone))
    ET.SubElement(
        feed,
        f"{{{ns}}}link",
        {
            "rel": "self",
            "href": f"{base_url}/alerts.atom?lang={lang}",
            "type": "application/atom+xml",
        },
    )
    author = ET.SubElement(feed, f"{{{ns}}}author")
    _text(author, f"{{{ns}}}name", "Maraude")
    for alert in alerts:
        message = alert.messages.get(lang) or alert.messages["fr"]
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        _text(entry, f"{{{ns}}}id", f"urn:uuid:{alert.id}")
        _text(entry, f"{{{ns}}}title", message["headline"])
        _text(entry, f"{{{ns}}}updated", cap_time(alert.sent, zone))
        _text(entry, f"{{{ns}}}published", cap_time(alert.onset, zone))
        summary = message["description"]
        if message.get("instruction"):
            summary = f"{summary}\n\n{message['instruction']}"
        _text(entry, f"{{{ns}}}summary", summary)
        ET.SubElement(entry, f"{{{ns}}}category", {"term": alert.kind})
        ET.SubElement(
            entry,
            f"{{{ns}}}link",
            {
                "rel": "alternate",
                "type": "application/cap+xml",
                "href": f"{base_url}/api/v1/alerts/{alert.id}.cap",
            },
        )
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
