"""The Dockerfile's layering and ownership rules (docs/containers.md, "The image"): the
dependency layer before the source copy, a stripped install, application files owned by root
and only var/ writable by the unprivileged user. Reads the Dockerfile only (no daemon)."""

import os
import re
import unittest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def stages(text):
    """[(stage line, [instructions])], continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    result = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            result.append((line, []))
        else:
            result[-1][1].append(line)
    return result


class Dockerfile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(REPO, "Dockerfile")) as handle:
            cls.stages = stages(handle.read())
        cls.build = cls.stages[0][1]
        cls.runtime = cls.stages[-1][1]

    def index(self, instructions, pattern):
        for i, line in enumerate(instructions):
            if re.search(pattern, line):
                return i
        self.fail(f"no instruction matches {pattern}")

    def test_two_stages_on_the_same_debian(self):
        self.assertEqual(len(self.stages), 2)
        for line, _ in self.stages:
            self.assertRegex(line, r"^FROM debian:12-slim\b")

    def test_dependencies_are_installed_before_the_sources_are_copied(self):
        deps = self.index(self.build, r"^RUN .*install-deps\.sh")
        sources = self.index(self.build, r"^COPY \. \.")
        self.assertLess(deps, sources)
        # Only the script itself is copied before the dependency layer.
        for line in self.build[:deps]:
            if line.startswith("COPY"):
                self.assertRegex(line, r"^COPY scripts/install-deps\.sh ")

    def test_only_the_server_is_built_and_installed_stripped(self):
        build = self.build[self.index(self.build, r"cmake --build")]
        self.assertIn("--target runtime-supercharger runtime-supercharger-worker", build)
        self.assertRegex(build, r"-DRUNTIME_BUILD_TESTS=OFF")
        self.assertRegex(build, r"-DRUNTIME_BUILD_BENCH=OFF")
        self.assertRegex(build, r"cmake --install \S+ --prefix /opt/runtime-supercharger --strip")

    def test_the_runtime_stage_has_runtime_packages_only(self):
        self.assertRegex(self.runtime[self.index(self.runtime, r"^RUN .*install-deps\.sh")], r"install-deps\.sh --runtime")
        self.assertFalse([l for l in self.runtime if re.match(r"^COPY \. ", l)])

    def test_application_files_belong_to_root_and_only_var_to_the_user(self):
        user = self.index(self.runtime, r"^USER ")
        self.assertNotIn(self.runtime[user].split()[1], ("root", "0"))
        for line in self.runtime:
            if line.startswith("COPY"):
                self.assertNotIn("--chown", line, line)
                self.assertNotIn("--chmod", line, line)
            self.assertNotRegex(line, r"\bchown\b|\bchmod\b", line)
        writable = self.index(self.runtime, r"install -d -o app -g app /app/var")
        self.assertLess(writable, user)
        # Everything the image runs is copied before the switch to the unprivileged user.
        self.assertLess(self.index(self.runtime, r"^COPY examples/symfony-app /app"), user)
        self.assertLess(self.index(self.runtime, r"^COPY --from=build /opt/runtime-supercharger"), user)

    def test_the_master_is_pid_1(self):
        entrypoint = self.runtime[self.index(self.runtime, r"^ENTRYPOINT ")]
        self.assertRegex(entrypoint, r'^ENTRYPOINT \["/opt/runtime-supercharger/bin/runtime-supercharger"\]$')


if __name__ == "__main__":
    unittest.main()
