"""Database URLs of the project file: parsing, checking and display."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

SCHEMES: dict[str, str] = {
    "sqlite": "sqlite",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "mysql": "mysql",
    "mariadb": "mysql",
    "mysql+pymysql": "mysql",
}

DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}
MAX_PORT = 65535
# Query parameters that carry a password (libpq and PyMySQL spellings).
_PASSWORD_PARAMETER = re.compile(r"([?&](?:password|passwd)=)[^&#]*", re.IGNORECASE)

EXAMPLES = (
    "sqlite:///relative/to/project.db, sqlite:////absolute/path.db, "
    "postgresql://user@127.0.0.1:5432/dbname, mysql://root@127.0.0.1:3306/dbname"
)


class URLError(ValueError):
    """A database URL is malformed or uses an unknown scheme."""


@dataclass(frozen=True)
class DatabaseURL:
    """A parsed database URL.

    For SQLite only ``path`` is set (resolved against the project folder).
    """

    dialect: str
    raw: str
    path: Path | None = None
    host: str = ""
    port: int = 0
    user: str = ""
    password: str | None = None
    database: str = ""

    @property
    def identity(self) -> str:
        """Name the database itself, so services that share one share a lock."""
        if self.dialect == "sqlite":
            return f"sqlite:{self.path}"
        return f"{self.dialect}://{self.host}:{self.port}/{self.database}"

    def redacted(self) -> str:
        """Return the URL as written, with any password replaced by ``***``."""
        return redact_url(self.raw)


def redact_url(raw: str) -> str:
    """Replace the password in ``raw`` by ``***``, also in a malformed URL.

    The user information is everything before the last ``@`` of the part
    after the scheme, so a password with an unescaped ``@`` or ``/`` is
    hidden too. A ``?`` or ``#`` ends that part, unless no ``@`` comes
    before it: then the password may contain it, and everything up to the
    first ``@`` counts. In a URL whose path or query contains ``@``, more
    than the password is hidden. A ``password=`` or ``passwd=`` query
    parameter is hidden as well.
    """
    scheme, separator, rest = raw.partition("://")
    if not separator:
        # Without "//", the text after "scheme:" may still contain "user:password@".
        scheme, separator, rest = raw.partition(":")
        if not separator:
            scheme, rest = "", raw
    prefix = scheme + separator
    rest = _PASSWORD_PARAMETER.sub(r"\1***", rest)
    if rest.startswith("/"):
        return prefix + rest  # no host part, so no user information (SQLite)
    location = re.split(r"[?#]", rest, maxsplit=1)[0]
    if "@" not in location:
        location = rest.partition("@")[0] + "@" if "@" in rest else location
    userinfo, at, _ = location.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    if not at or not colon:
        return prefix + rest
    return f"{prefix}{user}:***{rest[len(userinfo) :]}"


def parse_url(raw: str, base: Path) -> DatabaseURL:
    """Parse ``raw``; relative SQLite paths are taken relative to ``base``."""
    scheme, separator, _ = raw.partition("://")
    if not separator:
        raise URLError(
            f"invalid database URL {redact_url(raw)!r}: '://' is missing after "
            f"the scheme; use one of {EXAMPLES}"
        )
    if scheme not in SCHEMES:
        raise URLError(
            f"invalid database URL {redact_url(raw)!r}: unknown scheme {scheme!r}; "
            f"use one of {EXAMPLES}"
        )
    dialect = SCHEMES[scheme]
    if dialect == "sqlite":
        return _parse_sqlite(raw, base)
    return _parse_server(raw, dialect)


def _parse_sqlite(raw: str, base: Path) -> DatabaseURL:
    rest = raw.partition("://")[2]
    if not rest.startswith("/") or rest == "/":
        raise URLError(
            f"invalid SQLite URL {redact_url(raw)!r}: write sqlite:///file.db "
            "(relative to the project file) or sqlite:////absolute/file.db"
        )
    location = unquote(rest[1:])
    path = Path(location) if location.startswith("/") else base / location
    return DatabaseURL("sqlite", raw, path=path.resolve())


def _parse_server(raw: str, dialect: str) -> DatabaseURL:
    _check_user_information(raw)
    parts = urlsplit(raw)
    port = _port(raw, parts.netloc, dialect)
    database = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not database or "/" in database:
        raise URLError(
            f"invalid database URL {redact_url(raw)!r}: it needs a host and a "
            f"database name, for example {EXAMPLES}"
        )
    return DatabaseURL(
        dialect,
        raw,
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password) if parts.password is not None else None,
        database=database,
    )


def _check_user_information(raw: str) -> None:
    """Reject a password with an unescaped '/', '?' or '#'.

    Those characters end the host part of a URL, so the ``@`` before the
    host lands in the path or query, and ``user:pa/ss@host/db`` would be
    read as host ``user`` with port ``pa``. A ``host:port/...`` with an
    ``@`` later on (a database named ``db@x``) is left alone.
    """
    rest = raw.partition("://")[2]
    before_at, at, _ = rest.partition("@")
    host_end = re.search(r"[/?#]", before_at)
    if not at or host_end is None:
        return
    _, colon, password_start = before_at[: host_end.start()].partition(":")
    if colon and not password_start.isdigit():
        raise URLError(
            f"invalid database URL {redact_url(raw)!r}: the password contains "
            "'/', '?' or '#'; percent-encode them (%2F, %3F, %23)"
        )


def _port(raw: str, netloc: str, dialect: str) -> int:
    """Return the port of ``netloc``, or the dialect's default when it has none."""
    default = DEFAULT_PORTS[dialect]
    host = netloc.rpartition("@")[2]
    text = host.rpartition("]")[2].partition(":")[2]  # "]" ends an IPv6 address
    if not text:
        return default
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_PORT:
        return int(text)
    raise URLError(
        f"invalid port {text!r} in database URL {redact_url(raw)!r}: a port is "
        f"a whole number from 1 to {MAX_PORT}; write one after the host "
        f"(host:{default}) or leave out ':port' to use the default {default}"
    )
