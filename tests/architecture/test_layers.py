"""The layers hold in templates and imports too (CONTRIBUTING.md, decision 1101).

import-linter (`lint-imports`, in CI) checks the Python imports. These tests check what it
cannot see: a template of a lower app must not load a higher app's template tags nor include
or extend a higher app's template; the domain contexts' templates never reach each other;
and no module wraps one of our own imports in ``try: … except ImportError``.
"""

from __future__ import annotations

import ast
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "solidaires"

LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
INCLUDE = re.compile(r"{%\s*(?:include|extends)\s+[\"']([^\"']+)[\"']")


@cache
def layer_rank() -> dict[str, tuple[int, frozenset[str]]]:
    """app → (rank from the bottom, the apps of its layer), from the layers contract."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    ranks = {}
    for rank, layer in enumerate(reversed(contract["layers"])):
        apps = frozenset(name.strip() for name in re.split(r"[|:]", layer))
        for app in apps:
            ranks[app] = (rank, apps)
    return ranks


def may_use(user: str, used: str) -> bool:
    """Whether app ``user`` may use app ``used``: its own, or a strictly lower layer."""
    if user == used:
        return True
    ranks = layer_rank()
    return ranks[used][0] < ranks[user][0]


def tag_libraries(package: Path) -> dict[str, str]:
    """Template tag library name → the app that defines it."""
    return {
        path.stem: path.parent.parent.name
        for path in package.glob("*/templatetags/*.py")
        if path.stem != "__init__"
    }


def templates(package: Path) -> list[tuple[str, Path, str]]:
    """(owning app, file, template name) of every template; the shared folder is core's."""
    found = [
        (folder.parent.name, path, path.relative_to(folder).as_posix())
        for folder in package.glob("*/templates")
        for path in folder.rglob("*.*")
    ]
    shared = package / "templates"
    found += [("core", path, path.relative_to(shared).as_posix()) for path in shared.rglob("*.*")]
    return sorted(found)


def template_violations(package: Path = PACKAGE) -> list[str]:
    libraries, ranks = tag_libraries(package), layer_rank()
    found = templates(package)
    owners = {name: app for app, _, name in reversed(found)}
    problems = []
    for app, path, _name in found:
        where = path.relative_to(package.parent)
        if app not in ranks:
            problems.append(f"{where}: app {app!r} is in no layer of pyproject.toml")
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in LOAD.finditer(text):
            names = match.group(1).split()
            if "from" in names:  # {% load tag from library %}
                names = names[names.index("from") + 1 :]
            for library in names:
                owner = libraries.get(library)
                if owner is not None and not may_use(app, owner):
                    problems.append(f"{where} loads {library!r} of {owner}")
        for match in INCLUDE.finditer(text):
            owner = owners.get(match.group(1))
            if owner is not None and not may_use(app, owner):
                problems.append(f"{where} uses template {match.group(1)!r} of {owner}")
    return problems


def test_templates_obey_the_layers():
    assert template_violations() == []


def test_the_template_check_can_fail(tmp_path):
    """The check sees a lower app loading a higher app's tags or including its template."""
    package = tmp_path / "solidaires"
    (package / "templates").mkdir(parents=True)
    (package / "events" / "templatetags").mkdir(parents=True)
    (package / "events" / "templatetags" / "events_ui.py").write_text("")
    (package / "events" / "templates" / "events").mkdir(parents=True)
    (package / "events" / "templates" / "events" / "card.html").write_text("{% load solidaires_ui %}")
    (package / "core" / "templates" / "core").mkdir(parents=True)
    (package / "core" / "templates" / "core" / "bad.html").write_text(
        '{% load static events_ui %}{% include "events/card.html" %}'
    )
    (package / "grants" / "templates" / "grants").mkdir(parents=True)
    (package / "grants" / "templates" / "grants" / "other.html").write_text(
        '{% extends "events/card.html" %}'
    )
    assert template_violations(package) == [
        "solidaires/core/templates/core/bad.html loads 'events_ui' of events",
        "solidaires/core/templates/core/bad.html uses template 'events/card.html' of events",
        "solidaires/grants/templates/grants/other.html uses template 'events/card.html' of events",
    ]


def own_imports_guarded_by_import_error(source: str) -> list[int]:
    """Line numbers of ``try:`` blocks that import one of our modules and catch ImportError."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Try):
            continue
        catches = any(
            handler.type is not None
            and any(
                isinstance(name, ast.Name) and name.id in {"ImportError", "ModuleNotFoundError"}
                for name in (handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type])
            )
            for handler in node.handlers
        )
        if not catches:
            continue
        for statement in node.body:
            for inner in ast.walk(statement):
                module = ""
                if isinstance(inner, ast.ImportFrom):
                    module = "." * inner.level + (inner.module or "")
                elif isinstance(inner, ast.Import):
                    module = inner.names[0].name
                if module.startswith(("solidaires", "config", ".")):
                    lines.append(node.lineno)
    return sorted(set(lines))


def test_no_import_error_guard_around_our_own_modules():
    found = []
    for path in sorted([*PACKAGE.rglob("*.py"), *(ROOT / "config").rglob("*.py")]):
        for line in own_imports_guarded_by_import_error(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(ROOT)}:{line}")
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("try:\n    from solidaires.x import y\nexcept ImportError:\n    y = None\n", [1]),
        ("try:\n    from . import y\nexcept (ImportError, KeyError):\n    pass\n", [1]),
        ("try:\n    import yaml\nexcept ImportError:\n    yaml = None\n", []),
        ("try:\n    from solidaires.x import y\nexcept KeyError:\n    pass\n", []),
    ],
)
def test_the_import_error_check_sees_them(source, expected):
    assert own_imports_guarded_by_import_error(source) == expected


def test_every_slug_is_made_by_core_slugs():
    """One way to make a slug (french_slugify keeps œ and æ): nobody calls Django's directly."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "/tests/" not in path.as_posix()
        and path.as_posix().endswith("core/slugs.py") is False
        and "import slugify" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_every_spreadsheet_is_written_by_core_exports():
    """One CSV / XLSX writer, which neutralises formulas (issue 11): nobody else uses csv's
    writers or xlsxwriter (reading CSV, as the territory loader does, is fine)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "/tests/" not in path.as_posix()
        and not path.as_posix().endswith("core/exports.py")
        and re.search(
            r"csv\.(writer|DictWriter)\(|^import xlsxwriter|^from xlsxwriter",
            path.read_text(encoding="utf-8"),
            re.M,
        )
    ]
    assert offenders == []
