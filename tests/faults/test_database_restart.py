"""PostgreSQL restarts under load: the web processes keep running and recover by themselves; in
between, people get a clean "briefly unavailable" page, never a traceback."""

import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from .harness import PostgresCluster, free_port, kill, start_process, wait_for

pytestmark = [pytest.mark.postgres]

PAGES = ["/", "/public/search/?q=victim", "/accounts/login/"]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return 0, repr(error)


def _worker_pids(master_pid):
    import subprocess

    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True).stdout
    return sorted(int(pid) for pid in out.split())


@pytest.fixture
def cluster():
    cluster = PostgresCluster()
    cluster.init()
    cluster.start()
    yield cluster
    cluster.destroy()


def test_the_site_recovers_from_a_database_restart_without_restarting(cluster, tmp_path):
    env = {
        "DATABASE_URL": cluster.url,
        "DEBUG": "false",
        "SECRET_KEY": "fault-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": "",
        "SECURE_SSL_REDIRECT": "false",
        "REQUIRE_STAFF_2FA": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    log = tmp_path / "web.log"
    collect = start_process([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env, log)
    assert collect.wait(180) == 0, log.read_text()[-3000:]
    migrate = start_process([sys.executable, "manage.py", "migrate", "--noinput"], env, log)
    assert migrate.wait(180) == 0, log.read_text()[-3000:]
    port = free_port()
    web = start_process(
        [sys.executable, "-m", "gunicorn", "ccm_portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "30"],
        env,
        log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _get(base + "/")[0] == 200, 30), log.read_text()[-3000:]
        workers_before = _worker_pids(web.pid)
        assert len(workers_before) == 2

        results, stop = [], threading.Event()

        def load():
            while not stop.is_set():
                for page in PAGES:
                    results.append((time.monotonic(), *_get(base + page)))

        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        cluster.stop()
        down_at = time.monotonic()
        time.sleep(3)
        cluster.start()
        up_at = time.monotonic()
        assert wait_for(lambda: all(_get(base + page)[0] == 200 for page in PAGES), 30)
        recovered_at = time.monotonic()
        time.sleep(2)
        stop.set()
        for thread in threads:
            thread.join(30)
    finally:
        kill(web)

    statuses = {status for _, status, _ in results}
    during = [(status, body) for at, status, body in results if down_at + 0.5 < at < up_at]
    after = [status for at, status, _ in results if at > recovered_at]
    assert during, "no request was made while the database was down"
    assert statuses <= {200, 503}, statuses  # never a 500, never a refused connection
    # Pages that need the database say so cleanly; the login page needs none and keeps working.
    assert 503 in {status for status, _ in during}
    for status, body in during:
        assert "Traceback" not in body
        assert status == 200 or "briefly unavailable" in body
    assert after and set(after) == {200}
    assert _worker_pids_unchanged(workers_before)


def _worker_pids_unchanged(before):
    import os

    return all(os.path.exists(f"/proc/{pid}") for pid in before)
