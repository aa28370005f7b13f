"""Bulk upload of claims and actions (CSV): upload, wait for the background check, review, download the rejected
rows, confirm.

The check runs as the ``induction.process_batch`` job; until it is done the batch page refreshes itself every
few seconds (a ``<meta http-equiv="refresh">``: no JavaScript needed). Confirming twice is harmless: the use case
does nothing for a completed batch.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from application.induction.bulk_upload.batch import BatchKind, BatchStatus
from application.induction.bulk_upload.confirm_batch import ConfirmBatch, ConfirmBatchHandler
from application.induction.bulk_upload.queries import BatchSummary, DownloadBatchErrors, GetBatch
from application.induction.bulk_upload.upload_batch import UploadBatch, UploadBatchHandler
from application.induction.queries import RecentBatches
from application.induction.read_models import BatchListItem
from domain.shared.errors import Conflict, NotFound, ValidationFailed
from entrypoints.http.appropriate_body.common import BASE, author, body_id
from entrypoints.http.appropriate_body.common import page as render
from entrypoints.http.appropriate_body.forms import Form

KINDS = {"claims": BatchKind.CLAIM, "actions": BatchKind.ACTION}
#: How many rejected rows the review page lists (the download has them all).
FIRST_ERRORS = 10
REFRESH_SECONDS = 3


def _kind(kind: str) -> BatchKind:
    if kind not in KINDS:
        raise NotFound("Page not found")
    return KINDS[kind]


def _upload_page(
    request: Request[Any, Any, Any], kind: str, form: Form, recent: list[BatchListItem] | None = None
) -> Template:
    return render(request, "bulk/new.html", form, kind=kind, batch_kind=_kind(kind).value, recent=recent or [])


@get("/bulk/{kind:str}")
async def bulk_index(kind: FromPath[str]) -> Redirect:
    _kind(kind)
    return Redirect(path=f"{BASE}/bulk/{kind}/new")


@get("/bulk/{kind:str}/new")
async def new_upload(
    request: Request[Any, Any, Any], recent_batches: NamedDependency[RecentBatches], kind: FromPath[str]
) -> Template:
    recent = await recent_batches.handle(body_id(request), _kind(kind))
    return _upload_page(request, kind, Form(), recent)


@post("/bulk/{kind:str}")
async def upload(
    request: Request[Any, Any, Any], upload_batch: NamedDependency[UploadBatchHandler], kind: FromPath[str]
) -> Template | Redirect:
    batch_kind = _kind(kind)
    data = await request.form()
    file = data.get("csv_file")
    form = Form()
    if isinstance(file, UploadFile) and file.filename:
        filename, content, content_type = file.filename, await file.read(), file.content_type
    else:
        filename, content, content_type = "", b"", None
    try:
        batch_id = await upload_batch.handle(
            UploadBatch(
                appropriate_body_id=body_id(request),
                kind=batch_kind,
                filename=filename,
                content=content,
                content_type=content_type,
                author=author(request),
            )
        )
    except ValidationFailed as failed:
        form.add_all(failed.errors)
        return _upload_page(request, kind, form)
    return Redirect(path=f"{BASE}/bulk/{kind}/{batch_id}")


async def _batch(request: Request[Any, Any, Any], get_batch: GetBatch, kind: str, batch_id: int) -> BatchSummary:
    batch = await get_batch.handle(batch_id, body_id(request))
    if batch.kind is not _kind(kind):
        raise NotFound("Batch not found")
    return batch


def _batch_page(
    request: Request[Any, Any, Any],
    kind: str,
    batch: BatchSummary,
    form: Form | None = None,
    status_code: int | None = None,
) -> Template:
    return render(
        request,
        "bulk/show.html",
        form,
        status_code=status_code,
        kind=kind,
        batch=batch,
        statuses=BatchStatus,
        good_rows=batch.uploaded_count - batch.errored_count,
        first_errors=batch.rejected[:FIRST_ERRORS],
        refresh_seconds=REFRESH_SECONDS if batch.status in (BatchStatus.PENDING, BatchStatus.PROCESSING) else None,
    )


@get("/bulk/{kind:str}/{batch_id:int}")
async def show_batch(
    request: Request[Any, Any, Any], get_batch: NamedDependency[GetBatch], kind: FromPath[str], batch_id: FromPath[int]
) -> Template:
    return _batch_page(request, kind, await _batch(request, get_batch, kind, batch_id))


@get("/bulk/{kind:str}/{batch_id:int}/errors")
async def download_errors(
    request: Request[Any, Any, Any],
    get_batch: NamedDependency[GetBatch],
    download_batch_errors: NamedDependency[DownloadBatchErrors],
    kind: FromPath[str],
    batch_id: FromPath[int],
) -> Response[str]:
    await _batch(request, get_batch, kind, batch_id)
    download = await download_batch_errors.handle(batch_id, body_id(request))
    filename = download.filename if download.filename.lower().endswith(".csv") else f"{download.filename}.csv"
    safe = filename.replace('"', "").replace("\r", "").replace("\n", "")
    return Response(
        download.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )


@post("/bulk/{kind:str}/{batch_id:int}/confirm")
async def confirm_upload(
    request: Request[Any, Any, Any],
    get_batch: NamedDependency[GetBatch],
    confirm_batch: NamedDependency[ConfirmBatchHandler],
    kind: FromPath[str],
    batch_id: FromPath[int],
) -> Template | Redirect:
    await _batch(request, get_batch, kind, batch_id)
    try:
        await confirm_batch.handle(
            ConfirmBatch(appropriate_body_id=body_id(request), batch_id=batch_id, author=author(request))
        )
    except Conflict as conflict:
        form = Form()
        form.add("base", conflict.message)
        return _batch_page(request, kind, await _batch(request, get_batch, kind, batch_id), form, status_code=409)
    return Redirect(path=f"{BASE}/bulk/{kind}/{batch_id}")


ROUTES = [bulk_index, new_upload, upload, show_batch, download_errors, confirm_upload]
