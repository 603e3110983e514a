"""The servers a benchmark compares; each starts in its own work directory on free ports.

Every target serves the same example application with the same number of PHP workers and
the same PHP settings (configs.PHP_INI), and tells which of its processes are "the server"
(for CPU accounting) and which are PHP workers (for memory per worker).
"""

import os
import re
import shutil
import socket
import subprocess
import time

from . import configs, processes, procfs


PROTOTYPE_STARTED = re.compile(r"prototype started pid=(\d+)")


class TargetUnavailable(Exception):
    """The target cannot run here (missing binary, feature not built); the run skips it."""


def source_root(bin_dir, repo):
    """The source tree the build in bin_dir was configured from (CMakeCache.txt), else repo:
    the app and the PHP runtime are taken from there, so all parts come from one revision."""
    cache = os.path.join(bin_dir, "..", "..", "CMakeCache.txt")
    if os.path.exists(cache):
        with open(cache) as handle:
            for line in handle:
                if line.startswith("CMAKE_HOME_DIRECTORY:INTERNAL="):
                    return line.split("=", 1)[1].strip()
    return repo


def ceiling_binary(bin_dir):
    """runtime-ceiling (bench/ceiling, not installed): next to the server binaries when they
    were copied together, else in the build tree that bin_dir (BUILD/src/app) belongs to."""
    beside = os.path.join(bin_dir, "runtime-ceiling")
    in_build = os.path.normpath(os.path.join(bin_dir, "..", "..", "bench", "ceiling", "runtime-ceiling"))
    return beside if os.access(beside, os.X_OK) or not os.access(in_build, os.X_OK) else in_build


def floor_binary(bin_dir):
    """runtime-hop-floor (bench/floor, not installed), found as runtime-ceiling is."""
    beside = os.path.join(bin_dir, "runtime-hop-floor")
    in_build = os.path.normpath(os.path.join(bin_dir, "..", "..", "bench", "floor", "runtime-hop-floor"))
    return beside if os.access(beside, os.X_OK) or not os.access(in_build, os.X_OK) else in_build


class Paths:
    def __init__(self, repo, bin_dir):
        self.repo = source_root(bin_dir, repo)
        self.bin_dir = bin_dir
        self.app_dir = os.path.join(self.repo, "examples", "symfony-app")
        self.document_root = os.path.join(self.app_dir, "public")
        self.entry = os.path.join(self.document_root, "index.php")
        # The master's own default; $RUNTIME_PHP_DIR overrides both.
        php_dir = os.environ.get("RUNTIME_PHP_DIR") or os.path.join(self.repo, "src", "php")
        self.bootstrap = os.path.join(php_dir, "worker-bootstrap.php")
        self.database = os.path.join(self.app_dir, "var", "data.sqlite")
        self.server = os.path.join(bin_dir, "runtime-supercharger")
        self.worker = os.path.join(bin_dir, "runtime-supercharger-worker")
        self.ceiling = ceiling_binary(bin_dir)
        self.floor = floor_binary(bin_dir)


def app_environment(workdir, extra=None):
    """Production mode, with the Symfony cache and logs in the run's directory."""
    env = {"APP_ENV": "prod", "APP_DEBUG": "0",
           "APP_CACHE_DIR": os.path.join(workdir, "app-cache"),
           "APP_LOG_DIR": os.path.join(workdir, "app-log")}
    env.update(extra or {})
    return env


def _wait_for_port(port, process, timeout_s=30):
    return _wait_for_address(f"127.0.0.1:{port}", process, timeout_s)


def _connect(address):
    """A socket connected to "HOST:PORT" or "unix:PATH"."""
    if address.startswith("unix:"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(1)
        try:
            sock.connect(address[len("unix:"):])
        except OSError:
            sock.close()
            raise
        return sock
    host, port = address.rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=1)


def _wait_for_address(address, process, timeout_s=30):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with _connect(address):
                return True
        except OSError:
            time.sleep(0.1)
    return False


# How nginx reaches the FastCGI servers (php-fpm and ours alike): TCP on 127.0.0.1, or a unix
# socket as in Debian's stock php-fpm pool (/run/php/php8.2-fpm.sock).
TRANSPORTS = ("tcp", "unix")


def _runs_binary(pid, binary):
    """By the executable, not the command line: PHP processes set php-fpm-style titles."""
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return False
    return os.path.basename(exe) == os.path.basename(binary)


