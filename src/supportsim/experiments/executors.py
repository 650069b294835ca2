"""Where runs execute: anything with the :class:`concurrent.futures.Executor` interface.

* :class:`SerialExecutor` runs each task in this process (debugging, tests, ``--jobs 1``);
* :func:`local_executor` is a :class:`~concurrent.futures.ProcessPoolExecutor` on local cores;
* :func:`dask_executor` connects to a Dask distributed scheduler and uses the client's
  executor (``distributed.Client(address).get_executor()``). Workers need supportsim installed;
  results come back to this process, which alone writes them, so no shared disk is needed.

A sweep only calls ``submit`` and waits on the returned futures, so any executor works.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from supportsim.errors import ConfigError

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


def _ignore_sigint() -> None:
    # Ctrl-C is the parent's to handle: it stops submitting and keeps what is saved.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def local_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool of ``workers`` processes (default: all local cores).

    Workers ignore Ctrl-C, so an interrupt reaches only the sweep, which stops cleanly.
    """
    n = workers or os.cpu_count() or 1
    if n < 1:
        raise ConfigError(f"workers = {workers!r}: must be >= 1")
    return ProcessPoolExecutor(max_workers=n, initializer=_ignore_sigint)


@contextmanager
def dask_executor(address: str, timeout: str = "10s") -> Iterator[Executor]:
    """Connect to the Dask scheduler at ``address`` and yield its executor; close on exit.

    Parameters
    ----------
    address
        Scheduler address, e.g. ``tcp://10.0.0.5:8786`` or ``cluster.scheduler_address``.
    timeout
        How long to try to connect before giving up with a :class:`ConfigError`.
    """
    from distributed import Client  # imported only when a cluster is asked for

    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ConfigError(f"--scheduler {address!r}: cannot connect ({first})") from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()


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
    if workers is not None and workers < 1:
        raise ConfigError(f"workers = {workers!r}: must be >= 1")
    if workers == 1:
        yield SerialExecutor()
        return
    pool = local_executor(workers)
    interrupted = True
    try:
        yield pool
        interrupted = False
    finally:
        # On an error or Ctrl-C, drop queued runs; a running one finishes on its own.
        pool.shutdown(wait=not interrupted, cancel_futures=True)


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
