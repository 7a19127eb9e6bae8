"""pemda.yaml's `situs` and a SOP -> the address of the SOP's page on the published site
(`sopgen situs`), and that address as the QR code printed on its identity page.

The site's pages are named here, once: the identity page's code and the site that
`sopgen.publish` writes cannot disagree about where a SOP's page is.
"""

from __future__ import annotations

import io
from urllib.parse import quote, urlsplit

import segno

from ..flowchart.geometry import MM

SIZE = 20 * MM  # printed side, quiet zone included: 0.4 mm modules for a typical address
QUIET = 4  # modules of white around the code, as ISO/IEC 18004 asks


def sop_page(unit_id: str, sop_id: str) -> str:
    """A SOP's page, relative to the site's root."""
    return f"{quote(unit_id)}/{quote(sop_id)}.html"


def unit_page(unit_id: str) -> str:
    return f"{quote(unit_id)}/index.html"


def sop_address(site: str, unit_id: str, sop_id: str) -> str:
    """The page's full address under `site` (which ends in "/")."""
    return site + sop_page(unit_id, sop_id)


def site_name(site: str) -> str:
    """The address as people type it: sop.kota.go.id, with a path where the site has one."""
    parts = urlsplit(site)
    return (parts.netloc + parts.path).rstrip("/")


def qr_png(text: str) -> bytes:
    """The code as a PNG, black on white, error correction M (readable with a smudge or a
    fold); the same text gives the same bytes (segno writes no time into a PNG)."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m", boost_error=False).save(buffer, kind="png", scale=10, border=QUIET)
    return buffer.getvalue()
