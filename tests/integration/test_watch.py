"""Development mode (--watch, issue 18): editing a controller of a copy of the example app
reloads the workers, so new requests see the new code; no request fails on the way. A syntax
error keeps the old workers serving and logs the error; fixing it reloads again."""

import json
import os
import tempfile
import threading
import time
import unittest

from fixtures.configured_server import EXAMPLE_APP_DIR, ConfiguredServer, copy_example_app

NEW_CODE_WITHIN_S = 30  # polled; the time actually taken is printed, not asserted
CONTROLLER = os.path.join("src", "Controller", "HomeController.php")
ORIGINAL = "return new JsonResponse(['hello' => $name]);"


def edit(app, replacement):
    """Rewrites HomeController from the example app's version, with `replacement` for ORIGINAL."""
    with open(os.path.join(EXAMPLE_APP_DIR, CONTROLLER), encoding="utf-8") as source:
        text = source.read()
    assert ORIGINAL in text, "the example app's HomeController changed: update this test"
    with open(os.path.join(app, CONTROLLER), "w", encoding="utf-8") as source:
        source.write(text.replace(ORIGINAL, replacement))


class BackgroundTraffic:
    """GET / in a loop on one thread; every status is kept."""

    def __init__(self, server):
        self._server = server
        self._stop = threading.Event()
        self.statuses = []
        self._thread = threading.Thread(target=self._run)

    def _run(self):
        while not self._stop.is_set():
            try:
                self.statuses.append(self._server.get("/", timeout=30)[0])
            except OSError as error:
                self.statuses.append(repr(error))
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(timeout=60)


class WatchModeTest(unittest.TestCase):
    def hello(self, server):
        status, _, body = server.get("/hello/watch")
        return status, json.loads(body) if status == 200 else body

    def wait_for_hello(self, server, expected):
        started = time.monotonic()
        deadline = started + NEW_CODE_WITHIN_S
        last = None
        while time.monotonic() < deadline:
            last = self.hello(server)
            if last == (200, expected):
                return time.monotonic() - started
            time.sleep(0.05)
        self.fail(f"GET /hello/watch never answered {expected}, last {last!r}:\n{server.log_text()[-4000:]}")

    def test_edit_reloads_syntax_error_keeps_old_code(self):
        with tempfile.TemporaryDirectory(prefix="rs-watch-") as directory:
            app = copy_example_app(directory)
            entry = os.path.join(app, "public", "index.php")
            # opcache on and never revalidating: only the new prototype's fresh opcache can
            # make the edit visible. file_update_protection off: by default opcache does not
            # cache a file changed in the last 2 s, so a worker that had not loaded the
            # controller yet would compile it from disk, broken, where the old code must serve.
            config = (f"pools:\n  - name: default\n    entry: {entry}\n    workers: 2\n"
                      f"    watch:\n      debounce: 100ms\n"
                      f"    php_ini:\n      opcache.enable: \"1\"\n      opcache.validate_timestamps: \"0\"\n"
                      f"      opcache.file_update_protection: \"0\"\n")
            with ConfiguredServer(config, flags=["--watch"]) as server:
                server.wait_for_log(f"pool default: watching {app}")
                self.assertEqual(self.hello(server), (200, {"hello": "watch"}))
                opcache = server.get_json("/_test/opcache")
                self.assertTrue(opcache["enabled"], opcache)
                with BackgroundTraffic(server) as traffic:
                    edit(app, "return new JsonResponse(['hello' => $name, 'version' => 2]);")
                    took = self.wait_for_hello(server, {"hello": "watch", "version": 2})
                    print(f"\nnew code served {took:.2f}s after the edit")
                    server.wait_for_log("rolling reload to generation 2 complete")
                    self.assertTrue(server.get_json("/_test/opcache")["enabled"])

                    # A syntax error: the new generation does not boot, the old one serves.
                    edit(app, "return new JsonResponse(['hello' => $name, 'version' => 3]")
                    log = server.wait_for_log("syntax error in " + os.path.join(app, CONTROLLER))
                    self.assertIn("the previous workers keep serving", log)
                    for _ in range(10):
                        self.assertEqual(self.hello(server), (200, {"hello": "watch", "version": 2}),
                                         server.log_text()[-6000:])
                        time.sleep(0.05)

                    # Fixed: the next reload goes through.
                    edit(app, "return new JsonResponse(['hello' => $name, 'version' => 4]);")
                    self.wait_for_hello(server, {"hello": "watch", "version": 4})
                self.assertTrue(traffic.statuses, "no background requests ran")
                self.assertEqual([s for s in traffic.statuses if s != 200], [], server.log_text()[-4000:])
                log = server.log_text()
                self.assertIn("watch: src/Controller/HomeController.php changed; rolling reload", log)
                server.assert_running()

    def test_watch_is_off_by_default(self):
        with tempfile.TemporaryDirectory(prefix="rs-watch-") as directory:
            app = copy_example_app(directory)
            entry = os.path.join(app, "public", "index.php")
            with ConfiguredServer(f"pools:\n  - name: default\n    entry: {entry}\n    workers: 1\n") as server:
                self.assertNotIn("watching", server.log_text())
                self.assertEqual(self.hello(server), (200, {"hello": "watch"}))


if __name__ == "__main__":
    unittest.main()
