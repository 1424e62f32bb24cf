"""Prints an HTML document to PDF with headless Chromium (Debian's, as `make test` installs).

Chromium renders exactly what the browser shows (fonts, SVG map, print CSS) and is already a
dependency of the browser tests, so the brief needs no Python PDF library. Nothing is fetched:
the document is self-contained and the flags switch off Chromium's own network use.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from muster.errors import MusterError

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--no-pdf-header-footer",
)


class PdfFailed(MusterError):
    http_status = 503
    title = "PDF printing failed"


def print_pdf(html: str, *, chromium: str, timeout_s: float = 120) -> bytes:
    """The PDF of `html` as printed by Chromium at `chromium`; raises PdfFailed saying why."""
    binary = shutil.which(chromium) or (chromium if Path(chromium).exists() else None)
    if binary is None:
        raise PdfFailed(
            f"cannot print a PDF: no Chromium at {chromium!r} (install Debian's chromium, or set "
            "MUSTER_CHROMIUM); the HTML brief needs nothing"
        )
    with tempfile.TemporaryDirectory(prefix="muster-brief-") as tmp:
        page = Path(tmp) / "brief.html"
        out = Path(tmp) / "brief.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [
            binary,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise PdfFailed(f"Chromium did not finish printing within {timeout_s:g} s") from None
        if not out.exists() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfFailed(f"Chromium printed no PDF (exit {done.returncode}): {' | '.join(tail)}")
        return out.read_bytes()
