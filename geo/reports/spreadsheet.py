"""Statistics tables as an OpenDocument spreadsheet (ODS 1.2): one sheet per indicator, areas
down, periods across, totals in the margins — what an annual activity report is made from."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree as ET

MEDIA_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
for _prefix, _uri in _NS.items():
    ET.register_namespace(_prefix, _uri)


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


def _cell(row: ET.Element, value: Any) -> None:
    cell = ET.SubElement(row, _q("table", "table-cell"))
    if isinstance(value, int):
        cell.set(_q("office", "value-type"), "float")
        cell.set(_q("office", "value"), str(value))
    else:
        cell.set(_q("office", "value-type"), "string")
    ET.SubElement(cell, _q("text", "p")).text = "x" if value is None else str(value)


def _sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name spreadsheets accept: 31 characters at most, none of []*?:/\\, unique."""
    base = re.sub(r"[\[\]*?:/\\']", "-", name)[:31] or "sheet"
    chosen, n = base, 2
    while chosen in taken:
        suffix = f" {n}"
        chosen, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(chosen)
    return chosen


def as_ods(published: Mapping[str, Any], *, labels: Mapping[str, str] | None = None) -> bytes:
    """Return the tables as an ODS file; `labels` names the indicators (their codes else)."""
    names = labels or {}
    root = ET.Element(_q("office", "document-content"), {_q("office", "version"): "1.2"})
    sheets = ET.SubElement(ET.SubElement(root, _q("office", "body")), _q("office", "spreadsheet"))
    taken: set[str] = set()
    for table in published["tables"]:
        title = names.get(table["indicator"], table["indicator"])
        sheet = ET.SubElement(
            sheets, _q("table", "table"), {_q("table", "name"): _sheet_name(title, taken)}
        )
        periods = [c["period"] for c in table["period_totals"]]
        areas = [c["area"] for c in table["area_totals"]]
        values = {(c["area"], c["period"]): c["value"] for c in table["cells"]}
        header = ET.SubElement(sheet, _q("table", "table-row"))
        for v in (f"{title} — {published['by']} / {published['period']}", *periods, "total"):
            _cell(header, v)
        for a, total in zip(areas, table["area_totals"], strict=True):
            row = ET.SubElement(sheet, _q("table", "table-row"))
            for v in (a, *(values.get((a, p), 0) for p in periods), total["value"]):
                _cell(row, v)
        footer = ET.SubElement(sheet, _q("table", "table-row"))
        for v in ("total", *(c["value"] for c in table["period_totals"]), table["total"]):
            _cell(footer, v)
    manifest = ET.Element(_q("manifest", "manifest"), {_q("manifest", "version"): "1.2"})
    for path, media in (("/", MEDIA_TYPE), ("content.xml", "text/xml")):
        ET.SubElement(
            manifest,
            _q("manifest", "file-entry"),
            {_q("manifest", "full-path"): path, _q("manifest", "media-type"): media},
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        # The media type comes first and uncompressed, as the format requires.
        z.writestr(zipfile.ZipInfo("mimetype"), MEDIA_TYPE, compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", _xml(manifest), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", _xml(root), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _xml(element: ET.Element) -> bytes:
    written: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return written
