"""Fixtures for the migrator tests: projects on disk and real databases.

Server tests create their own database (``mg_<random>``) on the local
PostgreSQL or MariaDB server and drop it afterwards; they skip with a reason
when the server does not answer on 127.0.0.1.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from migrator import faults
from tests.migrator.builders import ProjectBuilder

POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}
MARIADB = {"host": "127.0.0.1", "port": 3306, "user": "root", "password": ""}
ENGINES = ["sqlite", "postgres", "mariadb"]


@pytest.fixture(autouse=True)
def clean_faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(faults.ENVIRONMENT_VARIABLE, raising=False)
    faults.reset()
    yield
    faults.reset()


def _postgres_admin() -> object:
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(**POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as err:
        pytest.skip(f"PostgreSQL is not reachable on 127.0.0.1:5432: {err}")


def _mariadb_admin() -> object:
    pymysql = pytest.importorskip("pymysql")
    try:
        return pymysql.connect(**MARIADB, autocommit=True, connect_timeout=3)
    except pymysql.err.OperationalError as err:
        pytest.skip(f"MariaDB is not reachable on 127.0.0.1:3306: {err}")


@pytest.fixture
def postgres_url_factory() -> Iterator[Callable[[], str]]:
    """Create fresh PostgreSQL databases on demand; drop them at the end."""
    admin = _postgres_admin()
    created: list[str] = []

    def create() -> str:
        name = f"mg_{secrets.token_hex(6)}"
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[attr-defined]
        created.append(name)
        return f"postgresql://postgres@127.0.0.1:5432/{name}"

    yield create
    for name in created:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[attr-defined]
    admin.close()  # type: ignore[attr-defined]


@pytest.fixture
def mariadb_url_factory() -> Iterator[Callable[[], str]]:
    """Create fresh MariaDB databases on demand; drop them at the end."""
    admin = _mariadb_admin()
    created: list[str] = []

    def create() -> str:
        name = f"mg_{secrets.token_hex(6)}"
        with admin.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute(f"CREATE DATABASE {name}")
        created.append(name)
        return f"mysql://root@127.0.0.1:3306/{name}"

    yield create
    with admin.cursor() as cursor:  # type: ignore[attr-defined]
        for name in created:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.close()  # type: ignore[attr-defined]


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine a runner test runs on: sqlite, postgres or mariadb."""
    return str(request.param)


@pytest.fixture
def url_factory(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Callable[[], str]:
    """Return a function that makes a new empty database URL for ``engine``."""
    if engine == "postgres":
        return request.getfixturevalue("postgres_url_factory")  # type: ignore[no-any-return]
    if engine == "mariadb":
        return request.getfixturevalue("mariadb_url_factory")  # type: ignore[no-any-return]
    counter = iter(range(1000))
    return lambda: f"sqlite:///db{next(counter)}.sqlite3"


@pytest.fixture
def builder(tmp_path: Path, url_factory: Callable[[], str]) -> ProjectBuilder:
    """A project builder whose services get new databases of ``engine``."""
    return ProjectBuilder(tmp_path / "project", url_factory)


@pytest.fixture
def sqlite_builder(tmp_path: Path) -> ProjectBuilder:
    """A project builder on SQLite only, for tests that need no server."""
    counter = iter(range(1000))
    return ProjectBuilder(
        tmp_path / "project", lambda: f"sqlite:///db{next(counter)}.sqlite3"
    )
