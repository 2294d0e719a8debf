from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from models.records import StoredReport
from service.api.deps import ReadAccess, WorkspaceDep
from service.api.errors import ApiProblem
from service.storage import repo

router = APIRouter(prefix="/v1/reports", tags=["reports"])


@router.get("/latest", response_model=StoredReport, summary="The newest discrepancy report")
def latest_report(workspace: WorkspaceDep, _: ReadAccess) -> StoredReport:
    with workspace.sessions() as session:
        report = repo.latest_report(session)
    if report is None:
        raise ApiProblem(404, "No report has been made yet: run `parallax report`.")
    return report


@router.get("/{day}", response_model=StoredReport, summary="The report of one day")
def report_of_day(workspace: WorkspaceDep, _: ReadAccess, day: date) -> StoredReport:
    with workspace.sessions() as session:
        report = repo.get_report(session, day)
    if report is None:
        raise ApiProblem(404, f"No report for {day.isoformat()}.")
    return report
