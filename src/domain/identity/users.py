"""People who use the service and what they may do."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from domain.shared.errors import DomainError


class DfERole(enum.StrEnum):
    ADMIN = "admin"
    USER_MANAGER = "user_manager"
    FINANCE = "finance"
    PRODUCT_TEAM = "product_team"


class UserError(DomainError):
    code = "invalid_user"


DFE_EMAIL_DOMAINS = ("@education.gov.uk", "@digital.education.gov.uk")


@dataclass(slots=True)
class DfEUser:
    """A member of DfE staff: support, finance or product team."""

    email: str
    name: str
    role: DfERole = DfERole.ADMIN
    id: int | None = None

    def __post_init__(self) -> None:
        self.email = self.email.strip().lower()
        self.name = " ".join(self.name.split())
        if not self.name:
            raise UserError("Enter a name", field="name")
        if not self.email.endswith(DFE_EMAIL_DOMAINS):
            raise UserError("Enter an education.gov.uk email address", field="email")

    @property
    def can_use_admin_console(self) -> bool:
        return True

    @property
    def can_use_finance(self) -> bool:
        return self.role in (DfERole.FINANCE, DfERole.PRODUCT_TEAM)

    @property
    def can_manage_users(self) -> bool:
        return self.role in (DfERole.USER_MANAGER, DfERole.FINANCE, DfERole.PRODUCT_TEAM)
