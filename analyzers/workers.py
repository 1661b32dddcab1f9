"""Run lint tasks in forked worker processes, fed through pipes.

``concurrent.futures.ProcessPoolExecutor`` delays the first file of a cold
lint run: importing it and multiprocessing took 24 ms on the benchmark
machine (``python -X importtime``, CPython 3.11), and its manager thread
and queues start after that. That is a twentieth of a whole run on the
standard library. On Linux this module forks the workers directly:

- The task numbers are written into one pipe before forking, four bytes
  each. Every worker reads four bytes at a time from the shared read end.
  The pipe contains whole numbers only, and Linux takes the pipe's lock
  for each read, so each task goes to exactly one worker and a worker
  that finishes early takes the next one.
- Each worker writes its results to a pipe of its own, as length-prefixed
  pickles, and the parent reads all of them with ``poll`` so that no worker
  blocks on a full pipe.
- A task whose result never arrives (a worker crashed or was killed) is
  returned as missing, and the caller runs it in its own process, so a
  failed worker loses nothing.

On other systems the caller uses the executor. When no worker can be forked
at all, the caller checks every file in its own process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

# The parent writes every task number before forking, so they must fit in
# the pipe without blocking. 4 KiB (one page) is the least a Linux pipe
# holds: when a user's pipe buffers are capped, new pipes get one page.
MAX_TASKS = 1024
NUMBER = struct.Struct("<I")


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def run_forked(
    tasks: Sequence[Task],
    work: Callable[[Task], Result],
    workers: int,
) -> dict[int, Result]:
    """Run ``work`` on every task in ``workers`` forked processes.

    Returns the results by task index; an index that is missing had no
    result (its worker failed). Raises OSError when the workers cannot be
    started at all, and ValueError for more than ``MAX_TASKS`` tasks.
    """
    if len(tasks) > MAX_TASKS:
        raise ValueError(f"at most {MAX_TASKS} tasks per run, got {len(tasks)}")
    task_read, task_write = os.pipe()
    try:
        os.write(task_write, b"".join(NUMBER.pack(i) for i in range(len(tasks))))
    finally:
        os.close(task_write)
    children: dict[int, int] = {}  # result pipe read end -> pid
    try:
        for _ in range(workers):
            result_read, result_write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(result_read)
                serve(tasks, work, task_read, result_write)  # never returns
            os.close(result_write)
            children[result_read] = pid
    except BaseException:
        stop(children)
        raise
    finally:
        os.close(task_read)
    try:
        return collect(children)
    except BaseException:
        stop(children)
        raise


def serve(
    tasks: Sequence[Task], work: Callable[[Task], Result], tasks_in: int, out: int
) -> None:
    """Take task numbers until the pipe is empty; runs in the child only."""
    status = 1
    try:
        # Ctrl-C reaches the whole process group; the parent handles it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # A worker lives for one run and makes no reference cycles worth
        # collecting; the collector would only walk the parent's objects.
        gc.disable()
        while True:
            number = os.read(tasks_in, NUMBER.size)
            if len(number) < NUMBER.size:
                break
            (index,) = NUMBER.unpack(number)
            payload = pickle.dumps((index, work(tasks[index])), pickle.HIGHEST_PROTOCOL)
            write_all(out, NUMBER.pack(len(payload)) + payload)
        status = 0
    except BaseException:
        import traceback  # only here: a worker failing is a bug to report

        traceback.print_exc()
    finally:
        # os._exit: no atexit handlers and no flush of buffers copied from
        # the parent, which would print the parent's pending output twice.
        os._exit(status)


def write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def collect(children: dict[int, int]) -> dict[int, Result]:
    """Read every worker's results until all result pipes are closed.

    Frames are unpickled as they arrive, while the workers still run.
    """
    buffers = {descriptor: bytearray() for descriptor in children}
    results: dict[int, Result] = {}
    poller = select.poll()
    for descriptor in children:
        poller.register(descriptor, select.POLLIN)
    open_pipes = set(children)
    while open_pipes:
        for descriptor, _ in poller.poll():
            chunk = os.read(descriptor, 1 << 16)
            if chunk:
                buffers[descriptor] += chunk
                take_frames(buffers[descriptor], results)
            else:
                poller.unregister(descriptor)
                open_pipes.discard(descriptor)
                os.close(descriptor)
    for pid in children.values():
        os.waitpid(pid, 0)
    # A worker that died mid-write leaves part of a frame behind; it is
    # ignored, and that task counts as missing.
    return results


def take_frames(buffer: bytearray, results: dict[int, Result]) -> None:
    """Move each whole frame at the start of ``buffer`` into ``results``."""
    offset = 0
    while offset + NUMBER.size <= len(buffer):
        (size,) = NUMBER.unpack_from(buffer, offset)
        end = offset + NUMBER.size + size
        if end > len(buffer):
            break
        index, result = pickle.loads(buffer[offset + NUMBER.size : end])
        results[index] = result
        offset = end
    del buffer[:offset]


def stop(children: dict[int, int]) -> None:
    """Kill the workers and reap them; used when the parent is interrupted."""
    for descriptor, pid in children.items():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        with contextlib.suppress(OSError):
            os.close(descriptor)
