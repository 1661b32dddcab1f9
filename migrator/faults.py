"""Fault injection for tests: make the runner fail or die at a chosen point.

The runner calls :func:`checkpoint` before and after each step and each
journal or history write. Checkpoints are numbered from 1 in the order they
are reached in this process. The environment variable ``MIGRATOR_FAULTS``
selects what happens, as comma-separated settings:

``kill-at=N``
    SIGKILL this process at checkpoint N (no cleanup, like a power loss).
``fail-at=N``
    raise :class:`InjectedFault` at checkpoint N, as if the step failed.
``kill-on=TEXT``
    SIGKILL this process at the first checkpoint whose label contains TEXT.
``fail-on=TEXT``
    raise :class:`InjectedFault` at the first checkpoint whose label
    contains TEXT.
``trace=PATH``
    append ``N<TAB>label`` for every checkpoint to PATH, to count them.

Tests in the same process use :func:`add_hook` instead; a hook receives the
checkpoint number and label and may raise.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass

from migrator.errors import MigratorError

ENVIRONMENT_VARIABLE = "MIGRATOR_FAULTS"

Hook = Callable[[int, str], None]
SETTINGS = frozenset({"kill-at", "kill-on", "fail-at", "fail-on", "trace"})


class InjectedFault(MigratorError):
    """The failure that ``fail-at`` / ``fail-on`` or a hook asked for."""

    exit_code = 1


class FaultSpecError(MigratorError):
    """``MIGRATOR_FAULTS`` could not be parsed."""


@dataclass(frozen=True)
class FaultSpec:
    """The parsed value of ``MIGRATOR_FAULTS``."""

    kill_at: int | None = None
    fail_at: int | None = None
    fail_on: str | None = None
    trace: str | None = None
    kill_on: str | None = None


class _Registry:
    """The process-wide checkpoint counter, parsed spec and hooks."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.spec: FaultSpec | None = None
        self.hooks: list[Hook] = []


_registry = _Registry()


def parse_spec(text: str) -> FaultSpec:
    """Parse a ``MIGRATOR_FAULTS`` value such as ``"kill-at=17"``."""
    values: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, separator, value = item.partition("=")
        if not separator or name not in SETTINGS:
            raise FaultSpecError(
                f"{ENVIRONMENT_VARIABLE}: invalid setting {item!r}; use "
                "kill-at=N, kill-on=TEXT, fail-at=N, fail-on=TEXT or trace=PATH"
            )
        values[name] = value
    try:
        kill_at = int(values["kill-at"]) if "kill-at" in values else None
        fail_at = int(values["fail-at"]) if "fail-at" in values else None
    except ValueError as err:
        raise FaultSpecError(
            f"{ENVIRONMENT_VARIABLE}: checkpoint numbers must be integers: {err}"
        ) from err
    return FaultSpec(
        kill_at,
        fail_at,
        values.get("fail-on"),
        values.get("trace"),
        values.get("kill-on"),
    )


def current_spec() -> FaultSpec:
    """Return the spec from the environment, read once per :func:`reset`."""
    if _registry.spec is None:
        _registry.spec = parse_spec(os.environ.get(ENVIRONMENT_VARIABLE, ""))
    return _registry.spec


def checkpoint(label: str) -> int:
    """Count one checkpoint and apply any fault planned for it.

    Returns the checkpoint's number.
    """
    spec = current_spec()
    with _registry.lock:
        _registry.count += 1
        number = _registry.count
        hooks = list(_registry.hooks)
    if spec.trace:
        with open(spec.trace, "a", encoding="utf-8") as trace:
            trace.write(f"{number}\t{label}\n")
    if spec.kill_at == number or (spec.kill_on and spec.kill_on in label):
        os.kill(os.getpid(), signal.SIGKILL)
    if spec.fail_at == number or (spec.fail_on and spec.fail_on in label):
        raise InjectedFault(f"injected fault at checkpoint {number} ({label})")
    for hook in hooks:
        hook(number, label)
    return number


def add_hook(hook: Hook) -> Callable[[], None]:
    """Call ``hook`` at every checkpoint; return a function that removes it."""
    with _registry.lock:
        _registry.hooks.append(hook)

    def remove() -> None:
        with _registry.lock:
            if hook in _registry.hooks:
                _registry.hooks.remove(hook)

    return remove


def reset() -> None:
    """Restart numbering at 1, drop hooks and read the environment again."""
    with _registry.lock:
        _registry.count = 0
        _registry.spec = None
        _registry.hooks.clear()
