"""Where runs execute: anything with the :class:`concurrent.futures.Executor` interface.

* :class:`SerialExecutor` runs each task in this process (debugging, tests, ``--jobs 1``);
* :func:`local_executor` is a :class:`~concurrent.futures.ProcessPoolExecutor` on local cores;
* :func:`dask_executor` connects to a Dask distributed scheduler and uses the client's
  executor (``distributed.Client(address).get_executor()``). Workers need supportsim installed;
  results come back to this process, which alone writes them, so no shared disk is needed.

A sweep only calls ``submit`` and waits on the returned futures, so any executor works.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from supportsim.errors import ConfigError, ExecutorLost
from supportsim.guard import check_jobs
from supportsim.workers import WORKER_DIED, stop_pool, worker_pool

P = ParamSpec("P")
T = TypeVar("T")


class SerialExecutor(Executor):
    """Runs every submitted call at once, in this process; returns a finished future."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Call ``fn(*args, **kwargs)`` now; its result or exception goes into the future."""
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # a task's failure belongs to its future, as in a pool
            future.set_exception(err)
        return future


def local_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool of ``workers`` processes (default: all local cores).

    Workers ignore Ctrl-C, so an interrupt reaches only the sweep, which stops cleanly, and
    they die with this process however it ends (see :mod:`supportsim.workers`).
    """
    n = check_jobs(workers, "workers") if workers is not None else os.cpu_count() or 1
    return worker_pool(n)


#: A scheduler address: ``[tcp|tls|ws|wss|ucx://]HOST:PORT``, HOST a name, IPv4 or [IPv6].
_ADDRESS = re.compile(
    r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})/?$"
)
#: Loggers of Dask and its network layer, quiet while supportsim owns the terminal.
_DASK_LOGGERS = ("distributed", "tornado", "asyncio")


def check_address(address: str) -> str:
    """Refuse a scheduler address that is not ``[scheme://]HOST:PORT`` (before any connection)."""
    match = _ADDRESS.match(address) if isinstance(address, str) else None
    if match is None or not 1 <= int(match.group(1)) <= 65535:
        raise ConfigError(
            f"--scheduler {address!r}: not a scheduler address; expected [tcp://]HOST:PORT,"
            " e.g. tcp://10.0.0.5:8786"
        )
    return address


@contextmanager
def _quiet_dask() -> Iterator[None]:
    """Keep Dask's connection logs (tracebacks of a lost scheduler) off the terminal; they
    stay quiet after a loss, as the client's last words come at exit."""
    names = [
        name
        for name in [*_DASK_LOGGERS, *logging.root.manager.loggerDict]
        if name.partition(".")[0] in _DASK_LOGGERS
    ]
    loggers = [logging.getLogger(name) for name in dict.fromkeys(names)]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    yield
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)


def _client(address: str, timeout: str) -> Any:
    from distributed import Client  # imported only when a cluster is asked for

    class _Client(Client):
        def __del__(self) -> None:  # a client that never connected has nothing to close
            with contextlib.suppress(Exception):
                super().__del__()

    try:
        return _Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ConfigError(f"--scheduler {address!r}: cannot connect ({first})") from None


@contextmanager
def dask_executor(address: str, timeout: str = "10s") -> Iterator[Executor]:
    """Connect to the Dask scheduler at ``address`` and yield its executor; close on exit.

    Parameters
    ----------
    address
        Scheduler address, e.g. ``tcp://10.0.0.5:8786`` or ``cluster.scheduler_address``.
    timeout
        How long to try to connect before giving up with a :class:`ConfigError`.

    Losing the scheduler while runs are in flight raises
    :class:`~supportsim.errors.ExecutorLost` (one line); runs already handed over stay saved.
    """
    check_address(address)
    import distributed  # noqa: F401  (its loggers must exist to be quieted)

    with _quiet_dask():
        client = _client(address, timeout)
        try:
            yield client.get_executor(pure=False)
        except (CancelledError, OSError, TimeoutError) as err:
            if isinstance(err, CancelledError) or client.status != "running":
                raise ExecutorLost(
                    f"--scheduler {address!r}: lost the connection to the Dask scheduler"
                    f" ({type(err).__name__})"
                ) from None
            raise
        finally:
            with contextlib.suppress(Exception):
                client.close(timeout=5)


@contextmanager
def open_executor(scheduler: str | None = None, workers: int | None = None) -> Iterator[Executor]:
    """The executor a sweep should use, closed on exit.

    Parameters
    ----------
    scheduler
        A Dask scheduler address; if given, runs go to that cluster.
    workers
        Local worker processes (default: all cores); ``1`` runs in this process.
    """
    if scheduler and workers is not None:
        raise ConfigError(
            f"--jobs {workers} with --scheduler {scheduler!r}: the cluster sets the workers;"
            " give one of them"
        )
    if scheduler:
        with dask_executor(scheduler) as ex:
            yield ex
        return
    if workers is not None:
        check_jobs(workers, "workers")
    if workers == 1:
        yield SerialExecutor()
        return
    pool = local_executor(workers)
    try:
        yield pool
    except BrokenProcessPool:
        stop_pool(pool)
        raise ExecutorLost(WORKER_DIED) from None
    except BaseException:
        stop_pool(pool)  # an error or Ctrl-C: drop queued runs, end running ones now
        raise
    pool.shutdown()


def capacity(executor: Executor) -> int:
    """How many tasks ``executor`` runs at once (a guess for unknown executor types)."""
    if isinstance(executor, SerialExecutor):
        return 1
    workers = getattr(executor, "_max_workers", None)
    if isinstance(workers, int):
        return workers
    client: Any = getattr(executor, "_client", None)
    if client is not None:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # a lost connection shows up when tasks are submitted
            return os.cpu_count() or 1
    return os.cpu_count() or 1
