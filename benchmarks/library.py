"""The prevention library's weight: what an offline copy of it would hold.

    .venv/bin/python benchmarks/library.py

Renders the index, every topic and the exposure sheet's page in each page language, as the
app serves them (no review, no local page), and prints their bytes raw and gzip-compressed,
per language and in all, with the stylesheet and scripts they load. No database is needed.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from web.i18n import LANGUAGES, catalog  # noqa: E402
from web.library import library  # noqa: E402
from web.library_pages import exposure_page, index_page, topic_page  # noqa: E402

AREA = (7.39, 43.71, 7.50, 43.78)
STATIC = ("css/maraude.css", "js/common.js", "js/print.js", "js/exposure.js")


def _kb(data: bytes) -> tuple[float, float]:
    return len(data) / 1024, len(gzip.compress(data, 9)) / 1024


def main() -> int:
    total_raw = total_gz = 0.0
    print(f"{len(library())} topics")  # noqa: T201
    for lang in LANGUAGES:
        c = catalog(lang)
        pages = [index_page(c, reviewed={}, local=[], quick_exit="https://example.org/")]
        pages += [
            topic_page(c, t, reviewed={}, review=None, quick_exit="https://example.org/")
            for t in library()
        ]
        pages.append(exposure_page(c, area=AREA, quick_exit="https://example.org/"))
        raw, gz = (sum(x) for x in zip(*(_kb(p.encode()) for p in pages), strict=True))
        translated = sum(1 for t in library() if lang in t.pages)
        print(  # noqa: T201
            f"{lang}: {len(pages)} pages, {translated}/{len(library())} topics written in it, "
            f"{raw:7.1f} KB raw, {gz:6.1f} KB gzip"
        )
        total_raw += raw
        total_gz += gz
    static = b"".join((ROOT / "web" / "static" / s).read_bytes() for s in STATIC)
    s_raw, s_gz = _kb(static)
    print(f"stylesheet and scripts: {s_raw:.1f} KB raw, {s_gz:.1f} KB gzip")  # noqa: T201
    print(  # noqa: T201
        f"all nine languages: {total_raw + s_raw:.1f} KB raw, {total_gz + s_gz:.1f} KB gzip "
        "(each page compressed on its own, as sent or cached)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
