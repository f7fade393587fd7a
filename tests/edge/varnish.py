"""Debian's varnishd running deploy/varnish.vcl in front of a test server."""

import contextlib
import http.client
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
_direct = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), urllib.request.HTTPErrorProcessor()
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def backends_vcl(backends) -> str:
    """The VCL of the web hosts: a backend per (host, port), taken in turn."""
    lines = []
    for number, (host, port) in enumerate(backends):
        lines += [
            f"backend web_{number} {{",
            f'    .host = "{host}";',
            f'    .port = "{port}";',
            "    .connect_timeout = 2s;",
            "    .first_byte_timeout = 30s;",
            "    .probe = healthz;",
            "}",
        ]
    lines += ["sub vcl_init {", "    new web = directors.round_robin();"]
    lines += [f"    web.add_backend(web_{n});" for n in range(len(backends))]
    return "\n".join([*lines, "}", ""])


def shipped_vcl(backends, probe_interval="2s") -> str:
    """deploy/varnish.vcl with only its web hosts (and the probe's pace) replaced."""
    vcl = VCL.read_text()
    begin, end = "# web hosts\n", "# end of web hosts\n"
    assert vcl.count(begin) == 1 and vcl.count(end) == 1, "the web hosts' markers"
    head, rest = vcl.split(begin)
    _, tail = rest.split(end)
    vcl = head + begin + backends_vcl(backends) + end + tail
    return re.sub(r"\.interval = \S+;", f".interval = {probe_interval};", vcl)


class Varnish:
    """varnishd -F with the shipped VCL in front of a test server (or several).

    Varnish(port) fronts 127.0.0.1:port; Varnish(backends=[(host, port), ...])
    fronts those hosts in turn, as the shipped director does with web-a and web-b.
    """

    def __init__(
        self, backend_port=None, *, backends=None, probe_interval="2s", port=None
    ):
        backends = backends or [("127.0.0.1", backend_port)]
        # Outside pytest's private tmp: varnishd reads it as the varnish user.
        workdir = self.workdir = Path(tempfile.mkdtemp(prefix="steppe-varnish-"))
        workdir.chmod(0o755)
        self.port = port or free_port()  # given: the web hosts purge here
        self.url = f"http://127.0.0.1:{self.port}"
        vcl = shipped_vcl(backends, probe_interval)
        (workdir / "steppe.vcl").write_text(vcl)
        (workdir / "steppe.vcl").chmod(0o644)
        self.log = (workdir / "varnishd.log").open("w")
        self.process = subprocess.Popen(
            [VARNISHD, "-F", "-n", str(workdir / "n"),
             "-f", str(workdir / "steppe.vcl"), "-a", f"127.0.0.1:{self.port}",
             "-T", "127.0.0.1:0", "-s", "malloc,64m", "-p", "default_grace=0"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((workdir / "varnishd.log").read_text())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("varnishd did not start")

    def get(self, path: str, headers=None, method="GET", source=None):
        """(status, headers, body) of a request through Varnish."""
        request = urllib.request.Request(
            self.url + path, headers=headers or {}, method=method
        )
        opener = _direct if source is None else _from(source)
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


class Browser:
    """A signed-in user's browser (a moderator) on one address, with its cookies."""

    def __init__(self, address: str, port: int, host: str):
        self.address, self.port, self.host = address, port, host
        # A token the browser chose (Django takes it); signing in replaces it.
        self.cookies = {"csrftoken": "a" * 16 + "b" * 16}

    def request(self, method, path, data=None):
        """(status, headers, text), no redirects followed; Set-Cookie is kept."""
        headers = {"Host": self.host}
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookies["csrftoken"]} | data
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.address, self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, text

    def sign_in(self, username, password):
        status, headers, text = self.request(
            "POST", "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )  # fmt: skip
        assert status == 302, f"{username} could not sign in: {status} {text[:300]}"

    def moderate(self, action, comment_id):
        """A bulk action of the moderator's queue (approve, spam, remove) on one."""
        status, _, _ = self.request(
            "POST", "/admin/django_comments_xtd/xtdcomment/?status=all",
            {"action": action, "_selected_action": [comment_id]},
        )  # fmt: skip
        assert status == 302, f"{action} was not done"


def _from(address: str):
    """An opener whose connections leave from this local address (the ACL test)."""
    import http.client

    class Connection(http.client.HTTPConnection):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, source_address=(address, 0), **kwargs)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(Connection, req)

    return urllib.request.build_opener(urllib.request.ProxyHandler({}), Handler)


class Switch:
    """A TCP relay to a port that can be cut (an edge host that is down)."""

    def __init__(self, target_port: int):
        import threading

        self.up = True
        self.target = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import threading

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    def close(self):
        self.listener.close()


def _pipe(source, sink):
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
