"""Work spread over worker processes forked from the build, so they start with everything it has
already loaded and planned (nothing is pickled to them but the numbers of the items to do).

Fork only where it is safe and cheap: on Linux, from the main thread of a process that runs no
other thread (the preview server builds in a thread: it works in one process). Elsewhere (macOS
and Windows spawn instead of forking) the caller does the work itself. Workers end with the build
however it ends: they are stopped when the pool is left early, the kernel kills them if the build
dies (Linux's parent-death signal), and they ignore Ctrl+C, which the build itself answers.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class WorkerStopped(Exception):
    """A worker process ended without answering (killed, out of memory)."""


def can_fork() -> bool:
    """Forking workers is possible and safe here (see the module's docstring)."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.current_thread() is threading.main_thread() and threading.active_count() == 1)


def chunked(count: int, size: int) -> list[tuple[int, int]]:
    """range(count) in chunks of `size` (the last one shorter)."""
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def run_forked(work: Callable[[], None]) -> bool:
    """Run `work` in a forked child and wait for it: what it allocates (pickle's UTF-8 copies of
    every string it saves, for one) never weighs on this process. False when it could not be
    run there (no fork here, or it failed): the caller then does the work itself."""
    if not can_fork():
        return False
    pid = os.fork()
    if pid == 0:  # the child: never return into the build's own code
        status = 1
        try:
            _watch_parent()
            work()
            status = 0
        finally:
            os._exit(status)
    try:
        _, status = os.waitpid(pid, 0)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    return os.waitstatus_to_exitcode(status) == 0


class ForkPool(Generic[Result]):
    """`workers` processes that each run `work(index)` for the indices handed to them, in chunks.

    Create it (it forks at once) before starting any thread; use it as a context manager, which
    stops the workers when it is left (at once, when left by an exception).
    """

    def __init__(self, work: Callable[[int], Result], workers: int):
        context = multiprocessing.get_context("fork")
        self._workers: list[tuple[Any, multiprocessing.connection.Connection]] = []
        try:
            for _ in range(workers):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(work, theirs), daemon=True)
                process.start()
                theirs.close()
                self._workers.append((process, ours))
        except BaseException:
            self.close(stop=True)
            raise

    def __enter__(self) -> ForkPool[Result]:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        self.close(stop=exc_type is not None)

    def map(self, chunks: Sequence[tuple[int, int]], advance: Callable[[int], None] = lambda n: None
            ) -> Iterator[Result]:
        """work(i) for i in each chunk's range(start, end), in order; the chunks are handed out in
        order, one at a time to each worker that is free. A worker's exception is raised here, as it was."""
        busy: dict[multiprocessing.connection.Connection, int] = {}
        done: dict[int, list[Result]] = {}
        handed = given = 0
        for _, conn in self._workers:
            if handed < len(chunks):
                conn.send(chunks[handed])
                busy[conn] = handed
                handed += 1
        while given < len(chunks):
            while given not in done:
                for conn in multiprocessing.connection.wait(list(busy)):
                    done[busy.pop(conn)] = results = _receive(conn)  # type: ignore[arg-type]
                    advance(len(results))
                    if handed < len(chunks):
                        conn.send(chunks[handed])
                        busy[conn] = handed
                        handed += 1
            yield from done.pop(given)
            given += 1

    def close(self, stop: bool = False) -> None:
        """Let the workers end (or stop them at once) and wait for them."""
        for process, conn in self._workers:
            try:
                if stop:
                    process.terminate()
                else:
                    conn.send(None)
            except (OSError, ValueError):
                pass  # already gone
        for process, conn in self._workers:
            process.join()
            conn.close()
        self._workers = []


def _receive(conn: multiprocessing.connection.Connection) -> list:
    try:
        kind, value = conn.recv()
    except (EOFError, OSError) as exc:
        raise WorkerStopped("a worker process stopped (out of memory?); build with --jobs 1") from exc
    if kind == "raised":
        raise value
    return value


def _serve(work: Callable[[int], Any], conn: multiprocessing.connection.Connection) -> None:
    """In each worker: do the chunks handed over until told to stop."""
    _watch_parent()
    while True:
        task = conn.recv()
        if task is None:
            return
        try:
            answer: tuple[str, Any] = ("done", [work(index) for index in range(*task)])
        except BaseException as exc:  # noqa: BLE001 - handed to the build, which reports it as it would its own
            answer = ("raised", exc)
        try:
            conn.send(answer)
        except (pickle.PicklingError, TypeError, AttributeError):
            conn.send(("raised", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}")))


def end_with_build() -> None:
    """In a worker (of any pool of the build): end when the build process ends, whatever ends it,
    and leave SIGTERM and SIGHUP to the build (its own handler, forked with it, is not for workers)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):  # a closed terminal: the same (no SIGHUP on Windows)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # the thread below still ends this worker, a moment later
    parent = multiprocessing.parent_process()
    if parent is not None:  # also covers a parent that died before prctl above
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()


def _end_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])  # ready when the parent process has ended
    os._exit(1)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a process pool's workers now, work half done included (cache files are written whole
    or not at all)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _watch_parent() -> None:
    """End with the build; leave Ctrl+C to it too (it reaches the whole group: the build stops us)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_build()
