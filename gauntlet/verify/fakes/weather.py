"""A fake weather API: ``GET /weather?city=NAME`` returns a known JSON reading.

``mode`` sets how it responds: ``ok`` (200 with the reading), ``status-500``
(500 for every request) or ``hang`` (accepts the connection and never
responds, until the server stops).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MODES = ("ok", "status-500", "hang")


def reading(city: str) -> dict[str, Any]:
    """Return the reading for ``city``; the temperature is derived from the name."""
    temperature = round(sum(map(ord, city)) % 300 / 10 - 5, 1)
    return {"city": city, "temperature_c": temperature, "conditions": "clear"}


class WeatherHandler(BaseHTTPRequestHandler):
    server: FakeWeatherServer

    def do_GET(self) -> None:
        self.server.count_request(self.path)
        if self.server.mode == "hang":
            self.server.released.wait()
            return
        if self.server.mode == "status-500":
            self.send_json(500, {"error": "internal error"})
            return
        parts = urlsplit(self.path)
        city = parse_qs(parts.query).get("city", [""])[0]
        if parts.path != "/weather" or not city:
            self.send_json(404, {"error": "use GET /weather?city=NAME"})
            return
        self.send_json(200, reading(city))

    def send_json(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        del format, args  # the request count is the record that checks read


class FakeWeatherServer(ThreadingHTTPServer):
    """The fake API on 127.0.0.1 at a free port, served from a thread."""

    daemon_threads = True

    def __init__(self, mode: str = "ok") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {MODES}")
        super().__init__(("127.0.0.1", 0), WeatherHandler)
        self.mode = mode
        self.requests: list[str] = []
        self.released = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count_request(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def __enter__(self) -> FakeWeatherServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving and close the port, so connections are refused."""
        self.released.set()
        if self._thread.is_alive():
            self.shutdown()
            self._thread.join()
        self.server_close()
