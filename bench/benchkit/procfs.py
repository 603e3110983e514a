"""Reads process CPU time, memory and ancestry from /proc (Linux only)."""

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid):
    """Fields of /proc/<pid>/stat after the command name (which may contain spaces)."""
    with open(f"/proc/{pid}/stat", "rb") as handle:
        raw = handle.read().decode("ascii", "replace")
    return raw[raw.rindex(")") + 2:].split()


def parent_of(pid):
    try:
        return int(_stat_fields(pid)[1])
    except (OSError, ValueError, IndexError):
        return None


def _children_by_parent():
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            parent = parent_of(int(name))
            if parent is not None:
                children.setdefault(parent, []).append(int(name))
    return children


def children(pid):
    return _children_by_parent().get(pid, [])


def descendants(root_pids):
    """Every live process below any of root_pids (not the roots themselves)."""
    children = _children_by_parent()
    found, stack = [], list(root_pids)
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().split(b"\0")
    except OSError:
        return []


def cpu_seconds(pids):
    """User + system CPU seconds of the given processes (vanished ones count as 0)."""
    ticks = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            pass
    return ticks / CLOCK_TICKS


def memory_bytes(pid):
    """(rss, pss) in bytes from /proc/<pid>/smaps_rollup, or None if the process is gone."""
    values = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) >= 3 and parts[0] in ("Rss:", "Pss:"):
                    values[parts[0]] = int(parts[1]) * 1024
    except OSError:
        return None
    if "Rss:" not in values or "Pss:" not in values:
        return None
    return values["Rss:"], values["Pss:"]


class CpuMeter:
    """CPU used by a changing set of processes between start() and stop()."""

    def __init__(self, pids_source):
        self._pids_source = pids_source
        self._pids = []
        self._start = 0.0

    def start(self):
        self._pids = self._pids_source()
        self._start = cpu_seconds(self._pids)

    def stop(self):
        """CPU seconds the processes seen at start() used since then."""
        return max(0.0, cpu_seconds(self._pids) - self._start)
