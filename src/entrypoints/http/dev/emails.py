"""``/dev/emails``: the emails the recording notifier kept (when GOV.UK Notify is not configured).

Only where personas are on or in development and test; anywhere else the pages do not exist (404), since
they show other people's emails to anyone who can reach them.
"""

from __future__ import annotations

from typing import Any

from litestar import Router, get
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from application.shared.notifications import SentEmailQueries
from application.shared.pagination import PageRequest
from entrypoints.containers import ApplicationContainer
from entrypoints.settings import Settings

PER_PAGE = 20


def dev_tools_enabled(settings: Settings) -> bool:
    return settings.enable_personas or settings.environment in ("development", "test")


@get("/")
async def index(
    sent_emails: NamedDependency[SentEmailQueries],
    uses_notify: NamedDependency[bool],
    page: FromQuery[str | None] = None,
) -> Template:
    results = await sent_emails.list(PageRequest.from_query(page, PER_PAGE))
    return Template(template_name="dev/emails/index.html", context={"results": results, "uses_notify": uses_notify})


@get("/{email_id:int}")
async def show(sent_emails: NamedDependency[SentEmailQueries], email_id: FromPath[int]) -> Template:
    email = await sent_emails.get(email_id)
    if email is None:
        raise NotFoundException()
    return Template(template_name="dev/emails/show.html", context={"email": email})


def build_router(container: ApplicationContainer) -> Router:
    def only_where_enabled(_connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
        if not dev_tools_enabled(container.core.settings()):
            raise NotFoundException()

    return Router(
        path="/dev/emails",
        route_handlers=[index, show],
        dependencies={
            "sent_emails": Provide(lambda: container.core.sent_emails(), sync_to_thread=False),
            "uses_notify": Provide(lambda: bool(container.core.settings().govuk_notify_api_key), sync_to_thread=False),
        },
        guards=[only_where_enabled],
        include_in_schema=False,
    )
