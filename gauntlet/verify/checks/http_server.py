"""Starting a solution's HTTP server and driving it with httpx.

A step is a mapping with ``method``, ``path`` (``{name}`` is replaced by a
captured value), optional ``json`` body, ``status`` (a code or a list of
accepted codes), optional ``location`` (the expected redirect target) and
``capture`` (name -> key of the JSON response body to keep).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.sandbox import ManagedProcess
from gauntlet.verify.sandbox.process import free_port, wait_for_port

REQUEST_TIMEOUT_SECONDS = 5.0
START_TIMEOUT_SECONDS = 10.0
_data_dirs = itertools.count(1)


def new_data_dir(context: CheckContext) -> Path:
    """Return a fresh folder for the server's data (``{data_dir}``)."""
    folder = context.sandbox.scratch / f"data-{next(_data_dirs)}"
    folder.mkdir()
    return folder


@contextmanager
def running_server(
    context: CheckContext, data_dir: Path
) -> Iterator[tuple[ManagedProcess, httpx.Client]]:
    """Start ``commands.run`` on a free port and yield it with a client for it."""
    port = free_port()
    process = context.sandbox.start(
        context.command("run", port=port, data_dir=data_dir)
    )
    try:
        wait_for_port(port, process, timeout=START_TIMEOUT_SECONDS)
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            timeout=REQUEST_TIMEOUT_SECONDS,
            follow_redirects=False,
        ) as client:
            yield process, client
    finally:
        process.stop()


def accepted(status: object) -> set[int]:
    if isinstance(status, int):
        return {status}
    if isinstance(status, Sequence):
        return {int(code) for code in status}
    return set(range(200, 300))


def describe_codes(codes: set[int]) -> str:
    """Return the codes as ranges of consecutive values: ``400-428/430-499``."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "/".join(
        str(first) if first == last else f"{first}-{last}" for first, last in ranges
    )


def send(
    client: httpx.Client, step: Mapping[str, Any], values: dict[str, str]
) -> httpx.Response:
    path = str(step["path"]).format_map(values)
    try:
        return client.request(step.get("method", "GET"), path, json=step.get("json"))
    except httpx.TimeoutException as err:
        raise SolutionError(
            f"{step.get('method', 'GET')} {path} timed out: {err}"
        ) from err
    except httpx.TransportError as err:
        raise SolutionError(
            f"{step.get('method', 'GET')} {path} failed: {err}"
        ) from err


def run_step(
    client: httpx.Client, step: Mapping[str, Any], values: dict[str, str]
) -> str | None:
    """Send one step; return what is wrong with the response, or None."""
    response = send(client, step, values)
    label = f"{response.request.method} {response.request.url.raw_path.decode()}"
    codes = accepted(step.get("status"))
    if response.status_code not in codes:
        return (
            f"{label} returned {response.status_code}, expected "
            f"{describe_codes(codes)}: {response.text[:200]!r}"
        )
    location = step.get("location")
    if location is not None and response.headers.get("location") != location:
        return (
            f"{label} redirected to {response.headers.get('location')!r}, "
            f"expected {location!r}"
        )
    for name, key in step.get("capture", {}).items():
        try:
            values[name] = str(response.json()[key])
        except (ValueError, KeyError, TypeError):
            return f"{label} returned no JSON key {key!r}: {response.text[:200]!r}"
    return None


def run_steps(
    client: httpx.Client, steps: Sequence[Mapping[str, Any]], values: dict[str, str]
) -> str | None:
    for step in steps:
        problem = run_step(client, step, values)
        if problem is not None:
            return problem
    return None
