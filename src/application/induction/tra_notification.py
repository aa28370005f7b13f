"""The email that tells the Teaching Regulation Agency (TRA) an ECT failed induction (sent by a job)."""

from __future__ import annotations

from datetime import date

from application.shared.jobs import Job
from application.shared.notifications import EmailMessage
from domain.shared.dates import govuk_date

TRA_EMAIL = "TRA.SE@education.gov.uk"
TELL_TRA_TASK = "induction.tell_tra_about_failed_induction"


def tell_tra_job(*, teacher_name: str, trn: str | None, appropriate_body_name: str, notified_on: date | None) -> Job:
    return Job(
        task=TELL_TRA_TASK,
        payload={
            "teacher_name": teacher_name,
            "trn": trn,
            "appropriate_body_name": appropriate_body_name,
            "notified_on": notified_on.isoformat() if notified_on else None,
        },
    )


def failed_induction_email(
    *, teacher_name: str, trn: str | None, appropriate_body_name: str, notified_on: date | None
) -> EmailMessage:
    told = govuk_date(notified_on) if notified_on else "not recorded (the outcome was recorded by DfE)"
    body = (
        f"{appropriate_body_name} has recorded a failed induction for {teacher_name} (TRN {trn or 'unknown'}).\n\n"
        f"Date the appropriate body told the ECT in writing: {told}\n\n"
        "The ECT has 20 working days from that date to appeal. Please watch the appeal window, then add a note "
        "and a FAIL alert to their record."
    )
    return EmailMessage(to=TRA_EMAIL, subject="Fail notification from RIAB", body=body, reference="failed-induction")
