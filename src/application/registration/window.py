"""Is school registration open today? (The blackout dates are data: see ``RegistrationWindow``.)"""

from __future__ import annotations

from datetime import date

import msgspec

from application.shared.ports import Clock
from domain.registration.rules import RegistrationWindow


class RegistrationWindowState(msgspec.Struct, frozen=True, kw_only=True):
    open: bool
    reopens_on: date | None = None


class CheckRegistrationOpen:
    """Registering ECTs and mentors, assigning mentors and changing training programmes close in the window."""

    def __init__(self, window: RegistrationWindow, clock: Clock) -> None:
        self._window, self._clock = window, clock

    async def handle(self) -> RegistrationWindowState:
        today = self._clock.today()
        return RegistrationWindowState(open=self._window.is_open(today), reopens_on=self._window.reopens_on(today))
