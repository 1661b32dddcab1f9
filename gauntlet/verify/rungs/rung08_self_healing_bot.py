"""Rung 8, Self-healing bot: restarts misbehaving processes, exports metrics."""

from __future__ import annotations

from gauntlet.verify.constraint import Option, Rung, automatic

# The memory run: a process keeps 160 MiB resident against a limit of 64 MiB.
MEMORY = {
    "mode": "memory",
    "limit": 64.0,
    "megabytes": 160,
    "interval_seconds": 0.2,
    "timeout_seconds": 8.0,
}

RUNG = Rung(
    number=8,
    slug="self-healing-bot",
    title="Self-healing bot",
    asks=(
        "A service that watches processes' CPU and memory, restarts misbehaving "
        "ones and exports metrics for Prometheus. `commands.run` gets `{port}` "
        "(for the metrics endpoint), `{watch_config}` (a JSON file listing the "
        "processes: name, argv, max_memory_mb, max_cpu_percent, and "
        "interval_seconds) and `{data_dir}`. Logs go to stdout or stderr as one "
        "JSON object per line."
    ),
    constraints=(
        automatic(
            "memory-hog-restarted",
            "A process that exceeds its memory limit is restarted.",
            check="limit-restart",
            threshold="holding 160 MiB against a 64 MiB limit: restarted within 8 s",
            **MEMORY,
        ),
        automatic(
            "cpu-hog-restarted",
            "A process that exceeds its CPU limit is restarted.",
            check="limit-restart",
            threshold="spinning one core against a 10 % limit: restarted within 8 s",
            mode="cpu",
            # A spinning process gets only its share of a busy machine, so the
            # limit sits well below one core.
            limit=10.0,
            interval_seconds=0.2,
            timeout_seconds=8.0,
        ),
        automatic(
            "metrics-prometheus-format",
            "The metrics endpoint is valid Prometheus exposition format.",
            check="prometheus-exposition",
            threshold="prometheus_client's text parser reads the whole response",
            **MEMORY,
        ),
        automatic(
            "restarts-exported",
            "The metrics expose the restarts.",
            check="restarts-exported",
            threshold="the restart counter of the restarted process is >= 1",
            **MEMORY,
        ),
        automatic(
            "structured-logs",
            "The bot writes structured logs.",
            check="json-log-lines",
            threshold="every output line is a JSON object; one records the restart",
            **MEMORY,
        ),
    ),
    commands=frozenset({"test", "run"}),
    options=(
        Option("metrics_path", str, "/metrics", "where the metrics are served"),
        Option(
            "restarts_metric",
            str,
            "",
            "the name of the restart counter; empty means any metric with "
            "'restart' in its name",
        ),
    ),
)
