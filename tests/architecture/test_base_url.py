"""One base address for every absolute link (issue 11, decision 1133).

E-mails sent by the task worker linked to port 8000 while ``make run PORT=8001`` served the
site on 8001: the tasks concatenated ``settings.SOLIDAIRES_BASE_URL`` themselves, the views
used the request's host, and ``make run`` did not give the worker the address. Now every
absolute link goes through ``solidaires.core.links.absolute_url`` and ``make run`` gives the
same address to the server and to the worker.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "solidaires" / "core" / "links.py"


def test_only_the_links_helper_reads_the_base_url():
    """No module builds links from the setting itself (``SOLIDAIRES_BASE_URL + path``, or a
    ``base = settings.SOLIDAIRES_BASE_URL`` read once): they call ``absolute_url``."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "solidaires").rglob("*.py"))
        if path != HELPER and "tests" not in path.relative_to(ROOT).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "SOLIDAIRES_BASE_URL" in line
    ]
    assert offenders == []


def test_no_page_builds_links_from_the_request_host():
    """Links shown on pages (feed addresses, QR codes, take-over address) use the same base."""
    pattern = re.compile(r"build_absolute_uri\(\s*[^)\s]|\{\{\s*request\.scheme\s*\}\}://")
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "solidaires").rglob("*"))
        if path.suffix in {".py", ".html", ".txt"}
        and "tests" not in path.relative_to(ROOT).parts
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_gives_the_same_address_to_the_server_and_the_worker(tmp_path):
    """The recipe of ``make run PORT=8001`` (printed by ``make -n``), run with a stand-in
    Python that records the address each process receives."""
    env = {k: v for k, v in os.environ.items() if k not in {"SOLIDAIRES_BASE_URL", "MAKEFLAGS", "MFLAGS"}}
    record = tmp_path / "seen"
    fake = tmp_path / "python"
    fake.write_text(
        "#!/bin/sh\n"
        # the server waits for the worker's line, so that both are recorded
        f'if [ "$2" = runserver ]; then i=0; while [ ! -s "{record}" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; fi\n'
        f'echo "$2 $SOLIDAIRES_BASE_URL" >> "{record}"\n'
    )
    fake.chmod(0o755)
    printed = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", "PORT=8001", f"PY={fake}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    commands = printed.replace("\\\n", " ").splitlines()
    start = next(i for i, line in enumerate(commands) if "db_worker" in line)
    script = "\n".join(commands[start:])
    assert "runserver" in script
    subprocess.run(["bash", "-c", script], env=env, check=True, timeout=30)
    seen = sorted(record.read_text().splitlines())
    assert seen == ["db_worker http://127.0.0.1:8001", "runserver http://127.0.0.1:8001"]


@pytest.mark.django_db
def test_task_and_request_links_share_the_base(
    settings, client, bicyclette, manager, django_capture_on_commit_callbacks
):
    """An e-mail sent by a task and a link shown on a page lead to the same address, the
    configured one, whatever host the request came through."""
    settings.SOLIDAIRES_BASE_URL = "http://127.0.0.1:8001"
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/associations/{bicyclette.slug}/membres/", {"email": "nouveau@exemple.fr", "role": "member"}
        )
    assert "http://127.0.0.1:8001/associations/invitations/" in mail.outbox[-1].body
    page = client.get("/agenda/feeds/", HTTP_HOST="localhost").content.decode()
    assert "http://127.0.0.1:8001/agenda/feed.ics" in page
    assert "webcal://127.0.0.1:8001/agenda/feed.ics" in page
