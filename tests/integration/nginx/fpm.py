"""php-fpm (Debian's php8.2-fpm) on a free loopback port, as the reference behind nginx.
It runs in the foreground in a temporary directory (pid, log) and is stopped by PID."""

import os
import shutil
import subprocess
import tempfile
import unittest

from harness import free_port
from nginx.process_control import stop_gracefully, wait_until_listening

FPM = "/usr/sbin/php-fpm8.2"


def fpm_config(directory, port, php_ini, as_root):
    """The php-fpm.conf text: one static pool, the PHP settings as php_admin_value."""
    lines = ["[global]", f"pid = {directory}/php-fpm.pid", f"error_log = {directory}/php-fpm.log",
             "daemonize = no", "", "[reference]", f"listen = 127.0.0.1:{port}", "pm = static",
             "pm.max_children = 2", "catch_workers_output = yes", "clear_env = no"]
    if as_root:
        lines += ["user = root", "group = root"]
    lines += [f"php_admin_value[{name}] = {value}" for name, value in (php_ini or {}).items()]
    return "\n".join(lines) + "\n"


class PhpFpm:
    """One php-fpm master with two children; use as a context manager. `address` is for nginx."""

    def __init__(self, php_ini=None):
        if not os.access(FPM, os.X_OK):
            raise unittest.SkipTest(f"{FPM} is not installed (Debian package php8.2-fpm)")
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.php_ini = php_ini
        self.process = None
        self._dir = None

    def __enter__(self):
        self._dir = tempfile.mkdtemp(prefix="rs-fpm-")
        path = os.path.join(self._dir, "php-fpm.conf")
        as_root = os.geteuid() == 0
        with open(path, "w", encoding="utf-8") as conf:
            conf.write(fpm_config(self._dir, self.port, self.php_ini, as_root))
        command = [FPM, "--nodaemonize", "--fpm-config", path, "-n"]
        if as_root:
            command.append("--allow-to-run-as-root")
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        wait_until_listening(self.process, self.port, "php-fpm", self.log_text)
        return self

    def __exit__(self, *exc_info):
        stop_gracefully(self.process)
        shutil.rmtree(self._dir, ignore_errors=True)

    def log_text(self):
        try:
            with open(os.path.join(self._dir, "php-fpm.log"), encoding="utf-8", errors="replace") as log:
                return log.read()
        except OSError:
            return ""
