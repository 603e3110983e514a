"""What an operator sees of the server's processes: php-fpm-style titles, no listening socket in PHP."""

import os
import re
import subprocess
import unittest

import harness
from admin_client import admin_json


def listening_inodes(port):
    """Socket inodes of TCP listeners on `port` (state 0A in /proc/net/tcp and tcp6)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table, encoding="ascii") as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "0A":
                    inodes.add(fields[9])
    return inodes


def socket_inodes_of(pid):
    inodes = set()
    fd_dir = f"/proc/{pid}/fd"
    for name in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, name))
        except OSError:
            continue
        match = re.fullmatch(r"socket:\[(\d+)\]", target)
        if match:
            inodes.add(match.group(1))
    return inodes


class ListeningSocketsStayInTheMaster(unittest.TestCase):
    def test_prototype_and_workers_hold_no_listening_socket(self):
        with harness.Server(workers=2) as server:
            listeners = listening_inodes(server.port) | listening_inodes(server.admin_port)
            self.assertTrue(listeners & socket_inodes_of(server.process.pid), "master must hold its listeners")
            workers = [w["pid"] for w in admin_json(server, "/status")["pools"][0]["workers"]]
            prototype = re.findall(r"prototype started pid=(\d+)", server.log_text())
            self.assertTrue(workers and prototype, server.log_text())
            for pid in workers + [int(p) for p in prototype]:
                self.assertEqual(set(), socket_inodes_of(pid) & listeners, f"pid {pid} holds a listening socket")


def cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as raw:
        return raw.read().rstrip(b"\0").decode("utf-8", "replace")


def ps_args(pid):
    return subprocess.run(["ps", "-o", "args=", "-p", str(pid)], capture_output=True, text=True,
                          check=True).stdout.strip()


class ProcessTitles(unittest.TestCase):
    def test_master_prototype_and_workers_are_named_like_php_fpm(self):
        with harness.Server(workers=2) as server:
            workers = [w["pid"] for w in admin_json(server, "/status")["pools"][0]["workers"]]
            prototype = re.findall(r"prototype started pid=(\d+)", server.log_text())
            self.assertEqual(2, len(workers))
            self.assertEqual(1, len(prototype), server.log_text())
            expected = {server.process.pid: "runtime-supercharger: master",
                        int(prototype[0]): "runtime-supercharger: prototype pool default"}
            expected.update({pid: "runtime-supercharger: worker pool default" for pid in workers})
            for pid, title in expected.items():
                self.assertEqual(title, cmdline(pid), f"/proc/{pid}/cmdline")
                self.assertEqual(title, ps_args(pid), f"ps -o args -p {pid}")
            # The environment moved off the overwritten block: PHP still sees it.
            status, _, body = server.get("/")
            self.assertEqual(200, status)


if __name__ == "__main__":
    unittest.main()
