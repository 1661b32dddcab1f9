"""The sandbox stops a solution that sleeps, forks, writes outside or reaches out.

Every hostile solution here is the test command of a rung 1 manifest, run
with ``--only own-tests-pass``, so the verdict comes through the real CLI.
Nothing here sends a packet off the machine: the "other host" is a server on
the host's loopback, which a fresh network namespace cannot reach.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gauntlet.verify.sandbox.cgroup import PidsCgroup
from gauntlet.verify.sandbox.isolation import BWRAP, UNSHARE, prefix_for, works
from tests.verify.support import SOLUTIONS, message, verify_json, write_solution

HAS_BWRAP = shutil.which("bwrap") is not None and works(prefix_for(BWRAP, Path("/")))
HAS_UNSHARE = works(prefix_for(UNSHARE, Path("/")))
ISOLATIONS = [
    pytest.param("bwrap", marks=pytest.mark.skipif(not HAS_BWRAP, reason="no bwrap")),
    pytest.param(
        "unshare", marks=pytest.mark.skipif(not HAS_UNSHARE, reason="no unshare -n")
    ),
]


def hostile(folder: Path, script: str) -> Path:
    """Write a rung 1 solution whose test command runs ``script``."""
    return write_solution(
        folder,
        {
            "gauntlet.toml": """\
                rung = 1
                [commands]
                test = ["python", "hostile.py"]
                """,
            "hostile.py": script,
        },
    )


def run_tests(solution: Path, *options: str) -> tuple[int, dict, str]:
    code, report = verify_json(1, solution, "--only", "own-tests-pass", *options)
    return code, report, message(report, "own-tests-pass")


@pytest.fixture
def outside_server() -> Iterator[int]:
    """Listen on the host's loopback, outside any sandbox; yield the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.2)
        stop = threading.Event()

        def accept() -> None:
            while not stop.is_set():
                try:
                    connection, _ = server.accept()
                except OSError:
                    continue
                connection.close()

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        yield server.getsockname()[1]
        stop.set()
        thread.join()


CONNECT = """\
    import socket, sys
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
    except OSError as err:
        print(f"cannot connect: {{err}}", file=sys.stderr)
        sys.exit(0)
    print("connected to the host's loopback", file=sys.stderr)
    sys.exit(1)
    """


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_host_loopback_unreachable(tmp_path, outside_server, isolation) -> None:
    solution = hostile(tmp_path / "s", CONNECT.format(port=outside_server))
    code, report, text = run_tests(solution, "--isolation", isolation)
    assert code == 0, text
    assert report["sandbox"]["isolation"] == isolation


def test_host_loopback_reachable_unconfined(tmp_path, outside_server) -> None:
    # The control for the test above: the same solution connects when the
    # session is not confined, so the refusal above comes from the namespace.
    solution = hostile(tmp_path / "s", CONNECT.format(port=outside_server))
    code, _, text = run_tests(solution, "--isolation", "none")
    assert code == 1
    assert "exited with 1" in text


INTERFACES = """\
    import json, socket, sys
    names = sorted(name for _, name in socket.if_nameindex())
    print(json.dumps(names), file=sys.stderr)
    sys.exit(0 if names == ["lo"] else 1)
    """


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_only_loopback_interface(tmp_path, isolation) -> None:
    solution = hostile(tmp_path / "s", INTERFACES)
    code, _, text = run_tests(solution, "--isolation", isolation)
    assert code == 0, text
    assert '["lo"]' in text


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_loopback_up_inside(tmp_path, isolation) -> None:
    script = """\
        import socket
        with socket.create_server(("127.0.0.1", 0)) as server:
            socket.create_connection(server.getsockname(), timeout=2).close()
        """
    code, _, text = run_tests(hostile(tmp_path / "s", script), "--isolation", isolation)
    assert code == 0, text


def test_sleep_forever_killed(tmp_path) -> None:
    solution = hostile(tmp_path / "s", "import time\ntime.sleep(3600)\n")
    started = time.monotonic()
    code, _, text = run_tests(solution, "--timeout", "2")
    assert code == 1
    assert "timed out after 2" in text
    assert time.monotonic() - started < 30


@pytest.mark.skipif(not HAS_BWRAP, reason="only bwrap makes the filesystem read-only")
def test_write_outside_rejected(tmp_path) -> None:
    target = tmp_path / "outside" / "planted.txt"
    target.parent.mkdir()
    script = f"open({str(target)!r}, 'w').write('planted')\n"
    code, _, text = run_tests(hostile(tmp_path / "s", script), "--isolation", "bwrap")
    assert code == 1
    assert "Read-only file system" in text
    assert not target.exists()


def test_memory_limit_enforced(tmp_path) -> None:
    script = "block = bytearray(1024 * 1024 * 1024)\n"
    code, _, text = run_tests(hostile(tmp_path / "s", script), "--memory", "256")
    assert code == 1
    assert "MemoryError" in text


def process_bound_available() -> bool:
    if os.getuid() != 0:
        return True  # RLIMIT_NPROC binds every user but root
    cgroup = PidsCgroup.create(8)
    if cgroup is None:
        return False
    cgroup.destroy()
    return True


BOMB_MANIFEST = 'rung = 1\n[commands]\ntest = ["python", "fork-bomb.py"]\n'
FORK_BOMB = """\
    import os, time
    while True:
        try:
            os.fork()
        except OSError:
            time.sleep(0.01)
    """


def bomb_processes() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"fork-bomb.py" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(
    not process_bound_available(),
    reason="root without a writable pids cgroup has no bound on processes",
)
def test_fork_bomb_stopped(tmp_path) -> None:
    solution = write_solution(
        tmp_path / "s",
        {
            "gauntlet.toml": BOMB_MANIFEST,
            "fork-bomb.py": FORK_BOMB,
        },
    )
    started = time.monotonic()
    code, report, text = run_tests(solution, "--timeout", "2")
    assert code == 1
    assert "timed out" in text or "killed" in text
    assert time.monotonic() - started < 60
    assert bomb_processes() == []
    assert report["sandbox"]["process_limit"]


def test_sandbox_reported_in_json(tmp_path) -> None:
    solution = hostile(tmp_path / "s", "pass\n")
    _, report, _ = run_tests(solution)
    assert report["sandbox"]["isolation"] in ("bwrap", "unshare", "none")
    assert json.dumps(report["sandbox"])


def test_own_home_and_copy(tmp_path) -> None:
    script = """\
        import os, pathlib, sys
        home, cwd = os.environ["HOME"], os.getcwd()
        print(home, cwd, file=sys.stderr)
        sys.exit(0 if home != cwd and pathlib.Path("hostile.py").exists() else 1)
        """
    solution = hostile(tmp_path / "s", script)
    code, _, text = run_tests(solution)
    assert code == 0, text
    assert str(solution) not in text


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_fake_api_reachable_inside(isolation) -> None:
    # The verifier's fake weather API and the solution share the namespace.
    code, report = verify_json(
        3, SOLUTIONS / "3" / "good", "--only", "second-request-cached",
        "--isolation", isolation,
    )  # fmt: skip
    assert code == 0, report
    assert report["sandbox"]["isolation"] == isolation
