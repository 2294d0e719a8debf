"""The editor page: paste a claim, see matches and conflicts; browse the findings."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from models import FindingKind
from models.check import MAX_CHECK_CHARS

router = APIRouter(include_in_schema=False)
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))


@router.get("/", response_class=HTMLResponse)
def editor_page(request: Request) -> HTMLResponse:
    """With reads closed (`PARALLAX_API_OPEN_READS=false`) the page asks for a read key, kept
    in the tab's session storage and sent with every request it makes."""
    return TEMPLATES.TemplateResponse(
        request,
        "editor.html",
        {
            "kinds": [kind.value for kind in FindingKind],
            "needs_key": not request.app.state.settings.api_open_reads,
            "max_chars": MAX_CHECK_CHARS,
        },
    )
