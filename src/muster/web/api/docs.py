"""The API's documentation UI (Swagger UI), served from installed packages: no CDN.

Swagger UI's files come from the `fastapi-offline` package's `static/` folder; the page and its
start-up script are ours, so the page needs no inline script under the Content-Security-Policy.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from muster.errors import NotFound

DOCS_PATH = "/api/docs"
_VENDOR = Path(str(files("fastapi_offline") / "static"))
_OURS = Path(str(files("muster.web.api") / "assets"))
_ASSETS: dict[str, tuple[Path, str]] = {
    "swagger-ui-bundle.js": (_VENDOR / "swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": (_VENDOR / "swagger-ui.css", "text/css"),
    "favicon.png": (_VENDOR / "favicon.png", "image/png"),
    "swagger-init.js": (_OURS / "swagger-init.js", "text/javascript"),
}

router = APIRouter(include_in_schema=False)


def _page(openapi_url: str, session_url: str) -> str:
    base = f"{DOCS_PATH}/assets"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Muster API</title>"
        f"<link rel='icon' href='{base}/favicon.png'>"
        f"<link rel='stylesheet' href='{base}/swagger-ui.css'></head>"
        f"<body data-openapi-url='{openapi_url}' data-session-url='{session_url}'>"
        "<div id='swagger-ui'></div>"
        f"<script src='{base}/swagger-ui-bundle.js'></script>"
        f"<script src='{base}/swagger-init.js'></script>"
        "</body></html>"
    )


@router.get(DOCS_PATH)
def docs_page() -> HTMLResponse:
    return HTMLResponse(_page("/api/openapi.json", "/api/v1/session"))


@router.get(DOCS_PATH + "/assets/{name}")
def docs_asset(name: str) -> FileResponse:
    found = _ASSETS.get(name)
    if found is None:
        raise NotFound(f"no documentation asset {name!r}")
    path, media_type = found
    return FileResponse(path, media_type=media_type, headers={"cache-control": "max-age=86400"})
