"""Source checks: lines of code, third-party imports, banned APIs, own tests."""

from __future__ import annotations

import textwrap

import pytest

from gauntlet.verify.sources import c_style_code_lines, python_code_lines
from tests.verify.support import message, statuses, verify_json, write_solution

TRACKER_MANIFEST = """\
    rung = 1
    language = "{language}"
    [commands]
    test = {test}
    """


def tracker(
    tmp_path,
    files: dict[str, str],
    language: str = "python",
    test: str = '["python", "-c", "pass"]',
):  # type: ignore[no-untyped-def]
    manifest = TRACKER_MANIFEST.format(language=language, test=test)
    return write_solution(tmp_path / "solution", {"gauntlet.toml": manifest, **files})


def count(source: str) -> int:
    return python_code_lines(textwrap.dedent(source).encode())


def test_blank_and_comment_lines_excluded() -> None:
    assert count("x = 1\n\n# comment\n   \ny = 2  # trailing\n") == 2


def test_docstrings_excluded() -> None:
    source = '''\
        """Module docstring
        over two lines."""

        def f():
            """Function docstring."""
            return 1
        '''
    assert count(source) == 2


def test_other_strings_counted() -> None:
    assert count('TEXT = """\none\ntwo\n"""\n') == 4


def test_continued_statement_counts_each_line() -> None:
    assert count("total = (1 +\n    2)\n") == 2


def test_c_style_comments_excluded() -> None:
    source = "int a; // one\n/* block\n still */ int b;\n// only\n\nint c; /* x */\n"
    assert c_style_code_lines(source) == 3


def test_loc_over_limit_fails(tmp_path) -> None:
    body = "".join(f"value_{n} = {n}\n" for n in range(501))
    solution = tracker(tmp_path, {"big.py": body})
    code, report = verify_json(1, solution, "--only", "max-500-lines")
    assert code == 1
    assert "501 lines of code" in message(report, "max-500-lines")


def test_loc_comments_do_not_count(tmp_path) -> None:
    body = "x = 1\n" + "# note\n" * 600 + '"""doc"""\n'
    solution = tracker(tmp_path, {"small.py": body})
    code, report = verify_json(1, solution, "--only", "max-500-lines")
    assert code == 0, report


def test_loc_reads_csharp(tmp_path) -> None:
    solution = tracker(
        tmp_path, {"Program.cs": "// hi\nclass P {}\n"}, language="csharp"
    )
    code, report = verify_json(1, solution, "--only", "max-500-lines")
    assert code == 0
    assert "1 lines of code" in message(report, "max-500-lines")


def test_third_party_import_fails(tmp_path) -> None:
    solution = tracker(tmp_path, {"tasks.py": "import json\nimport requests\n"})
    code, report = verify_json(1, solution, "--only", "stdlib-only")
    assert code == 1
    assert "tasks.py:2 imports 'requests'" in message(report, "stdlib-only")


def test_local_modules_allowed(tmp_path) -> None:
    files = {
        "tasks.py": "import store\nfrom tracker.model import Task\nimport os.path\n",
        "store.py": "",
        "tracker/__init__.py": "",
        "tracker/model.py": "from __future__ import annotations\nfrom . import x\n",
    }
    code, report = verify_json(1, tracker(tmp_path, files), "--only", "stdlib-only")
    assert code == 0, report


def test_other_language_cannot_read(tmp_path) -> None:
    solution = tracker(tmp_path, {"main.go": "package main\n"}, language="go")
    code, report = verify_json(1, solution, "--only", "stdlib-only")
    assert code == 0
    assert statuses(report)["stdlib-only"] == "manual"
    assert "cannot read the imports of 'go'" in message(report, "stdlib-only")


def test_unknown_language_cannot_read(tmp_path) -> None:
    solution = tracker(tmp_path, {"main.zig": ""}, language="zig")
    _, report = verify_json(1, solution, "--only", "max-500-lines")
    assert statuses(report)["max-500-lines"] == "manual"
    assert "cannot read 'zig' sources" in message(report, "max-500-lines")


def test_syntax_error_not_runnable(tmp_path) -> None:
    solution = tracker(tmp_path, {"tasks.py": "def broken(:\n"})
    code, report = verify_json(1, solution, "--only", "stdlib-only")
    assert code == 2
    assert "does not parse" in message(report, "stdlib-only")


@pytest.mark.parametrize(
    ("test", "expected"), [("pass", 0), ("raise SystemExit(3)", 1)]
)
def test_own_tests_both_ways(tmp_path, test, expected) -> None:
    solution = tracker(tmp_path, {}, test=f'["python", "-c", "{test}"]')
    code, report = verify_json(1, solution, "--only", "own-tests-pass")
    assert code == expected, report


def test_cli_contract_unknown_id_must_fail(tmp_path) -> None:
    # A tracker whose `complete` accepts any id breaks the last step.
    script = """\
        import json, os, sys
        tasks = json.load(open("tasks.json")) if os.path.exists("tasks.json") else []
        command = sys.argv[1]
        if command == "add":
            tasks.append({"id": len(tasks) + 1, "text": sys.argv[2], "done": False})
            print(len(tasks))
        elif command == "complete":
            for task in tasks:
                task["done"] = task["done"] or task["id"] == int(sys.argv[2])
        for task in tasks if command == "list" else []:
            print(task["id"], "[x]" if task["done"] else "[ ]", task["text"])
        json.dump(tasks, open("tasks.json", "w"))
        """
    solution = write_solution(
        tmp_path / "s",
        {
            "gauntlet.toml": 'rung = 1\n[commands]\ncli = ["python", "t.py"]\n',
            "t.py": script,
        },
    )
    code, report = verify_json(1, solution, "--only", "add-list-complete")
    assert code == 1
    assert "step 6 of 6 ('complete 999999')" in message(report, "add-list-complete")


def test_optional_import_allowed(tmp_path) -> None:
    source = """\
        try:
            import ujson as json
        except (ImportError, ValueError):
            import json
        try:
            import rich
        except ModuleNotFoundError:
            rich = None
        """
    solution = tracker(tmp_path, {"tasks.py": source})
    code, report = verify_json(1, solution, "--only", "stdlib-only")
    assert code == 0, report


def test_import_in_other_try_counted(tmp_path) -> None:
    source = """\
        try:
            import requests
        except OSError:
            pass
        """
    solution = tracker(tmp_path, {"tasks.py": source})
    code, _ = verify_json(1, solution, "--only", "stdlib-only")
    assert code == 1
