"""Request isolation in worker mode (issue 21): every request starts from the state php-fpm
would give it.

Each test makes one request change process state the way real applications do, then a
second request on the same worker (one worker per server, so consecutive requests hit the
same process) reports what it sees; the expectation is php-fpm's. The probes live in
examples/symfony-app/src/TestSupport/Controller/IsolationProbeController.php. The whole class
runs twice: the example app in prod mode and in debug mode.
"""

import fcntl
import http.server
import json
import os
import re
import tempfile
import threading
import time
import unittest
import uuid

from admin_client import scrape
from harness import APP_DIR, SharedServerTestCase


class HeaderRecorder:
    """A loopback HTTP server that remembers the Authorization header of each request."""

    def __init__(self):
        recorded = self.recorded = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                recorded.append(self.headers.get("Authorization"))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/probe"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class IsolationProbes:
    """The probes, shared by the prod and debug classes."""

    def probe(self, row, phase, query="", headers=None):
        path = f"/_test/probe/{row}/{phase}" + (f"?{query}" if query else "")
        status, response, body = self.server.get(path, headers=headers or {})
        self.assertEqual(status, 200, f"{path}: {body[:800]!r}")
        return json.loads(body), response.getheaders()

    def set_then_check(self, row, set_query="", check_query=""):
        first, _ = self.probe(row, "set", set_query)
        second, _ = self.probe(row, "check", check_query)
        self.assertEqual(first["pid"], second["pid"], "the two requests must hit one worker")
        return second

    # -- sessions --------------------------------------------------------------------------

    def test_native_session_data_does_not_reach_a_request_without_session(self):
        seen = self.set_then_check("native-session")
        self.assertFalse(seen["session_defined"], seen)
        self.assertIsNone(seen["session"])

    def login(self, row, user):
        data, headers = self.probe(row, "login", f"user={user}")
        cookie = next(value for name, value in headers if name.lower() == "set-cookie" and "=" in value)
        return cookie.split(";", 1)[0]

    def whoami(self, row, cookie):
        data, _ = self.probe(row, "whoami", headers={"Cookie": cookie} if cookie else {})
        return data["user"]

    def several_users_alternate(self, row):
        alice = self.login(row, "alice")
        bob = self.login(row, "bob")
        for _ in range(3):
            self.assertEqual(self.whoami(row, alice), "alice")
            self.assertEqual(self.whoami(row, bob), "bob")
            self.assertIsNone(self.whoami(row, None))
        self.probe(row, "logout", headers={"Cookie": alice})
        self.assertIsNone(self.whoami(row, alice))
        self.assertEqual(self.whoami(row, bob), "bob")
        carol = self.login(row, "carol")
        self.assertEqual(self.whoami(row, carol), "carol")
        self.assertEqual(self.whoami(row, bob), "bob")

    def test_symfony_native_sessions_several_users_login_alternate_logout(self):
        self.several_users_alternate("symfony")

    def test_user_save_handler_class_several_users_login_alternate_logout(self):
        self.several_users_alternate("user-handler")

    # -- process state -------------------------------------------------------------------------

    def test_random_seed_is_fresh(self):
        self.assertFalse(self.set_then_check("seed")["predictable"])

    def test_default_stream_context_credentials_do_not_leak(self):
        recorder = HeaderRecorder()
        try:
            seen = self.set_then_check("stream-context", check_query=f"url={recorder.url}")
        finally:
            recorder.close()
        self.assertTrue(seen["fetched"], seen)
        self.assertEqual(recorder.recorded, [None])
        self.assertNotIn("http", seen["options"])

    def test_putenv_is_restored_and_not_imported_into_server(self):
        seen = self.set_then_check("putenv")
        self.assertIs(seen["getenv"], False)
        self.assertIs(seen["getenv_probe"], False)
        self.assertIsNone(seen["server"])
        self.assertIsNone(seen["symfony_user"])

    def test_ini_timezone_cwd_error_reporting_umask_locale_are_restored(self):
        before, _ = self.probe("process", "check")
        after = self.set_then_check("process")
        for key in ("precision", "float", "timezone", "cwd", "error_reporting", "umask", "file_mode", "locale"):
            self.assertEqual(after[key], before[key], key)
        self.assertNotEqual(after["timezone"], "Pacific/Kiritimati")

    def test_shutdown_functions_run_at_the_end_of_each_request(self):
        with tempfile.TemporaryDirectory() as directory:
            for user in ("alice", "bob"):
                marker = os.path.join(directory, f"{user}.done")
                self.probe("shutdown", "set", f"marker={marker}&user={user}")
                deadline = time.monotonic() + 5
                while not os.path.exists(marker) and time.monotonic() < deadline:
                    time.sleep(0.02)
                with open(marker) as done:
                    self.assertEqual(done.read(), user)

    def test_objects_in_reference_cycles_are_destroyed_at_request_end(self):
        with tempfile.NamedTemporaryFile() as lock_file:
            self.probe("cycle-lock", "set", f"file={lock_file.name}")
            # The client has its answer before the boundary runs (as after php-fpm's
            # fastcgi_finish_request()): wait for the request's end, bounded.
            deadline = time.monotonic() + 5
            with open(lock_file.name, "rb") as other:
                while True:
                    try:
                        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise AssertionError("the cycle's destructor never released its lock")
                        time.sleep(0.02)

    def test_libxml_error_mode_and_mbstring_encoding_are_reset(self):
        seen = self.set_then_check("libxml")
        self.assertFalse(seen["internal_errors"])
        self.assertEqual(seen["pending_errors"], 0)
        self.assertEqual(seen["mb_encoding"], "UTF-8")

    def test_stream_wrappers_are_reset(self):
        for _ in range(2):
            registered, _ = self.probe("wrapper", "set")
            self.assertTrue(registered["registered"], registered)
            self.assertEqual(registered["read"], "probe-wrapper")
            seen, _ = self.probe("wrapper", "check")
            self.assertNotIn("rsprobe", seen["wrappers"])

    def test_url_rewriter_works_in_every_request(self):
        for token in ("first", "second", "third"):
            status, _, body = self.server.get(f"/_test/probe/rewrite/set?token={token}")
            self.assertEqual(status, 200)
            self.assertIn(f'name="tok" value="{token}"', body.decode())

    def test_strtok_state_is_reset(self):
        self.assertIs(self.set_then_check("strtok")["next"], False)

    def test_default_directory_handle_is_closed(self):
        self.assertEqual(self.set_then_check("dir")["entry"], "no default handle")

    def test_autoloaders_do_not_pile_up(self):
        baseline, _ = self.probe("autoload", "check")
        for _ in range(3):
            registered, _ = self.probe("autoload", "set")
            self.assertEqual(registered["count"], baseline["count"] + 1)
            self.assertEqual(self.probe("autoload", "check")[0]["count"], baseline["count"])

    def test_error_and_exception_handlers_are_restored(self):
        before, _ = self.probe("handler", "check")
        after = self.set_then_check("handler")
        self.assertEqual(after, before | {"pid": after["pid"]})

    def test_peak_memory_is_per_request(self):
        self.probe("memory", "set")
        seen, _ = self.probe("memory", "check")
        self.assertLess(seen["peak"], 32 * 1024 * 1024)

    # -- request variables as php-fpm gives them (issue 15, item 2) ---------------------------

    def test_getenv_getallheaders_and_php_self_follow_the_request(self):
        seen, _ = self.probe("request-vars", "check", "q=1", headers={"X-Probe-Header": "yes", "Host": "probe.test"})
        self.assertEqual(seen["getenv_host"], "probe.test")
        self.assertEqual(seen["getenv_uri"], "/_test/probe/request-vars/check?q=1")
        self.assertEqual(seen["getenv_addr"], "127.0.0.1")
        self.assertEqual(seen["headers"]["X-Probe-Header"], "yes")
        self.assertEqual(seen["headers"]["Host"], "probe.test")
        expected_self = seen["script_name"] + (seen["path_info"] or "")
        self.assertEqual(seen["php_self"], expected_self)

    # -- counted ------------------------------------------------------------------------------

    def test_restored_state_is_counted(self):
        self.set_then_check("process")
        _, metrics, _ = scrape(self.server)
        for kind in ("ini", "timezone", "cwd", "umask", "locale"):
            self.assertRegex(metrics, rf'runtime_request_state_restored_total\{{[^}}]*kind="{kind}"[^}}]*\}} [1-9]')


