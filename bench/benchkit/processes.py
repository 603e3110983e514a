"""Starts and stops the processes of one benchmark, by PID only, with cleanup on exit."""

import atexit
import http.client
import os
import signal
import socket
import subprocess
import sys
import time

STOP_GRACE_S = 10

_running = []


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command, log_path, env=None, cwd=None):
    """Starts command with stdout and stderr in log_path; stopped by stop() or at exit."""
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=env, cwd=cwd)
    _running.append(process)
    return process


def stop(process):
    """SIGTERM, then SIGKILL after a grace period; only this PID is signalled."""
    if process.poll() is None:
        try:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        except ProcessLookupError:
            pass
    if process in _running:
        _running.remove(process)


def stop_all():
    for process in reversed(list(_running)):
        stop(process)


def _on_signal(signum, _frame):
    stop_all()
    sys.exit(128 + signum)


def install_cleanup():
    """Stops every started process on normal exit, Ctrl-C and SIGTERM."""
    atexit.register(stop_all)
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)


def http_status(port, path, timeout=5.0):
    """Status of GET path on 127.0.0.1:port, or None if the server does not answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def wait_for_http(port, path, process, timeout_s=90, log_path=None):
    """Waits until GET path answers 200; raises with the log's tail if it never does."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if http_status(port, path) == 200:
            return
        time.sleep(0.2)
    tail = ""
    if log_path and os.path.exists(log_path):
        with open(log_path, errors="replace") as log:
            tail = "".join(log.readlines()[-20:])
    raise RuntimeError(f"server on port {port} did not answer 200 on {path}\n{tail}")
