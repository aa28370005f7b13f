"""Bulk upload over HTTP: upload, the background check (run here by calling its task), review, download, confirm."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from entrypoints.containers import ApplicationContainer
from entrypoints.worker.induction import tasks
from tests.conftest import http_client
from tests.support.sessions import appropriate_body_user, sign_in_as
from tests.web.appropriate_body.conftest import ADA, GRACE, KATHERINE, claim, csrf_token, field_error

pytestmark = pytest.mark.usefixtures("trs")

CLAIMS_HEADER = "TRN,Date of birth,Induction programme,Induction period start date\n"
MIXED_CLAIMS = (
    CLAIMS_HEADER
    + f"{ADA},1990-05-17,provider-led,2024-09-02\n"
    + f"{GRACE},1990-05-17,School-led,2024-09-02\n"
    + "12345,1990-05-17,provider-led,2024-09-02\n"
    + "7777777,1990-05-17,provider-led,2024-09-02\n"
)


async def upload(client: httpx.AsyncClient, kind: str, content: str, filename: str = "claims.csv") -> httpx.Response:
    page = await client.get(f"/appropriate-body/bulk/{kind}/new")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    return await client.post(
        f"/appropriate-body/bulk/{kind}",
        data={"_csrf_token": csrf_token(page.text)},
        files={"csv_file": (filename, content.encode(), "text/csv")},
    )


async def run_queued_checks(container: ApplicationContainer, db: AsyncEngine) -> int:
    """What the worker would do: run every queued ``induction.process_batch`` job's task."""
    async with db.begin() as connection:
        rows = (
            await connection.execute(
                text(
                    "SELECT id, args FROM procrastinate_jobs "
                    "WHERE task_name = 'induction.process_batch' AND status = 'todo'"
                )
            )
        ).all()
        await connection.execute(
            text("UPDATE procrastinate_jobs SET status = 'succeeded' WHERE task_name = 'induction.process_batch'")
        )
    task = tasks(container)["induction.process_batch"]
    for _, args in rows:
        await task(**(args if isinstance(args, dict) else json.loads(args)))
    return len(rows)


async def count(db: AsyncEngine, sql: str) -> int:
    async with db.connect() as connection:
        return int((await connection.execute(text(sql))).scalar_one())


async def test_a_mixed_claims_file_is_checked_reviewed_and_confirmed_once(
    signed_in: httpx.AsyncClient, container: ApplicationContainer, db: AsyncEngine, north: int
) -> None:
    uploaded = await upload(signed_in, "claims", MIXED_CLAIMS)
    assert uploaded.status_code == 302, uploaded.text
    batch_url = uploaded.headers["location"]

    waiting = await signed_in.get(batch_url)
    assert waiting.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in waiting.text
    assert "We are checking your file" in waiting.text

    assert await run_queued_checks(container, db) == 1
    review = await signed_in.get(batch_url)
    assert 'http-equiv="refresh"' not in review.text
    flat = " ".join(review.text.split())
    assert 'Rows uploaded </dt> <dd class="govuk-summary-list__value"> 4' in flat
    assert 'Rows ready to apply </dt> <dd class="govuk-summary-list__value"> 2' in flat
    assert 'Rows with errors </dt> <dd class="govuk-summary-list__value"> 2' in flat
    assert "Enter a valid TRN using 7 digits" in review.text
    assert "TRN and date of birth do not match" in review.text
    assert await count(db, "SELECT count(*) FROM induction_periods") == 0

    download = await signed_in.get(batch_url + "/errors")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert 'filename="Errors for claims.csv"' in download.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [row["TRN"] for row in rows] == ["12345", "7777777"]
    assert rows[0]["Error message"] == "Enter a valid TRN using 7 digits"

    token = csrf_token(review.text)
    first = await signed_in.post(batch_url + "/confirm", data={"_csrf_token": token})
    second = await signed_in.post(batch_url + "/confirm", data={"_csrf_token": token})
    assert (first.status_code, second.status_code) == (302, 302)
    assert await count(db, "SELECT count(*) FROM induction_periods") == 2
    done = await signed_in.get(batch_url)
    assert "Bulk upload complete" in done.text
    assert "2 early career teachers claimed" in done.text


