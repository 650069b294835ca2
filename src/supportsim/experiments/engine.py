"""Run tasks on an executor, handing each result over as soon as it finishes.

At most a few tasks per worker are in flight at once, so results stream out while the
sweep runs, memory stays flat, and an interrupt loses at most the runs in progress.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait

from tqdm.auto import tqdm

from supportsim.experiments.executors import SerialExecutor, capacity
from supportsim.experiments.tasks import Task, run_task

OnResult = Callable[[Task, dict[str, float]], object]


def execute(
    tasks: Sequence[Task],
    executor: Executor,
    on_result: OnResult,
    *,
    total: int | None = None,
    progress: bool | None = None,
    desc: str = "simulating",
) -> int:
    """Run every task on ``executor``; call ``on_result(task, figures)`` as each finishes.

    Parameters
    ----------
    tasks
        Tasks still to run, in submission order.
    executor
        Any :class:`concurrent.futures.Executor` (see :mod:`supportsim.experiments.executors`).
    on_result
        Called in this process, once per finished task, in completion order.
    total
        Size of the whole job for the progress bar (tasks already done count as done).
    progress
        Show a progress bar (``tqdm.auto``): ``None`` shows it when attached to a terminal
        or notebook and the job takes more than two seconds.
    desc
        Progress-bar label.

    Returns
    -------
    int
        Tasks run.

    A task that raises stops the job: queued tasks are cancelled and the error is raised
    (results already handed over stay handed over). So does ``KeyboardInterrupt``.
    """
    size = total if total is not None else len(tasks)
    bar = tqdm(
        total=size,
        initial=size - len(tasks),
        desc=desc,
        unit="run",
        delay=2.0,
        disable=None if progress is None else not progress,
    )
    window = 1 if isinstance(executor, SerialExecutor) else 2 * capacity(executor)
    queue = iter(tasks)
    in_flight: dict[Future[dict[str, float]], Task] = {}

    def fill() -> None:
        while len(in_flight) < window:
            task = next(queue, None)
            if task is None:
                return
            in_flight[executor.submit(run_task, task)] = task

    ran = 0
    try:
        fill()
        while in_flight:
            done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: in_flight[f].id):
                task = in_flight.pop(future)
                on_result(task, future.result())
                ran += 1
                bar.update()
            fill()
    except BaseException:
        for future in in_flight:
            future.cancel()
        raise
    finally:
        bar.close()
    return ran
