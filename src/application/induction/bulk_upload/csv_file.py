"""Reading an uploaded CSV file: the whole-file checks (domain.md §5.4), before any row is looked at."""

from __future__ import annotations

import csv
import io

from application.induction.bulk_upload.batch import BatchKind
from domain.shared.errors import FieldError, ValidationFailed

CLAIM_HEADERS = ("TRN", "Date of birth", "Induction programme", "Induction period start date")
ACTION_HEADERS = ("TRN", "Date of birth", "Induction period end date", "Number of terms", "Outcome")
ERROR_HEADER = "Error message"
TEMPLATES = {BatchKind.CLAIM: CLAIM_HEADERS, BatchKind.ACTION: ACTION_HEADERS}

MAX_BYTES = 100 * 1024
MAX_ROWS = 1000
CSV_CONTENT_TYPES = ("text/csv", "text/comma-separated-values", "application/csv")


class UploadedFile:
    """The file as the browser sent it."""

    def __init__(self, filename: str, content: bytes, content_type: str | None = None) -> None:
        self.filename = filename
        self.content = content
        self.content_type = content_type


class ParsedFile:
    def __init__(self, headers: list[str], rows: list[tuple[int, dict[str, str]]]) -> None:
        self.headers = headers
        self.rows = rows
        """(line number in the file, cells by template header, trimmed)."""


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed([FieldError("csv_file", message)])


def read_csv(kind: BatchKind, upload: UploadedFile | None) -> ParsedFile:
    """Raises ``ValidationFailed`` on the ``csv_file`` field with the first whole-file problem."""
    if upload is None or not upload.filename:
        raise _refuse("Select a file")
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if not upload.filename.lower().endswith(".csv") or (content_type and content_type not in CSV_CONTENT_TYPES):
        raise _refuse("The selected file must be a CSV")
    if len(upload.content) > MAX_BYTES:
        raise _refuse("File size must be less than 100KB")
    records = _records(upload.content)
    template = TEMPLATES[kind]
    header_row = next((r for _, r in records), None)
    headers = [cell.strip() for cell in header_row] if header_row is not None else []
    allowed = ({*template}, {*template, ERROR_HEADER})
    if len(set(headers)) != len(headers) or set(headers) not in allowed:
        raise _refuse("The selected file must follow the template")
    rows: list[tuple[int, dict[str, str]]] = []
    for line, record in records[1:]:
        if len(record) > len(headers):
            raise _refuse("The selected file is malformed")
        cells = {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(headers)}
        if not cells["TRN"] or cells["TRN"].startswith("#"):
            continue  # comment lines and rows without a TRN are not rows
        rows.append((line, {h: cells[h] for h in template}))
    if not rows:
        raise _refuse("The selected file is empty")
    if len(rows) > MAX_ROWS:
        raise _refuse("The selected file must have fewer than 1000 rows")
    trns = [cells["TRN"] for _, cells in rows]
    if len(set(trns)) != len(trns):
        raise _refuse("The selected file has duplicate ECTs")
    return ParsedFile(headers, rows)


def _records(content: bytes) -> list[tuple[int, list[str]]]:
    """Non-blank records with their line numbers; anything that is not UTF-8 text in CSV form is malformed."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse("The selected file is malformed") from None
    if "\x00" in text:
        raise _refuse("The selected file is malformed")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, skipinitialspace=True)
    found: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for record in reader:
            if any(cell.strip() for cell in record) and not record[0].lstrip().startswith("#"):
                found.append((start, record))
            start = reader.line_num + 1
    except csv.Error:
        raise _refuse("The selected file is malformed") from None
    return found


def errors_csv(headers: list[str], rows: list[tuple[dict[str, str], str]]) -> str:
    """The rejected rows, every cell quoted, with their problems in an "Error message" column."""
    columns = [h for h in headers if h != ERROR_HEADER] + [ERROR_HEADER]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(columns)
    for cells, message in rows:
        writer.writerow([cells.get(c, "") for c in columns[:-1]] + [message])
    return out.getvalue()
