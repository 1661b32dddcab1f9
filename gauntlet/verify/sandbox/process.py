"""Running solution processes in the sandbox's working copy, with limits."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gauntlet.verify.errors import SandboxError, SolutionError
from gauntlet.verify.sandbox.limits import Limits, limited_argv

logger = logging.getLogger(__name__)

# What is never copied into the working copy: version control, environments
# and caches that can be large and that no check reads.
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "__pycache__", "*.pyc", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".gauntlet_cache", "*.egg-info",
    "node_modules", ".tox", "dist", "build",
)  # fmt: skip
OUTPUT_LIMIT = 4 * 1024 * 1024  # bytes of stdout or stderr kept per process
POLL_SECONDS = 0.005


@dataclass(frozen=True)
class RunResult:
    """How a command ended and what it wrote.

    ``peak_rss_bytes`` is the maximum resident set size of the process and of
    the descendants it waited for, from ``wait4``.
    """

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_bytes: int
    timed_out: bool

    @property
    def signal(self) -> int | None:
        return -self.returncode if self.returncode < 0 else None

    def error_tail(self, lines: int = 2) -> str:
        """Return the last non-blank lines of stderr (or stdout), joined by ' | '."""
        text = self.stderr if self.stderr.strip() else self.stdout
        kept = [line.strip() for line in text.splitlines() if line.strip("-=^~ \t")]
        return " | ".join(kept[-lines:])

    def describe(self) -> str:
        """Return one line saying how the command ended, for messages."""
        command = Path(self.argv[1 if len(self.argv) > 1 else 0]).name
        if self.timed_out:
            return f"{command!r} timed out after {self.seconds:.1f} s and was killed"
        if self.signal is not None:
            return f"{command!r} was killed by {signal.Signals(self.signal).name}"
        return f"{command!r} exited with {self.returncode}"


class ManagedProcess:
    """A long-running solution process (a server, a worker) in its own group."""

    def __init__(self, popen: subprocess.Popen[bytes], stdout: Path, stderr: Path):
        self.popen = popen
        self.stdout_path = stdout
        self.stderr_path = stderr

    @property
    def pid(self) -> int:
        return self.popen.pid

    def poll(self) -> int | None:
        return self.popen.poll()

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signum)

    def kill(self) -> None:
        """Kill the whole process group at once, as a crash or power cut would."""
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)

    def stop(self, grace_seconds: float = 3.0) -> int | None:
        """Send SIGTERM to the group, then SIGKILL after ``grace_seconds``."""
        if self.popen.poll() is None:
            self.signal_group(signal.SIGTERM)
            try:
                self.popen.wait(timeout=grace_seconds)
            except subprocess.TimeoutExpired:
                self.kill()
        self.signal_group(signal.SIGKILL)  # anything the leader left behind
        return self.popen.returncode

    def output(self) -> tuple[str, str]:
        return read_capped(self.stdout_path), read_capped(self.stderr_path)


def read_capped(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            data = stream.read(OUTPUT_LIMIT)
    except FileNotFoundError:
        return ""
    return data.decode("utf-8", errors="replace")


class Sandbox:
    """A temporary working copy of a solution and the processes run on it.

    ``root`` contains ``work`` (the copy, the processes' working folder),
    ``home`` (their HOME) and ``scratch`` (the verifier's own files, such as
    generated input). Every process gets its own process group, the rlimits
    of ``limits`` and a small environment; ``close`` kills whatever is left.
    """

    def __init__(self, root: Path, solution: Path, limits: Limits | None = None):
        self.root = root
        self.limits = limits or Limits()
        self.work = root / "work"
        self.home = root / "home"
        self.scratch = root / "scratch"
        self._processes: list[ManagedProcess] = []
        self._counter = 0
        try:
            shutil.copytree(solution, self.work, ignore=COPY_IGNORE, symlinks=True)
            self.home.mkdir()
            self.scratch.mkdir()
            (self.scratch / "tmp").mkdir()
        except OSError as err:
            raise SandboxError(
                f"cannot copy {str(solution)!r} into {root}: {err}"
            ) from err

    def environment(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "TMPDIR": str(self.scratch / "tmp"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "NO_COLOR": "1",
        }
        env.update(extra or {})
        return env

    def _log_paths(self) -> tuple[Path, Path]:
        self._counter += 1
        base = self.scratch / f"process-{self._counter}"
        return base.with_suffix(".out"), base.with_suffix(".err")

    def _popen(
        self,
        argv: Sequence[str],
        env: Mapping[str, str] | None,
        cwd: Path | None,
        stdin: Path | None,
    ) -> tuple[subprocess.Popen[bytes], Path, Path]:
        stdout_path, stderr_path = self._log_paths()
        with contextlib.ExitStack() as stack:
            out = stack.enter_context(stdout_path.open("wb"))
            err = stack.enter_context(stderr_path.open("wb"))
            source = stack.enter_context(stdin.open("rb")) if stdin else None
            try:
                popen = subprocess.Popen(
                    limited_argv(argv, self.limits),
                    cwd=cwd or self.work,
                    env=self.environment(env),
                    stdin=source if source else subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    start_new_session=True,
                )
            except OSError as error:
                raise SolutionError(f"cannot start {argv[0]!r}: {error}") from error
        return popen, stdout_path, stderr_path

    def run(
        self,
        argv: Sequence[str],
        *,
        timeout: float | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        stdin: Path | None = None,
    ) -> RunResult:
        """Run ``argv`` to completion, killing its process group at ``timeout``."""
        limit = timeout if timeout is not None else self.limits.wall_seconds
        popen, stdout_path, stderr_path = self._popen(argv, env, cwd, stdin)
        started = time.perf_counter()
        status, peak, timed_out = wait_or_kill(popen.pid, started + limit)
        seconds = time.perf_counter() - started
        popen.returncode = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(popen.pid, signal.SIGKILL)  # leftovers of the group
        return RunResult(
            argv=tuple(argv),
            returncode=popen.returncode,
            stdout=read_capped(stdout_path),
            stderr=read_capped(stderr_path),
            seconds=seconds,
            peak_rss_bytes=peak,
            timed_out=timed_out,
        )

    def start(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> ManagedProcess:
        """Start ``argv`` in the background; ``close`` stops it if you do not."""
        popen, stdout_path, stderr_path = self._popen(argv, env, cwd, None)
        process = ManagedProcess(popen, stdout_path, stderr_path)
        self._processes.append(process)
        return process

    def python(self) -> str:
        """Return the interpreter solutions written in Python run on."""
        return sys.executable

    def close(self) -> None:
        """Stop every process started with ``start`` that is still running."""
        for process in self._processes:
            process.stop(grace_seconds=1.0)
        self._processes.clear()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def wait_or_kill(pid: int, deadline: float) -> tuple[int, int, bool]:
    """Wait for ``pid``, killing its process group at ``deadline``.

    Returns the wait status, the peak RSS in bytes (from ``wait4``) and
    whether the deadline passed.
    """
    while True:
        waited, status, usage = os.wait4(pid, os.WNOHANG)
        if waited:
            return status, usage.ru_maxrss * 1024, False  # Linux reports KiB
        if time.perf_counter() >= deadline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            return status, usage.ru_maxrss * 1024, True
        time.sleep(POLL_SECONDS)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(
    port: int, process: ManagedProcess | None = None, timeout: float = 10.0
) -> None:
    """Wait until something accepts connections on 127.0.0.1:``port``.

    Raises
    ------
    SolutionError
        When ``process`` exits first or nothing listens within ``timeout``.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            _, stderr = process.output()
            raise SolutionError(
                f"the solution exited with {process.poll()} before listening on "
                f"port {port}: {stderr.strip()[-500:]}"
            )
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise SolutionError(f"nothing listened on 127.0.0.1:{port} within {timeout} s")