class Target:
    name = ""
    label = ""

    def __init__(self, paths, workers, workdir, max_requests=0, app_env=None, transport="tcp"):
        if transport not in TRANSPORTS:
            raise ValueError(f"unknown FastCGI transport {transport!r}")
        self.transport = transport
        self.paths = paths
        self.workers = workers
        self.workdir = os.path.join(workdir, self.name)
        self.app_env = app_environment(workdir, app_env)
        self.max_requests = max_requests
        self.port = None
        self._started = []
        os.makedirs(self.workdir, exist_ok=True)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def _start(self, command, log_name, env=None):
        log_path = os.path.join(self.workdir, log_name)
        process = processes.start(command, log_path, env=env)
        self._started.append(process)
        return process, log_path

    def root_pids(self):
        return [p.pid for p in self._started if p.poll() is None]

    def server_pids(self):
        roots = self.root_pids()
        return roots + procfs.descendants(roots)

    def worker_pids(self):
        raise NotImplementedError

    def fastcgi_address(self, socket_name):
        """Where this target's FastCGI server listens, on the run's transport."""
        if self.transport == "unix":
            return "unix:" + os.path.join(self.workdir, socket_name)
        return f"127.0.0.1:{processes.free_port()}"

    def stop(self):
        for process in reversed(self._started):
            processes.stop(process)
        self._started.clear()

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()


class SuperchargerBase(Target):
    extra_args = ()  # further `serve` arguments (bench/cost.sh --server-arg)
    pool_lines = ()  # further keys of the pool in the YAML file (bench/run.sh bursty)

    def _serve(self, listen_args):
        if not os.access(self.paths.server, os.X_OK):
            raise TargetUnavailable(f"{self.paths.server} is not built")
        config = os.path.join(self.workdir, "server.yaml")
        with open(config, "w") as handle:
            handle.write(configs.supercharger_yaml(self.paths.entry, configs.PHP_INI, self.pool_lines))
        command = [self.paths.server, "serve", "--config", config, "--workers", str(self.workers),
                   "--max-requests", str(self.max_requests), "--admin", f"127.0.0.1:{processes.free_port()}",
                   "--log-level", "info", *self.extra_args, *listen_args]
        process, log = self._start(command, "server.log", env=dict(os.environ, **self.app_env))
        self._log = log
        return process, log

    def master_pid(self):
        roots = self.root_pids()
        return roots[0] if roots else None

    def _prototype_pids(self):
        with open(self._log, errors="replace") as log:
            return {int(pid) for pid in PROTOTYPE_STARTED.findall(log.read())}

    def worker_pids(self):
        """The master's PHP children but the prototype: workers are forked by the prototype
        (so they run its executable) and then adopted by the master."""
        master = self.master_pid()
        if not master:
            return []
        prototypes = self._prototype_pids()
        return [pid for pid in procfs.children(master)
                if pid not in prototypes and _runs_binary(pid, self.paths.worker)]


class SuperchargerHttp(SuperchargerBase):
    name = "supercharger-http"
    label = "runtime-supercharger (HTTP)"

    def start(self):
        self.port = processes.free_port()
        process, log = self._serve(["--listen", f"127.0.0.1:{self.port}"])
        processes.wait_for_http(self.port, "/", process, log_path=log)


class SuperchargerTls(SuperchargerBase):
    """One server with a plain and a TLS listener (throwaway self-signed certificate), so the
    protocol rows compare HTTP/1.1 and HTTP/2 with and without TLS on the same workers."""
    name = "supercharger-tls"
    label = "runtime-supercharger (plain and TLS listeners)"

    def start(self):
        if not shutil.which("openssl"):
            raise TargetUnavailable("openssl is not installed (Debian package openssl)")
        cert, key = os.path.join(self.workdir, "cert.pem"), os.path.join(self.workdir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
                       check=True, capture_output=True, timeout=60)
        self.port, self.tls_port = processes.free_port(), processes.free_port()
        process, log = self._serve(["--listen", f"127.0.0.1:{self.port}", "--https", f"127.0.0.1:{self.tls_port}",
                                    "--tls-cert", cert, "--tls-key", key])
        processes.wait_for_http(self.port, "/", process, log_path=log)
        if not _wait_for_port(self.tls_port, process):
            raise RuntimeError(f"no HTTPS listener on {self.tls_port}; see {log}")


class NginxFront:
    """Starts nginx with the stock Symfony server block in front of a FastCGI address."""

    @staticmethod
    def start(target, fastcgi_address):
        if not shutil.which("nginx") and not os.access("/usr/sbin/nginx", os.X_OK):
            raise TargetUnavailable("nginx is not installed (Debian package nginx-light)")
        target.port = processes.free_port()
        conf = os.path.join(target.workdir, "nginx.conf")
        user = "root" if os.geteuid() == 0 else None
        with open(conf, "w") as handle:
            handle.write(configs.nginx_conf(target.workdir, target.port, target.paths.document_root,
                                            fastcgi_address, user))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        process, log = target._start([nginx, "-p", target.workdir, "-e", os.path.join(target.workdir, "nginx-error.log"),
                                      "-c", conf], "nginx.log")
        return process, log


