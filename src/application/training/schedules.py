"""Set up the schedules (and their milestones) of a contract period."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.shared.errors import NotFound
from domain.training.schedules import Schedule, reference_schedules

from .ports import SchedulesUnitOfWork


class AddReferenceSchedules(msgspec.Struct, frozen=True):
    """Give a contract period the twelve standard schedules and milestones; existing ones are kept."""

    contract_period_year: int
    author: Author = Author.system()


class AddReferenceSchedulesHandler:
    def __init__(self, unit_of_work: Callable[[], SchedulesUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddReferenceSchedules) -> int:
        """Returns how many schedules were added."""
        added = 0
        async with self._unit_of_work() as uow:
            existing = {s.identifier for s in await uow.schedules.list_for(command.contract_period_year)}
            for schedule in reference_schedules(command.contract_period_year):
                if schedule.identifier in existing:
                    continue
                await uow.schedules.add(schedule)
                added += 1
                await uow.events.record(
                    Event(
                        type=EventType.SCHEDULE_ADDED,
                        heading=f"Schedule {schedule.identifier} was added to {command.contract_period_year}",
                        author=command.author,
                        happened_at=self._clock.now(),
                        links=EventLinks(schedule_id=schedule.id, contract_period_year=command.contract_period_year),
                    )
                )
            await uow.commit()
        return added


class GetSchedule:
    def __init__(self, unit_of_work: Callable[[], SchedulesUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self, contract_period_year: int, identifier: str) -> Schedule:
        async with self._unit_of_work() as uow:
            schedule = await uow.schedules.get(contract_period_year, identifier)
        if schedule is None:
            raise NotFound(f"There is no schedule {identifier} in {contract_period_year}")
        return schedule
