"""The in-process ceiling: runtime-ceiling (bench/ceiling), PHP alone, no network, no master."""

import json
import os
import subprocess

from . import configs
from .targets import TargetUnavailable, app_environment


def _run_once(paths, workdir, uri, requests, warmup):
    command = [paths.ceiling, "--bootstrap", paths.bootstrap, "--entry", paths.entry,
               "--document-root", paths.document_root, "--uri", uri, "--requests", str(requests),
               "--warmup", str(warmup)]
    for name, value in configs.PHP_INI.items():
        command += ["--ini", f"{name}={value}"]
    env = dict(os.environ, **app_environment(workdir))
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if completed.returncode != 0:
        raise RuntimeError(f"ceiling run for {uri} failed ({completed.returncode}): {completed.stderr.strip()[-500:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["non_2xx"] or result["failed"]:
        raise RuntimeError(f"ceiling run for {uri}: {result['non_2xx']} non-2xx and {result['failed']} failed "
                           f"requests (last status {result['last_status']}): {completed.stderr.strip()[-500:]}")
    return result


def measure(paths, workdir, uri, seconds):
    """Requests per second of one PHP worker on one core, timed over about `seconds` seconds.

    A short calibration run sizes the measured run so that slow routes stay bounded in time.
    """
    if not os.access(paths.ceiling, os.X_OK):
        raise TargetUnavailable(f"{paths.ceiling} is not built (cmake --build BUILD --target runtime-ceiling)")
    calibration = _run_once(paths, workdir, uri, requests=20, warmup=5)
    requests = max(20, int(calibration["rps"] * seconds))
    return _run_once(paths, workdir, uri, requests=requests, warmup=min(200, requests // 10 + 5))
