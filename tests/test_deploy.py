"""deploy/ as shipped: nginx's configuration in front of gunicorn (static files from disk,
/healthz, slow clients kept away from gunicorn, the client address nginx saw), and the systemd
units as systemd reads them."""

import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from servers import REPO, Browser, Gunicorn, seed_learners

from learn.testing.servers import Nginx

SLOW_CLIENTS = 40  # more than gunicorn's 2 workers × 4 threads


@pytest.fixture(scope="module")
def behind_nginx(database_url, tmp_path_factory):
    """One gunicorn (one worker: in-memory rate limits are then exact) behind the shipped nginx config."""
    server = Gunicorn(database_url, tmp_path_factory.mktemp("deploy"), workers=1, LEERPAD_ALLOW_LOG_MAIL="1").start()
    nginx = Nginx.deployed([f"127.0.0.1:{server.port}"]).start()
    yield server, nginx
    nginx.stop()
    server.stop()


def test_static_files_come_from_disk_and_healthz_from_the_app(behind_nginx):
    server, nginx = behind_nginx
    css = requests.get(f"{nginx.url}/static/leerpad.css", timeout=10)
    assert css.status_code == 200 and css.content == (REPO / "learn" / "static" / "leerpad.css").read_bytes()
    assert "max-age=3600" in css.headers["Cache-Control"]
    assert requests.get(f"{nginx.url}/healthz", timeout=10).json()["status"] == "ok"
    assert "GET /healthz 200" in server.log.read_text()
    assert "/static/leerpad.css" not in server.log.read_text()  # nginx served it, gunicorn never saw it


def test_pages_and_hashed_static_files_come_compressed_and_the_files_are_kept_a_year(behind_nginx):
    _, nginx = behind_nginx
    gzip = {"Accept-Encoding": "gzip"}
    page = requests.get(f"{nginx.url}/inloggen", headers=gzip, timeout=10)
    assert page.headers["Content-Encoding"] == "gzip"
    address = re.search(r'href="(/static/leerpad\.css\?v=[0-9a-f]{12})"', page.text).group(1)
    css = requests.get(nginx.url + address, headers=gzip, timeout=10)
    assert css.headers["Content-Encoding"] == "gzip"
    assert css.content == (REPO / "learn" / "static" / "leerpad.css").read_bytes()
    assert "max-age=31536000" in css.headers["Cache-Control"] and "immutable" in css.headers["Cache-Control"]


def _slow_clients(url: str) -> list[socket.socket]:
    """Connections that send half a request line and then nothing, as a slowloris client does."""
    host, port = url.removeprefix("http://").split(":")
    clients = []
    for _ in range(SLOW_CLIENTS):
        client = socket.create_connection((host, int(port)), timeout=5)
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: leerpad\r\nX-Slow: ")
        clients.append(client)
    return clients


def _answers(url: str, within: float) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=within).status_code == 200
    except requests.RequestException:
        return False


def test_clients_that_send_their_headers_slowly_stall_gunicorn_alone_but_not_behind_nginx(behind_nginx):
    """Security finding #9: why gunicorn is never exposed directly."""
    server, nginx = behind_nginx
    clients = _slow_clients(server.url)
    try:
        time.sleep(1)  # gunicorn's threads pick the connections up and wait for the rest of the headers
        assert not _answers(server.url, within=5), (
            "gunicorn answered with every thread held: the comparison shows nothing"
        )
    finally:
        for client in clients:
            client.close()
    clients = _slow_clients(nginx.url)
    try:
        time.sleep(1)
        assert _answers(nginx.url, within=30)  # generous: a busy test machine is slow, not stalled
    finally:
        for client in clients:
            client.close()


def test_a_client_cannot_pick_its_own_address_behind_nginx(app, behind_nginx):
    """nginx replaces X-Forwarded-For with the address it saw, so rotating it does not escape the login limit."""
    _server, nginx = behind_nginx
    seed_learners(1)
    browser = Browser(nginx.url, "127.4.0.1", connect_from=True)
    browser.open_form("/inloggen")
    statuses = []
    for attempt in range(11):
        spoofed = {"X-Forwarded-For": f"198.51.100.{attempt}"}
        response = browser.post("/inloggen", {"email": "cursist0000@example.nl", "password": "fout"}, headers=spoofed)
        statuses.append(response.status_code)
    assert statuses == [400] * 10 + [429]


@pytest.mark.parametrize("unit", ["leerpad.service", "leerpad-worker.service"])
def test_the_systemd_units_are_what_systemd_accepts(unit, tmp_path):
    """systemd-analyze verify on the unit with this checkout's paths (it checks that programs exist)."""
    text = (REPO / "deploy" / "systemd" / unit).read_text()
    text = text.replace("/etc/leerpad/leerpad.env", str(REPO / "deploy" / "leerpad.env.example"))
    text = text.replace("/srv/leerpad", str(REPO)).replace("=leerpad\n", "=root\n")
    assert "/srv/" not in text
    path = Path(tmp_path / unit)
    path.write_text(text)
    checked = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stderr.strip() == "", checked.stderr


def test_the_example_settings_name_only_settings_leerpad_reads():
    from learn import config

    read = Path(config.__file__).read_text() + (REPO / "gunicorn.conf.py").read_text() + (REPO / "wsgi.py").read_text()
    example = (REPO / "deploy" / "leerpad.env.example").read_text().splitlines()
    names = [line.lstrip("#").split("=")[0] for line in example if "=" in line and not line.startswith("# ")]
    unknown = [name for name in names if f'"{name}"' not in read]
    assert names and not unknown, unknown
