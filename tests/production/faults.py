"""Real parts that fail for the fault tests and bench/faults.py: a Redis that hangs
or dies on demand, a PostgreSQL cluster of our own to stop and start, and gunicorn
with production settings."""

import contextlib
import os
import pwd
import secrets
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "blog.example.com"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisProxy:
    """A TCP front for a real Redis: "up" passes bytes through, "hung" accepts and
    never answers (open connections go silent too), "dead" refuses connections."""

    def __init__(self, upstream=("127.0.0.1", 6379), db=9):
        self.upstream = upstream
        self.db = db
        self.port = free_port()
        self.mode = "up"
        self._listener = None
        self._pairs: dict[socket.socket, socket.socket | None] = {}
        self._stop = threading.Event()
        self._listen()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/{self.db}"

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener

    def set(self, mode: str) -> None:
        assert mode in ("up", "hung", "dead")
        self.mode = mode
        if mode == "dead":
            # A closed port: connections are refused, open ones are reset.
            listener, self._listener = self._listener, None
            listener.close()
            for sock in list(self._pairs):
                self._drop(sock)
        elif self._listener is None:
            self._listen()

    def _drop(self, sock):
        peer = self._pairs.pop(sock, None)
        sock.close()
        if peer is not None:
            self._pairs.pop(peer, None)
            peer.close()

    def _run(self):
        while not self._stop.is_set():
            sockets = [s for s in (self._listener, *self._pairs) if s is not None]
            try:
                readable, _, _ = select.select(sockets, [], [], 0.05)
            except (OSError, ValueError, RuntimeError):
                continue  # a socket closed or added by set() meanwhile
            for sock in readable:
                if sock is self._listener:
                    client, _ = sock.accept()
                    upstream = None
                    if self.mode == "up":
                        upstream = socket.create_connection(self.upstream)
                        self._pairs[upstream] = client
                    self._pairs[client] = upstream
                    continue
                if sock not in self._pairs:
                    continue
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    self._drop(sock)
                elif self.mode == "up" and self._pairs[sock] is not None:
                    self._pairs[sock].sendall(data)
                # hung: read and dropped, so the client waits for ever

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        for sock in list(self._pairs):
            self._drop(sock)
        if self._listener is not None:
            self._listener.close()


def _as_postgres(args, **kwargs):
    """Run a PostgreSQL server program, as the postgres user when we are root."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


class PostgresCluster:
    """A PostgreSQL cluster of the test's own on a free port, never the shared one."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="steppe-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
        self.data = self.dir / "data"
        _as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
             "-A", "trust", "--no-sync"]
        )  # fmt: skip
        self.start()
        _as_postgres(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
             "-U", "postgres", "steppe"]
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/steppe"

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
             "-l", str(self.dir / "log"), "-w", "start"]
        )  # fmt: skip

    def stop(self):
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
        )

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def production_env(workdir: Path, database_url: str, **extra) -> dict:
    """What a production start has: DJANGO_DEBUG=0, its own secret and folders."""
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    inherited.pop("REDIS_URL", None)
    return (
        inherited
        | {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "CACHE_DIR": str(workdir / "cache"),
        }
        | extra
    )


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


class Gunicorn:
    """gunicorn serving config.wsgi with this environment on a free port."""

    def __init__(
        self, env: dict, workers: int = 1, log: Path | None = None, shipped=False
    ):
        manage(env, "collectstatic", "--noinput", "-v0")
        self.port = free_port()
        errors = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115
        # shipped: config/gunicorn.py's worker class and threads, as production
        # runs (the benchmarks); otherwise plain sync workers, one request each.
        config = ["-c", "config/gunicorn.py"] if shipped else []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", *config,
             "-b", f"127.0.0.1:{self.port}", "-w", str(workers), "--timeout", "30"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
        if log:
            errors.close()  # the child has its own copy
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str, timeout: float = 40):
        """(status, body, seconds, headers) of GET path, as a reader behind TLS."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Host": HOST, "X-Forwarded-Proto": "https"},
        )
        began = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, body = response.status, response.read()
                headers = response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers
        took = time.monotonic() - began
        return status, body.decode(errors="replace"), took, headers

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