class Fpm(Target):
    name = "fpm"
    label = "nginx + php-fpm"
    FPM_BINARY = "/usr/sbin/php-fpm8.2"

    def start(self):
        if not os.access(self.FPM_BINARY, os.X_OK):
            raise TargetUnavailable(f"{self.FPM_BINARY} is not installed (Debian package php8.2-fpm)")
        address = self.fastcgi_address("php-fpm.sock")
        conf = os.path.join(self.workdir, "php-fpm.conf")
        with open(conf, "w") as handle:
            # php-fpm's listen takes a bare path for a unix socket.
            handle.write(configs.fpm_conf(self.workdir, address.removeprefix("unix:"), self.workers, self.app_env,
                                          os.geteuid() == 0))
        command = [self.FPM_BINARY, "--nodaemonize", "--fpm-config", conf]
        if os.geteuid() == 0:
            command.append("--allow-to-run-as-root")
        self._fpm, fpm_log = self._start(command, "php-fpm.stdout.log")
        if not _wait_for_address(address, self._fpm):
            raise RuntimeError(f"php-fpm did not listen on {address}; see {fpm_log}")
        process, log = NginxFront.start(self, address)
        processes.wait_for_http(self.port, "/", process, log_path=log)

    def worker_pids(self):
        return procfs.descendants([self._fpm.pid]) if self._fpm.poll() is None else []


class SuperchargerFastcgi(SuperchargerBase):
    name = "supercharger-fastcgi"
    label = "nginx + runtime-supercharger (FastCGI)"
    dispatch = "proxied"

    def start(self):
        address = self.fastcgi_address("runtime-supercharger.sock")
        server, _log = self._serve(["--fastcgi", address, "--dispatch", self.dispatch])
        if not _wait_for_address(address, server, timeout_s=20):
            state = "exited" if server.poll() is not None else "running"
            raise TargetUnavailable(f"runtime-supercharger ({state}) does not accept FastCGI connections on "
                                    f"{address} after 20 s (log: logs/{self.name}/server.log)")
        process, log = NginxFront.start(self, address)
        try:
            processes.wait_for_http(self.port, "/", process, timeout_s=60, log_path=log)
        except RuntimeError as error:
            raise TargetUnavailable(f"nginx -> runtime-supercharger FastCGI does not answer 200: {error}")


class SuperchargerFastcgiDirect(SuperchargerFastcgi):
    """The same nginx block; the workers accept its connections themselves (pools[].dispatch: direct)."""
    name = "supercharger-fastcgi-direct"
    label = "nginx + runtime-supercharger (FastCGI, direct dispatch)"
    dispatch = "direct"


class FloorBase(Target):
    """runtime-hop-floor: the dispatch hops with no PHP behind them (bench/floor). Its process
    is the front end (or the direct master); its children stand in for the workers."""

    def _floor(self, mode, address):
        if not os.access(self.paths.floor, os.X_OK):
            raise TargetUnavailable(f"{self.paths.floor} is not built (cmake --build BUILD --target runtime-hop-floor)")
        process, log = self._start([self.paths.floor, mode, "--listen", address, "--workers", str(self.workers)],
                                   "floor.log")
        if not _wait_for_address(address, process, timeout_s=10):
            raise TargetUnavailable(f"runtime-hop-floor {mode} does not listen on {address} (log: {log})")
        self._floor_process = process
        return process, log

    def master_pid(self):
        return self._floor_process.pid if self._floor_process.poll() is None else None

    def worker_pids(self):
        master = self.master_pid()
        return procfs.children(master) if master else []


class FloorHttp(FloorBase):
    name = "floor-http"
    label = "hop floor, HTTP (runtime-hop-floor http)"

    def start(self):
        self.port = processes.free_port()
        process, log = self._floor("http", f"127.0.0.1:{self.port}")
        processes.wait_for_http(self.port, "/", process, log_path=log)


class FloorFastcgi(FloorBase):
    name = "floor-fastcgi"
    label = "hop floor, nginx -> FastCGI accepted by the children (runtime-hop-floor fastcgi)"

    def start(self):
        address = self.fastcgi_address("floor.sock")
        self._floor("fastcgi", address)
        process, log = NginxFront.start(self, address)
        processes.wait_for_http(self.port, "/", process, log_path=log)


TARGETS = {cls.name: cls for cls in (SuperchargerHttp, Fpm, SuperchargerFastcgi, SuperchargerFastcgiDirect)}
