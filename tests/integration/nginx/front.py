"""nginx in front of runtime-supercharger (or php-fpm) over FastCGI, from the
templates in this directory. It runs as the current user in a temporary
directory (pid, logs, temp paths), listens on a free loopback port, and is
stopped by PID."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from harness import HttpClient, free_port

HERE = os.path.dirname(os.path.abspath(__file__))
NGINX = "/usr/sbin/nginx"


def _template(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as source:
        return source.read()


def render_config(directory, port, root, upstream, locations, keep_conn=True):
    """The nginx.conf text. `upstream` is "127.0.0.1:PORT" or "unix:/path"."""
    keep = "            fastcgi_keep_conn on;" if keep_conn else ""
    user = "user root;" if os.geteuid() == 0 else ""  # as root, nginx would switch workers to nobody
    return (_template("nginx.conf.in")
            .replace("@LOCATIONS@", _template(locations).replace("@KEEP_CONN@", keep))
            .replace("@KEEPALIVE@", "        keepalive 8;" if keep_conn else "")
            .replace("@DIR@", directory).replace("@PORT@", str(port)).replace("@ROOT@", root)
            .replace("@UPSTREAM@", upstream).replace("@USER@", user))


class Nginx(HttpClient):
    """One nginx process; use as a context manager."""

    def __init__(self, root, upstream, locations, keep_conn=True):
        if not os.access(NGINX, os.X_OK):
            raise unittest.SkipTest("nginx is not installed")
        self.port = free_port()
        self.root, self.upstream, self.locations, self.keep_conn = root, upstream, locations, keep_conn
        self.process = None
        self._dir = None

    def __enter__(self):
        self._dir = tempfile.mkdtemp(prefix="rs-nginx-")
        path = os.path.join(self._dir, "nginx.conf")
        with open(path, "w", encoding="utf-8") as conf:
            conf.write(render_config(self._dir, self.port, self.root, self.upstream, self.locations, self.keep_conn))
        self.process = subprocess.Popen([NGINX, "-c", path, "-p", self._dir, "-e", os.path.join(self._dir, "error.log")],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"nginx exited: {self.process.stderr.read().decode()}\n{self.error_log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx did not start listening")

    def __exit__(self, *exc_info):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish requests, then exit
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.process.stderr.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def error_log(self):
        try:
            with open(os.path.join(self._dir, "error.log"), encoding="utf-8", errors="replace") as log:
                return log.read()
        except OSError:
            return ""



def start_behind_nginx(server, nginx):
    """Starts the server, then nginx in front of it; stops the server again if nginx fails."""
    server.start()
    try:
        nginx.__enter__()
    except BaseException:
        server.stop()
        raise


def stop_behind_nginx(server, nginx):
    nginx.__exit__(None, None, None)
    server.stop()


def multipart(fields, files):
    """(content type, body) of a multipart/form-data request."""
    boundary = "----rs-boundary-7d1f3a"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)
