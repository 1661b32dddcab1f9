"""A generated Nginx access log whose slowest endpoints are known.

Lines follow the combined format with ``$request_time`` (seconds) appended.
Each endpoint has a base latency 50 ms apart from the next and jitter of at
most 10 ms, so the ranking by maximum, mean, median or any percentile is the
same. A solution is then judged on parsing rather than on the statistic it
picked. Query strings are not part of the endpoint.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

ENDPOINTS = 40
BASE_STEP_SECONDS = 0.05
JITTER_SECONDS = 0.01
METHODS = ("GET", "GET", "GET", "POST", "PUT", "DELETE")
STATUSES = (200, 200, 200, 201, 204, 301, 404, 500)

# Lines a parser must skip. The last ones carry a huge latency on a path that
# is not an endpoint of the log, so a parser that takes the last field of any
# line puts that path into its top 10.
MALFORMED = (
    "",
    "garbage without any structure",
    '127.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/truncated',
    '127.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET /api/r1 HTTP/1.1" 200 512 '
    '"-" "curl/8.5" not-a-number',
    '127.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "\\x16\\x03\\x01" 400 0 "-" "-" -',
    "/trap/no-request-line 99.999",
    '"GET /trap/half-a-line HTTP/1.1" 99.999',
)


@dataclass(frozen=True)
class GeneratedLog:
    """A written log and the answer a solution must print."""

    path: Path
    lines: int
    top10: tuple[str, ...]


def endpoint(index: int) -> str:
    return f"/api/v1/resource{index:02d}"


def base_latency(index: int) -> float:
    return 0.01 + BASE_STEP_SECONDS * index


def expected_top10() -> tuple[str, ...]:
    ranked = sorted(range(ENDPOINTS), key=base_latency, reverse=True)
    return tuple(endpoint(index) for index in ranked[:10])


def log_line(generator: random.Random, index: int) -> str:
    address = f"127.0.{generator.randrange(256)}.{generator.randrange(1, 255)}"
    minute, second = divmod(generator.randrange(3600), 60)
    path = endpoint(index)
    if generator.random() < 0.2:
        path += f"?page={generator.randrange(1, 9)}"
    latency = base_latency(index) + generator.uniform(0, JITTER_SECONDS)
    return (
        f"{address} - - [04/Dec/2026:10:{minute:02d}:{second:02d} +0000] "
        f'"{generator.choice(METHODS)} {path} HTTP/1.1" {generator.choice(STATUSES)} '
        f'{generator.randrange(100, 9000)} "-" "loadgen/1.0" {latency:.3f}'
    )


def block(lines: int, malformed: int, seed: int) -> list[str]:
    """Return ``lines`` lines, ``malformed`` of them malformed, every endpoint seen."""
    generator = random.Random(seed)
    good = [log_line(generator, number % ENDPOINTS) for number in range(lines)]
    for number in range(min(malformed, lines)):
        position = generator.randrange(len(good))
        good[position] = MALFORMED[number % len(MALFORMED)]
    return good


def write_log(
    path: Path, lines: int, malformed: int = 0, seed: int = 7
) -> GeneratedLog:
    """Write a log of ``lines`` lines; large logs repeat a 10,000-line block."""
    block_lines = min(lines, 10_000)
    text = "\n".join(block(block_lines, malformed, seed)) + "\n"
    repeats, rest = divmod(lines, block_lines)
    with path.open("w", encoding="utf-8") as stream:
        for _ in range(repeats):
            stream.write(text)
        if rest:
            stream.write("\n".join(block(rest, 0, seed + 1)) + "\n")
    return GeneratedLog(path, lines, expected_top10())
