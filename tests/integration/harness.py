"""Starts the real runtime-supercharger binary for integration tests.

The server runs the example Symfony application in place, on free loopback
ports, with its stderr captured in a temporary file so tests can inspect the
log. It is stopped by PID only: SIGTERM, then SIGKILL after a grace period.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import unittest

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
APP_DIR = os.path.join(REPO_ROOT, "examples", "symfony-app")
ENTRY = os.path.join(APP_DIR, "public", "index.php")

# The example app's mode for the whole run: RUNTIME_TEST_APP_MODE=prod (default) or debug.
# Set in this process's environment, so every server, php-fpm and fixture a test starts
# inherits it; a test that passes APP_ENV/APP_DEBUG itself still wins.
APP_MODES = {"prod": {"APP_ENV": "prod", "APP_DEBUG": "0"},
             "debug": {"APP_ENV": "dev", "APP_DEBUG": "1"}}


def app_mode():
    mode = os.environ.get("RUNTIME_TEST_APP_MODE", "prod") or "prod"
    if mode not in APP_MODES:
        raise SystemExit(f"RUNTIME_TEST_APP_MODE={mode!r}: expected one of {', '.join(APP_MODES)}")
    return mode


def app_debug():
    """True when the example app runs in debug mode in this run."""
    return app_mode() == "debug"


os.environ.update(APP_MODES[app_mode()])

STARTUP_TIMEOUT_S = 60
STOP_GRACE_S = 10
KERNEL_CONSTRUCTED = "[app] kernel constructed"


def server_binary():
    bin_dir = os.environ.get("RUNTIME_BIN_DIR")
    if not bin_dir:
        raise unittest.SkipTest("RUNTIME_BIN_DIR is not set (run through ctest)")
    path = os.path.join(bin_dir, "runtime-supercharger")
    if not os.access(path, os.X_OK):
        raise unittest.SkipTest(f"server binary not found: {path}")
    return path


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HttpClient:
    """Mixin: plain HTTP requests to 127.0.0.1:self.port, one fresh connection each."""

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=30):
        """One request on a fresh connection: (status, headers, body bytes)."""
        conn = self.connection(timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response, response.read()
        finally:
            conn.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)


class Server(HttpClient):
    """One running server process; use as a context manager."""

    def __init__(self, workers=1, max_requests=None, request_timeout=None,
                 prototype=True, php_ini=None, extra_args=(), env=None, launcher=(), entry=ENTRY, http=True):
        self.entry = entry  # another front controller, e.g. of a copy of the example app
        self.http = http  # False: no HTTP listener (direct dispatch); ready when /readyz says so
        self._launcher = list(launcher)  # e.g. ["taskset", "-c", "0"]: execs the server, same pid
        self.port = free_port()
        self.admin_port = free_port()
        self._args = ["--workers", str(workers)]
        if max_requests is not None:
            self._args += ["--max-requests", str(max_requests)]
        if request_timeout is not None:
            self._args += ["--request-timeout", str(request_timeout)]
        if not prototype:
            self._args.append("--no-prototype")
        self._args += list(extra_args)
        self._php_ini = php_ini or {}
        self._env = env or {}
        self._workdir = None
        self._log = None
        self.process = None

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        self._workdir = tempfile.TemporaryDirectory(prefix="rs-it-")
        self.log_path = os.path.join(self._workdir.name, "server.stderr")
        self._log = open(self.log_path, "wb")
        command = self._launcher + [server_binary(), "serve"]
        if self._php_ini:
            command += ["--config", self._write_config()]
        command += ["--entry", self.entry, "--admin", f"127.0.0.1:{self.admin_port}"]
        if self.http:
            command += ["--listen", f"127.0.0.1:{self.port}"]
        command += self._args
        env = dict(os.environ, APP_TEST_ROUTES="1", **self._env)
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=env,
                                        stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=self._log)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _write_config(self):
        lines = ["pools:", f"  - entry: {json.dumps(self.entry)}", "    php_ini:"]
        for key, value in self._php_ini.items():
            lines.append(f"      {key}: {json.dumps(str(value))}")
        path = os.path.join(self._workdir.name, "server.yaml")
        with open(path, "w", encoding="utf-8") as config:
            config.write("\n".join(lines) + "\n")
        return path

    def _wait_until_ready(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"server exited with {self.process.returncode} during startup:\n{self.log_text()}")
            try:
                if self.http:
                    status, _, _ = self.get("/")
                else:
                    status = self._admin_status("/readyz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server did not answer within {STARTUP_TIMEOUT_S}s:\n{self.log_text()}")

    def _admin_status(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.admin_port, timeout=5)
        try:
            conn.request("GET", path)
            return conn.getresponse().status
        finally:
            conn.close()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._workdir is not None:
            self._saved_log = self.log_text()
            self._workdir.cleanup()
            self._workdir = None

    # -- inspection ----------------------------------------------------------

    def log_text(self):
        if self._workdir is None:
            return getattr(self, "_saved_log", "")
        if self._log is not None:
            self._log.flush()
        with open(self.log_path, "rb") as log:
            return log.read().decode("utf-8", "replace")

    def kernel_constructions(self):
        return self.log_text().count(KERNEL_CONSTRUCTED)

    def assert_running(self):
        if self.process.poll() is not None:
            raise AssertionError(f"server exited with {self.process.returncode}:\n{self.log_text()}")

    # -- clients -------------------------------------------------------------


    def get_json(self, path, **kwargs):
        status, _, body = self.get(path, **kwargs)
        if status != 200:
            raise AssertionError(f"GET {path} -> {status}: {body[:500]!r}")
        return json.loads(body)

    def raw_socket(self, timeout=30):
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)


def read_until_closed(sock):
    """All bytes the peer sends until it closes the connection."""
    chunks = []
    while True:
        data = sock.recv(65536)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


class RawResponse:
    """A response parsed off a raw socket, keeping the wire framing visible."""

    def __init__(self, version, status, reason, headers, body, chunk_sizes):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers          # list of (lower-case name, value)
        self.body = body
        self.chunk_sizes = chunk_sizes  # None unless Transfer-Encoding: chunked

    def header(self, name):
        values = [value for key, value in self.headers if key == name.lower()]
        return values[0] if values else None


class RawReader:
    """Reads consecutive HTTP/1.x responses from one socket, in order."""

    def __init__(self, sock):
        self._file = sock.makefile("rb")

    def close(self):
        self._file.close()

    def _line(self):
        line = self._file.readline(65536)
        if not line:
            raise ConnectionError("connection closed before a complete response")
        return line.rstrip(b"\r\n").decode("latin-1")

    def read_response(self, method="GET"):
        version, status, reason = (self._line().split(" ", 2) + [""])[:3]
        headers = []
        while True:
            line = self._line()
            if not line:
                break
            name, _, value = line.partition(":")
            headers.append((name.strip().lower(), value.strip()))
        response = RawResponse(version, int(status), reason, headers, b"", None)
        if method == "HEAD" or response.status in (204, 304) or 100 <= response.status < 200:
            return response
        if "chunked" in (response.header("transfer-encoding") or "").lower():
            response.chunk_sizes = []
            parts = []
            while True:
                size = int(self._line().split(";")[0], 16)
                if size == 0:
                    while self._line():  # trailers end with an empty line
                        pass
                    break
                response.chunk_sizes.append(size)
                parts.append(self._file.read(size))
                self._file.read(2)
            response.body = b"".join(parts)
        elif response.header("content-length") is not None:
            response.body = self._file.read(int(response.header("content-length")))
        else:
            response.body = self._file.read()
        return response


class SharedServerTestCase(unittest.TestCase):
    """One server for all tests of a class, started with `server_options` (Server's arguments)."""

    server_options = {}

    @classmethod
    def setUpClass(cls):
        cls.server = Server(**cls.server_options)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