async def test_an_actions_file_passes_and_releases(
    signed_in: httpx.AsyncClient, container: ApplicationContainer, db: AsyncEngine, north: int
) -> None:
    await claim(container, north, ADA)
    await claim(container, north, GRACE)
    content = (
        "TRN,Date of birth,Induction period end date,Number of terms,Outcome\n"
        f"{ADA},1990-05-17,2026-07-20,6,pass\n"
        f"{GRACE},1990-05-17,2026-07-20,2,Release\n"
        f"{KATHERINE},1990-05-17,2026-07-20,2,fail\n"
    )
    uploaded = await upload(signed_in, "actions", content, "actions.csv")
    batch_url = uploaded.headers["location"]
    await run_queued_checks(container, db)
    review = await signed_in.get(batch_url)
    assert "Fail cannot be recorded in bulk upload" in review.text
    await signed_in.post(batch_url + "/confirm", data={"_csrf_token": csrf_token(review.text)})
    done = await signed_in.get(batch_url)
    assert "1 passed induction recorded" in done.text
    assert "1 early career teacher released" in done.text
    assert await count(db, "SELECT count(*) FROM induction_periods WHERE outcome = 'pass'") == 1
    assert await count(db, "SELECT count(*) FROM induction_periods WHERE finished_on IS NOT NULL") == 2


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (CLAIMS_HEADER, "claims.csv", "The selected file is empty"),
        ("Name,Email\nAda,ada@example.org\n", "claims.csv", "The selected file must follow the template"),
        (MIXED_CLAIMS, "claims.txt", "The selected file must be a CSV"),
    ],
)
async def test_whole_file_problems_are_shown_on_the_file_input(
    signed_in: httpx.AsyncClient, content: str, filename: str, message: str
) -> None:
    response = await upload(signed_in, "claims", content, filename)
    assert response.status_code == 400
    assert field_error(response.text, "csv_file") == message
    assert 'href="#csv_file"' in response.text


async def test_no_file_selected(signed_in: httpx.AsyncClient) -> None:
    page = await signed_in.get("/appropriate-body/bulk/claims/new")
    response = await signed_in.post(
        "/appropriate-body/bulk/claims",
        data={"_csrf_token": csrf_token(page.text)},
        files={"csv_file": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 400
    assert field_error(response.text, "csv_file") == "Select a file"


async def test_another_bodys_batch_is_not_found(
    signed_in: httpx.AsyncClient, container: ApplicationContainer, south: int
) -> None:
    uploaded = await upload(signed_in, "claims", MIXED_CLAIMS)
    batch_url = uploaded.headers["location"]
    assert (await signed_in.get(batch_url.replace("/claims/", "/actions/"))).status_code == 404
    async with http_client(container) as other:
        sign_in_as(other, container, appropriate_body_user(south))
        assert (await other.get(batch_url)).status_code == 404
        assert (await other.get(batch_url + "/errors")).status_code == 404


async def test_confirming_before_the_check_is_refused(signed_in: httpx.AsyncClient) -> None:
    uploaded = await upload(signed_in, "claims", MIXED_CLAIMS)
    batch_url = uploaded.headers["location"]
    page = await signed_in.get("/appropriate-body/bulk/claims/new")
    response = await signed_in.post(batch_url + "/confirm", data={"_csrf_token": csrf_token(page.text)})
    assert response.status_code == 409
    assert "This upload cannot be confirmed now" in response.text


async def test_a_file_where_every_row_fails_cannot_be_confirmed(
    signed_in: httpx.AsyncClient, container: ApplicationContainer, db: AsyncEngine
) -> None:
    uploaded = await upload(signed_in, "claims", CLAIMS_HEADER + "12345,1990-05-17,provider-led,2024-09-02\n")
    await run_queued_checks(container, db)
    review = await signed_in.get(uploaded.headers["location"])
    assert "There are no rows we can apply" in review.text
    assert "/confirm" not in review.text


async def test_the_upload_page_lists_the_bodys_own_recent_uploads(
    signed_in: httpx.AsyncClient, container: ApplicationContainer, south: int
) -> None:
    empty = await signed_in.get("/appropriate-body/bulk/claims/new")
    assert "You have not uploaded any files of this kind yet." in empty.text
    uploaded = await upload(signed_in, "claims", MIXED_CLAIMS, filename="autumn-claims.csv")
    page = await signed_in.get("/appropriate-body/bulk/claims/new")
    assert "autumn-claims.csv" in page.text
    assert f'href="{uploaded.headers["location"]}"' in page.text
    actions = await signed_in.get("/appropriate-body/bulk/actions/new")
    assert "autumn-claims.csv" not in actions.text
    async with http_client(container) as other:
        sign_in_as(other, container, appropriate_body_user(south))
        assert "autumn-claims.csv" not in (await other.get("/appropriate-body/bulk/claims/new")).text
