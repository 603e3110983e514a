"""Command-line plumbing shared by the bench/ tools: binaries, result directory, progress."""

import datetime
import os

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def add_common_arguments(parser):
    parser.add_argument("--bin-dir", default=os.environ.get("RUNTIME_BIN_DIR", os.path.join(REPO, "build", "src", "app")),
                        help="directory of runtime-supercharger and its worker (default: $RUNTIME_BIN_DIR or build/src/app)")
    parser.add_argument("--out", help="result directory (default: bench/results/<timestamp>-<tool>)")


def result_dir(requested, tool):
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.abspath(requested or os.path.join(REPO, "bench", "results", f"{stamp}-{tool}"))
    os.makedirs(path, exist_ok=True)
    return path


def progress(message):
    print(message, flush=True)
