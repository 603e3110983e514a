"""nginx in front of runtime-supercharger (or php-fpm) over FastCGI, from the
templates in this directory. It runs as the current user in a temporary
directory (pid, logs, temp paths), listens on a free loopback port, and is
stopped by PID."""

import os
import shutil
import subprocess
import tempfile
import unittest

from harness import HttpClient, free_port
from nginx.process_control import stop_gracefully, wait_until_listening

HERE = os.path.dirname(os.path.abspath(__file__))
NGINX = "/usr/sbin/nginx"


def _template(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as source:
        return source.read()


def render_config(directory, port, root, upstream, locations, keep_conn=True, substitutions=None):
    """The nginx.conf text. `upstream` is "127.0.0.1:PORT" or "unix:/path"; `substitutions`
    maps further @NAME@ placeholders of the locations template to their text."""
    keep = "            fastcgi_keep_conn on;" if keep_conn else ""
    user = "user root;" if os.geteuid() == 0 else ""  # as root, nginx would switch workers to nobody
    location_text = _template(locations).replace("@KEEP_CONN@", keep)
    for name, text in (substitutions or {}).items():
        location_text = location_text.replace(f"@{name}@", text)
    return (_template("nginx.conf.in")
            .replace("@LOCATIONS@", location_text)
            .replace("@KEEPALIVE@", "        keepalive 8;" if keep_conn else "")
            .replace("@DIR@", directory).replace("@PORT@", str(port)).replace("@ROOT@", root)
            .replace("@UPSTREAM@", upstream).replace("@USER@", user))


class Nginx(HttpClient):
    """One nginx process; use as a context manager."""

    def __init__(self, root, upstream, locations, keep_conn=True, substitutions=None):
        if not os.access(NGINX, os.X_OK):
            raise unittest.SkipTest("nginx is not installed")
        self.port = free_port()
        self.root, self.upstream, self.locations, self.keep_conn = root, upstream, locations, keep_conn
        self.substitutions = substitutions
        self.process = None
        self._dir = None

    def __enter__(self):
        self._dir = tempfile.mkdtemp(prefix="rs-nginx-")
        path = os.path.join(self._dir, "nginx.conf")
        with open(path, "w", encoding="utf-8") as conf:
            conf.write(render_config(self._dir, self.port, self.root, self.upstream, self.locations, self.keep_conn,
                                     self.substitutions))
        self.process = subprocess.Popen([NGINX, "-c", path, "-p", self._dir, "-e", os.path.join(self._dir, "error.log")],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_until_listening(self.process, self.port, "nginx",
                             lambda: f"{self.process.stderr.read().decode()}\n{self.error_log()}")
        return self

    def __exit__(self, *exc_info):
        stop_gracefully(self.process)
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
