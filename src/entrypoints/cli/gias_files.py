"""Reading GIAS CSV extracts (the register publishes them in ISO-8859-1, or UTF-8 with a BOM)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from application.schools.import_gias import GiasRow


def _encoding_of(path: Path) -> str:
    head = path.read_bytes()[:4096]
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "iso-8859-1"
    return "utf-8"


def count_rows(path: Path) -> int:
    with path.open(encoding=_encoding_of(path), newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def read_rows(path: Path) -> Iterator[GiasRow]:
    """Yield each data row with its line number; short rows are padded, so a missing trailing cell is blank."""
    with path.open(encoding=_encoding_of(path), newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        header = [h.strip() for h in header]
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            padded = cells + [""] * (len(header) - len(cells))
            yield GiasRow(line=line, values=dict(zip(header, padded, strict=False)))
