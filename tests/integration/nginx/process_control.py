"""Starting and stopping the reference servers (nginx, php-fpm) by PID."""

import signal
import socket
import subprocess
import time


def wait_until_listening(process, port, name, why_exited, timeout=10):
    """Waits until 127.0.0.1:`port` accepts; `why_exited()` explains an early exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{name} exited: {why_exited()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{name} did not start listening")


def stop_gracefully(process, timeout=10):
    """SIGQUIT (both finish their requests, then exit), SIGKILL after `timeout` seconds."""
    if process and process.poll() is None:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
