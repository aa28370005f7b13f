"""What every school page needs: the signed-in school's URN."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import PermissionDeniedException

from entrypoints.http.session import current_user


def school_urn_of(request: Request[Any, Any, Any]) -> int:
    """The guard has already checked this is a school user; a missing URN is refused, never guessed."""
    user = current_user(request)
    if user is None or user.school_urn is None:
        raise PermissionDeniedException("Only school users can register early career teachers and mentors")
    return user.school_urn
