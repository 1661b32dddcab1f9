"""Database URLs of the project file: parsing, checking and display."""

from __future__ import annotations

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
        """Return the URL with any password replaced by ``***``."""
        if self.dialect == "sqlite":
            return self.raw
        user = self.user + (":***" if self.password is not None else "")
        at = f"{user}@" if user else ""
        return (
            f"{self.raw.split(':', 1)[0]}://{at}{self.host}:{self.port}/{self.database}"
        )


def parse_url(raw: str, base: Path) -> DatabaseURL:
    """Parse ``raw``; relative SQLite paths are taken relative to ``base``."""
    scheme, separator, _ = raw.partition("://")
    if not separator or scheme not in SCHEMES:
        raise URLError(
            f"invalid database URL {raw!r}: unknown scheme {scheme!r}; "
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
            f"invalid SQLite URL {raw!r}: write sqlite:///file.db (relative to "
            "the project file) or sqlite:////absolute/file.db"
        )
    location = unquote(rest[1:])
    path = Path(location) if location.startswith("/") else base / location
    return DatabaseURL("sqlite", raw, path=path.resolve())


def _parse_server(raw: str, dialect: str) -> DatabaseURL:
    parts = urlsplit(raw)
    try:
        port = parts.port or DEFAULT_PORTS[dialect]
    except ValueError as err:
        raise URLError(f"invalid port in database URL {raw!r}: {err}") from err
    database = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not database or "/" in database:
        raise URLError(
            f"invalid database URL {raw!r}: it needs a host and a database "
            f"name, for example {EXAMPLES}"
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
