"""Local worker processes that leave no trace: they ignore Ctrl-C and die with their parent.

Every process pool of supportsim (:func:`supportsim.compare`, local sweeps) is made by
:func:`worker_pool`. Its workers

* ignore SIGINT: Ctrl-C is the parent's to handle (it stops and keeps what is saved), so
  the terminal shows one line, not a traceback per worker;
* die with their parent, however it ends (even SIGKILL): on Linux the kernel sends them
  SIGKILL when the parent goes (``prctl(PR_SET_PDEATHSIG)``); everywhere, a watchdog
  thread ends a worker whose parent process has changed (checked twice a second).

:func:`stop_pool` ends a pool at once (queued work dropped, running work killed): what
an interrupted command does.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

#: ``prctl`` option: the signal a process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1
#: How often the watchdog looks at the parent (seconds).
WATCH_INTERVAL = 0.5
#: What a command says when a worker process was killed under it.
WORKER_DIED = "a worker process died unexpectedly (killed, or out of memory?)"


def _death_signal() -> bool:
    """Ask the kernel for SIGKILL when the parent dies (Linux only); whether it was set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    """End this process as soon as its parent is no longer ``parent``."""
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(WATCH_INTERVAL)


def init_worker(parent: int) -> None:
    """Initializer of a pool worker: ignore Ctrl-C, die with ``parent`` (the pool's owner)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _death_signal()
    ppid = os.getppid()
    if ppid != parent and not _alive(parent):  # the owner went before the signal was set
        os._exit(1)
    threading.Thread(target=_watch, args=(ppid,), name="parent-watchdog", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` processes that ignore Ctrl-C and die with this process."""
    return ProcessPoolExecutor(
        max_workers=workers, initializer=init_worker, initargs=(os.getpid(),)
    )


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Drop queued work and kill the workers now (an interrupted command keeps nothing
    they are doing)."""
    procs = getattr(pool, "_processes", None)  # the pool's own record of its workers
    processes = list(procs.values()) if isinstance(procs, dict) else []
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.kill()
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.join(timeout=5)
