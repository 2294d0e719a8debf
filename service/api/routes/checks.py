from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from starlette.concurrency import run_in_threadpool

from models import CheckRequest, CheckResult
from service.api.deps import ReadAccess, WorkspaceDep

router = APIRouter(prefix="/v1/claims", tags=["claims"])

EXAMPLE = {
    "text": "Twelve people were killed when the Merrow Bridge in Port Alder collapsed on Sunday.",
    "published": "2026-03-09",
    "outlet": "Evening Post",
}


@router.post("/check", response_model=CheckResult, summary="Check a claim against the corpus")
async def check_claim(
    workspace: WorkspaceDep,
    _: ReadAccess,
    request: Annotated[CheckRequest, Body(openapi_examples={"death toll": {"value": EXAMPLE}})],
) -> CheckResult:
    """The claim as analysed, the matching claims from other outlets, the discrepancies with
    them, and a verdict: supported, conflicting or unverified."""
    # One thread hand-off: a plain `def` route would take a second one to validate the result.
    return await run_in_threadpool(workspace.check, request)
