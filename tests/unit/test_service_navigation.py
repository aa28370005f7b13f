"""The service navigation offers each kind of user their own area, and marks where they are."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from entrypoints.http.templating import service_navigation


def request(path: str, user: dict[str, Any] | None) -> Any:
    return SimpleNamespace(
        scope={"session": {}}, session={"user": user} if user else {}, url=SimpleNamespace(path=path)
    )


def links(path: str, kind: str | None) -> list[tuple[str, bool]]:
    items = service_navigation(request(path, {"kind": kind} if kind else None))
    return [(item["text"], bool(item.get("active"))) for item in items]


def test_each_kind_of_user_gets_their_area() -> None:
    assert links("/", None) == []
    assert links("/admin/schools", "dfe") == [("Schools", True), ("Teachers", False), ("Sign out", False)]
    assert links("/admin/teachers/x", "dfe") == [("Schools", False), ("Teachers", True), ("Sign out", False)]
    assert links("/school/ects/3", "school") == [("Home", True), ("Sign out", False)]
    assert links("/appropriate-body/bulk/claims/new", "appropriate_body") == [
        ("ECTs", False),
        ("Bulk upload", True),
        ("Sign out", False),
    ]
