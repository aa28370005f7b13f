"""The background worker: a procrastinate ``App`` running every registered task (see ``tasks``).

Jobs reach ``procrastinate_jobs`` through our outbox (``SqlAlchemyJobQueue``'s plain INSERT, committed with
the change that causes them); the worker fetches, runs, retries and finishes them. Procrastinate's own job log
lines print each job's arguments, which can hold personal data, so they are silenced and ``log_job`` writes
one line per run instead: task, job id, attempt and outcome — never the payload.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

import structlog
from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import JobRetry
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy
from procrastinate.worker import Worker
from sqlalchemy.engine import make_url

from application.shared.jobs import PermanentJobFailure
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.tasks import TaskFunction, all_tasks, periodic_schedules

DEFAULT_QUEUES: tuple[str, ...] = ("default", "mailers", "trs")
DEFAULT_CONCURRENCY = 4
WORKER_NAME = "rect-worker"

#: Up to 15 attempts (as the reference does for TRS), waiting 2, 4, 8 … seconds: the last retry comes about
#: 9 hours after the first failure, long enough to ride out an outage of TRS or Notify.
RETRY = RetryStrategy(max_attempts=15, exponential_wait=2)

log = structlog.get_logger("rect.worker")


class NoRetryOnPermanentFailure(BaseRetryStrategy):
    """``strategy``, except that a task raising ``PermanentJobFailure`` is failed at once, never retried."""

    def __init__(self, strategy: BaseRetryStrategy) -> None:
        self._strategy = strategy

    def get_retry_exception(self, exception: BaseException, job: Job) -> JobRetry | None:
        if isinstance(exception, PermanentJobFailure):
            return None
        return self._strategy.get_retry_exception(exception, job)


def libpq_url(url: str) -> str:
    """psycopg wants a libpq URL: drop any SQLAlchemy driver suffix (``postgresql+asyncpg://``)."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


class _NoJobDetails(logging.Filter):
    """Drops procrastinate's per-job lines: their text includes the job's arguments (``call_string``).

    A job for a task nobody registered never reaches ``log_job``, so that line is kept, rewritten without them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        action = getattr(record, "action", None)
        job = getattr(record, "job", None)
        if action == "task_not_found" and isinstance(job, dict):
            record.msg = "No task is registered under the name %r: job %s failed (queue %s)"
            record.args = (job.get("task_name"), job.get("id"), job.get("queue"))
            record.exc_info = None
            record.exc_text = None
            return True
        return job is None and action != "ending_job"


def _silence_job_details(worker_name: str) -> None:
    for name in ("procrastinate.worker", f"procrastinate.worker.{worker_name}"):
        target = logging.getLogger(name)
        if not any(isinstance(f, _NoJobDetails) for f in target.filters):
            target.addFilter(_NoJobDetails())


def _where(error: BaseException) -> str:
    """File and line where the error was raised: useful for debugging, and carries no data."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""


async def log_job(call_next: Callable[[], Awaitable[Any]], context: JobContext, worker: Worker) -> Any:
    """Worker middleware: one log line per run of a job, without its payload."""
    job = context.job
    fields = {"task": job.task_name, "job_id": job.id, "queue": job.queue, "attempt": job.attempts + 1}
    try:
        result = await call_next()
    except asyncio.CancelledError:
        # Cancelled: the worker is stopping and the graceful timeout ran out (the job is retried), or an abort.
        log.warning("job finished", **fields, outcome="aborted")
        raise
    except Exception as error:
        task = worker.app.tasks.get(job.task_name)
        retrying = task is not None and task.get_retry_exception(exception=error, job=job) is not None
        outcome = "failed, will retry" if retrying else "failed, giving up"
        if isinstance(error, PermanentJobFailure):
            fields["reason"] = error.reason  # safe to log by contract; other errors' texts may hold data
        (log.warning if retrying else log.error)(
            "job finished", **fields, outcome=outcome, error=type(error).__name__, where=_where(error)
        )
        raise
    log.info("job finished", **fields, outcome="succeeded")
    return result


def build_worker_app(
    container: ApplicationContainer,
    *,
    tasks: Mapping[str, TaskFunction] | None = None,
    retry: BaseRetryStrategy = RETRY,
    pool_size: int = DEFAULT_CONCURRENCY + 2,
) -> App:
    """A procrastinate App on the service's database (the same URL resolution as the web server and the CLI)."""
    connector = PsycopgConnector(
        conninfo=libpq_url(container.core.database_url()),
        min_size=1,
        max_size=pool_size,
        kwargs={"application_name": "rect-worker"},
    )
    app = App(connector=connector)
    schedules = periodic_schedules(container)
    strategy = NoRetryOnPermanentFailure(retry)
    for name, function in (all_tasks(container) if tasks is None else tasks).items():
        task = app.task(name=name, retry=strategy)(function)
        if name in schedules:
            app.periodic(cron=schedules[name], periodic_id=name)(task)
    return app


async def run_worker(
    app: App,
    *,
    queues: Iterable[str] = DEFAULT_QUEUES,
    concurrency: int = DEFAULT_CONCURRENCY,
    wait: bool = True,
    install_signal_handlers: bool = True,
    shutdown_graceful_timeout: float | None = 30,
    listen_notify: bool = True,
    name: str = WORKER_NAME,
) -> None:
    """Run jobs until stopped (SIGINT/SIGTERM or cancellation: running jobs get ``shutdown_graceful_timeout``
    seconds to finish, then they are aborted and retried later); with ``wait=False``, until the queues are empty."""
    _silence_job_details(name)
    queues = list(queues)
    log.info(
        "worker starting",
        queues=queues,
        concurrency=concurrency,
        tasks=sorted(n for n in app.tasks if not n.startswith(("builtin:", "procrastinate."))),
    )
    async with app.open_async():
        await app.run_worker_async(
            queues=queues,
            concurrency=concurrency,
            wait=wait,
            name=name,
            install_signal_handlers=install_signal_handlers,
            shutdown_graceful_timeout=shutdown_graceful_timeout,
            listen_notify=listen_notify,
            worker_middleware=[log_job],
        )
    log.info("worker stopped")