class ProdModeIsolationTest(IsolationProbes, SharedServerTestCase):
    server_options = {"workers": 1, "env": {"APP_ENV": "prod", "APP_DEBUG": "0"}}


class DebugModeIsolationTest(IsolationProbes, SharedServerTestCase):
    server_options = {"workers": 1, "env": {"APP_ENV": "dev", "APP_DEBUG": "1"}}


class OpcacheIsolationTest(SharedServerTestCase):
    """opcache in worker mode: revalidation after revalidate_freq, restarts without kills."""

    server_options = {"workers": 2, "php_ini": {"opcache.validate_timestamps": "1", "opcache.revalidate_freq": "1",
                                                "opcache.file_update_protection": "0"}}

    def test_rewritten_include_is_revalidated(self):
        path = os.path.join(APP_DIR, "var", f"probe-include-{uuid.uuid4().hex[:8]}.php")
        try:
            with open(path, "w") as source:
                source.write("<?php return 'v1';\n")
            for _ in range(4):  # both workers cache it
                self.assertEqual(self.server.get_json(f"/_test/probe/include/check?file={path}")["value"], "v1")
            time.sleep(1.1)
            with open(path, "w") as source:
                source.write("<?php return 'v2';\n")
            stat = os.stat(path)
            os.utime(path, (stat.st_atime, stat.st_mtime + 2))
            deadline = time.monotonic() + 6
            values = []
            while time.monotonic() < deadline:
                values = [self.server.get_json(f"/_test/probe/include/check?file={path}")["value"] for _ in range(4)]
                if values == ["v2"] * 4:
                    break
                time.sleep(0.3)
            self.assertEqual(values, ["v2"] * 4)
        finally:
            os.unlink(path)

    def test_opcache_reset_restarts_without_killing_workers(self):
        first = self.server.get_json("/_test/probe/opcache-reset/check")
        self.assertTrue(first["enabled"], first)
        self.assertTrue(self.server.get_json("/_test/probe/opcache-reset/set")["reset"])
        deadline = time.monotonic() + 15
        status = {}
        while time.monotonic() < deadline:
            status = self.server.get_json("/_test/probe/opcache-reset/check")
            if status["manual_restarts"] and status["manual_restarts"] > (first["manual_restarts"] or 0) \
                    and not status["restart_pending"]:
                break
            time.sleep(0.2)
        self.assertGreater(status["manual_restarts"], first["manual_restarts"] or 0, status)
        self.assertFalse(status["restart_pending"], status)
        for _ in range(10):
            self.assertEqual(self.server.get("/")[0], 200)
        log = self.server.log_text()
        self.assertNotRegex(log, r"signal 9|SIGKILL|crash", log[-3000:])
        self.assertIn("reason=opcache_restart", log)


if __name__ == "__main__":
    unittest.main()
