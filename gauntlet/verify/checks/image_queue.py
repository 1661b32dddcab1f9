"""Checks of a queue-driven image resizer: upload, wait for the worker, measure.

The verifier provides the queue and the store as folders on this machine,
because a solution in the sandbox's network namespace reaches no broker:

- the directory queue ``{queue_dir}``: one file per message, its content the
  solution's own format. A producer writes a message under a name starting
  with ``.`` and renames it into place, so a consumer never reads half a file.
  Consumers ignore dot-files and subfolders.
- or the SQLite queue ``{queue_db}``: a database file with the table
  ``messages (id INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL)``,
  in WAL mode. A producer inserts a row, a consumer deletes the row it took.
  The solution may add tables of its own (a dead-letter table, say);
- the directory store ``{store_dir}``: the worker writes the result of upload
  ``ID`` as ``ID.<ext>`` (any image format Pillow reads), also renamed into
  place.

The upload is ``POST /images?width=W&height=H`` with the image as the body,
and the response is 200, 201 or 202 with JSON ``{"id": ID}``.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, UnidentifiedImageError

from gauntlet.verify.checks import register_check
from gauntlet.verify.checks.live_server import fresh_folder, start_server
from gauntlet.verify.context import CheckContext
from gauntlet.verify.errors import SolutionError
from gauntlet.verify.manifest import manifest_error
from gauntlet.verify.result import CheckResult
from gauntlet.verify.sandbox import ManagedProcess

QUEUES = ("directory", "sqlite")
SQLITE_SCHEMA = (
    "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL)"
)
STORES = ("directory",)
ACCEPTED = (200, 201, 202)
POLL_SECONDS = 0.05

# Messages no worker can process: bytes that are no text, an empty file, and
# JSON that names an upload but carries no image.
POISON_MESSAGES = (
    b"\xff\xfe\x00poison\x80\x81",
    b"",
    b'{"id": "poison", "width": 10, "height": 10, "image": "!!not base64!!"}',
)


def sample_png(width: int, height: int) -> bytes:
    """Return a PNG with a gradient, so a resize has real pixels to work on."""
    image = Image.new("RGB", (width, height))
    image.putdata(
        [
            (x * 255 // width, y * 255 // height, 128)
            for y in range(height)
            for x in range(width)
        ]
    )
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def resolve_backends(context: CheckContext) -> tuple[str, str]:
    queue, store = context.options["queue"], context.options["store"]
    if queue not in QUEUES:
        raise manifest_error(
            context.manifest.path,
            f"key 'options.queue' is {queue!r}; the verifier provides {list(QUEUES)}",
        )
    if store not in STORES:
        raise manifest_error(
            context.manifest.path,
            f"key 'options.store' is {store!r}; the verifier provides {list(STORES)}",
        )
    return queue, store


@dataclass(frozen=True)
class Backends:
    """The queue and store the verifier made for one check, and how to say so."""

    queue: str
    queue_dir: Path
    queue_db: Path
    store_dir: Path
    description: str

    def placeholders(self) -> dict[str, Path]:
        return {
            "queue_dir": self.queue_dir,
            "queue_db": self.queue_db,
            "store_dir": self.store_dir,
        }


def prepare_backends(context: CheckContext) -> Backends:
    queue_kind, store_kind = resolve_backends(context)
    queue_dir = fresh_folder(context, "queue")
    queue_db = fresh_folder(context, "queue-db") / "queue.sqlite3"
    store_dir = fresh_folder(context, "store")
    if queue_kind == "sqlite":
        with contextlib.closing(sqlite3.connect(queue_db)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(SQLITE_SCHEMA)
            connection.commit()
    queue_name = queue_db.name if queue_kind == "sqlite" else queue_dir.name
    return Backends(
        queue_kind,
        queue_dir,
        queue_db,
        store_dir,
        f"queue: {queue_kind} {queue_name}, store: "
        f"{store_kind} {store_dir.name}, both in the sandbox's scratch folder",
    )


class Resizer:
    """The solution's API, and its separate worker if it has one, for one check."""

    def __init__(self, context: CheckContext, backends: Backends) -> None:
        self.store = backends.store_dir
        placeholders = backends.placeholders()
        self.processes: list[ManagedProcess] = []
        if context.has_command("worker"):
            # A worker listens on nothing, so it is started but not waited for.
            argv = context.command("worker", **placeholders)
            self.processes.append(context.sandbox.start(argv))
        self.api = start_server(context, "run", placeholders)
        self.processes.append(self.api.process)

    def stop(self) -> None:
        for process in self.processes:
            process.stop(grace_seconds=1.0)

    def exited(self) -> ManagedProcess | None:
        return next((p for p in self.processes if p.poll() is not None), None)

    def upload(self, data: bytes, width: int, height: int) -> str:
        response = httpx.post(
            f"{self.api.url}/images",
            params={"width": width, "height": height},
            content=data,
            headers={"Content-Type": "image/png"},
            timeout=5.0,
        )
        if response.status_code not in ACCEPTED:
            raise SolutionError(
                f"POST /images returned {response.status_code}, expected one of "
                f"{list(ACCEPTED)}: {response.text[:200]!r}"
            )
        try:
            identifier = response.json()["id"]
        except (ValueError, KeyError, TypeError) as err:
            raise SolutionError(
                'POST /images must return JSON {"id": ID}, got '
                f"{response.text[:200]!r}"
            ) from err
        return str(identifier)

    def wait_for_result(self, identifier: str, timeout: float) -> Path | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in self.store.iterdir():
                if path.stem == identifier and path.suffix != ".tmp":
                    return path
            time.sleep(POLL_SECONDS)
        return None


def image_size(path: Path) -> tuple[int, int] | str:
    """Return the decoded size of the image at ``path``, or why it cannot be read."""
    try:
        with Image.open(path) as image:
            image.load()
            width, height = image.size
    except (UnidentifiedImageError, OSError) as err:
        return f"{path.name!r} is not a readable image: {err}"
    return width, height


def verdict_on_size(
    path: Path | None,
    identifier: str,
    expected: tuple[int, int],
    where: str,
    timeout: float,
) -> CheckResult:
    if path is None:
        return CheckResult.fail(
            f"no stored image for upload {identifier!r} within {timeout:g} s ({where})",
            backends=where,
        )
    size = image_size(path)
    if isinstance(size, str):
        return CheckResult.fail(size, backends=where)
    if size != expected:
        return CheckResult.fail(
            f"stored image {path.name!r} is {size[0]}x{size[1]}, the upload asked "
            f"for {expected[0]}x{expected[1]} ({where})",
            backends=where,
        )
    return CheckResult.ok(
        f"stored image {path.name!r} is {size[0]}x{size[1]} as requested ({where})",
        backends=where,
    )


@register_check("resized-image-stored")
def check_resized_image(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Upload one image and check the stored result has the requested size."""
    source, target = params["source"], params["target"]
    timeout = float(params["timeout_seconds"])
    backends = prepare_backends(context)
    resizer = Resizer(context, backends)
    try:
        identifier = resizer.upload(sample_png(*source), *target)
        path = resizer.wait_for_result(identifier, timeout)
    finally:
        resizer.stop()
    return verdict_on_size(
        path, identifier, tuple(target), backends.description, timeout
    )


def enqueue_poison(backends: Backends) -> None:
    if backends.queue == "sqlite":
        with contextlib.closing(sqlite3.connect(backends.queue_db, timeout=5)) as db:
            db.executemany(
                "INSERT INTO messages (body) VALUES (?)",
                [(body,) for body in POISON_MESSAGES],
            )
            db.commit()
        return
    for number, body in enumerate(POISON_MESSAGES):
        temporary = backends.queue_dir / f".poison-{number}.tmp"
        temporary.write_bytes(body)
        os.replace(temporary, backends.queue_dir / f"poison-{number}.msg")


@register_check("poison-message-survived")
def check_poison_survived(
    context: CheckContext, params: Mapping[str, Any]
) -> CheckResult:
    """Put poison messages on the queue, then check a later upload still resizes."""
    target = params["target"]
    timeout = float(params["timeout_seconds"])
    backends = prepare_backends(context)
    resizer = Resizer(context, backends)
    poisoned = len(POISON_MESSAGES)
    try:
        enqueue_poison(backends)
        time.sleep(float(params["settle_seconds"]))
        exited = resizer.exited()
        if exited is not None:
            _, stderr = exited.output()
            return CheckResult.fail(
                f"a solution process exited after {poisoned} poison messages: "
                f"{stderr.strip()[-300:]!r}",
                backends=backends.description,
            )
        identifier = resizer.upload(sample_png(40, 30), *target)
        path = resizer.wait_for_result(identifier, timeout)
    finally:
        resizer.stop()
    result = verdict_on_size(
        path, identifier, tuple(target), backends.description, timeout
    )
    if not result.passed:
        return CheckResult.fail(
            f"after {poisoned} poison messages: {result.message}", **result.measurements
        )
    return CheckResult.ok(
        f"the worker survived {poisoned} poison messages, then stored a "
        f"{target[0]}x{target[1]} image ({backends.description})",
        backends=backends.description,
        poison_messages=poisoned,
    )
