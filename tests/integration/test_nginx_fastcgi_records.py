"""The FastCGI listener at record level, as nginx (or any web server) may drive
it: management records, refused roles and multiplexing, aborts, FCGI_KEEP_CONN,
large params and STDOUT record sizes. Runs classic mode on examples/classic-app."""

import json
import os
import pwd
import signal
import struct
import subprocess
import unittest

from harness import REPO_ROOT, Server, free_port, server_binary
from nginx import fcgi_client as fcgi

PUBLIC = os.path.realpath(os.path.join(REPO_ROOT, "examples", "classic-app", "public"))


def params_for(script, query="", method="GET", **extra):
    params = {
        "REQUEST_METHOD": method, "SCRIPT_FILENAME": os.path.join(PUBLIC, script), "SCRIPT_NAME": "/" + script,
        "DOCUMENT_URI": "/" + script, "DOCUMENT_ROOT": PUBLIC, "REQUEST_URI": "/" + script + ("?" + query if query else ""),
        "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1", "GATEWAY_INTERFACE": "CGI/1.1",
        "REMOTE_ADDR": "192.0.2.7", "REMOTE_PORT": "40000", "SERVER_ADDR": "127.0.0.1", "SERVER_PORT": "80",
        "SERVER_NAME": "classic.test", "HTTP_HOST": "classic.test", "HTTPS": "on",
    }
    params.update(extra)
    return params


class FastCgiRecordsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.server = Server(workers=2, extra_args=[
            "--mode", "classic", "--entry", os.path.join(PUBLIC, "index.php"), "--document-root", PUBLIC,
            "--fastcgi", f"127.0.0.1:{cls.port}"])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def connect(self):
        return fcgi.Connection(("127.0.0.1", self.port))

    def test_params_become_server_variables_untouched(self):
        with self.connect() as conn:
            response = conn.request(params_for("server.php", "a=1", HTTP_X_LONG="v" * 100_000))
        self.assertEqual(response.protocol_status, fcgi.REQUEST_COMPLETE)
        self.assertEqual(response.status, 200)
        _, body = response.head_and_body
        server = json.loads(body)["server"]
        self.assertEqual(server["REMOTE_ADDR"], "192.0.2.7")
        self.assertEqual(server["HTTPS"], "on")
        self.assertEqual(server["SERVER_NAME"], "classic.test")
        self.assertEqual(server["HTTP_X_LONG"], "v" * 100_000)

    def test_cgi_head_has_status_line_and_length(self):
        with self.connect() as conn:
            response = conn.request(params_for("index.php"))
        headers, body = response.head_and_body
        self.assertEqual(headers["status"], ["200 OK"])
        self.assertEqual(headers["content-length"], [str(len(body))])
        self.assertEqual(headers["content-type"], ["application/json"])

    def test_stdout_records_stay_within_the_limit(self):
        with self.connect() as conn:
            response = conn.request(params_for("big.php", "bytes=1000000"))
        _, body = response.head_and_body
        self.assertEqual(len(body), 1_000_000)
        self.assertLessEqual(max(response.stdout_record_sizes), 65535)

    def test_get_values(self):
        with self.connect() as conn:
            names = [("FCGI_MAX_CONNS", ""), ("FCGI_MAX_REQS", ""), ("FCGI_MPXS_CONNS", ""), ("UNKNOWN", "")]
            conn.send(fcgi.record(fcgi.GET_VALUES, 0, fcgi.encode_pairs(names)))
            rtype, request_id, content = conn.read_record()
        self.assertEqual((rtype, request_id), (fcgi.GET_VALUES_RESULT, 0))
        values = fcgi.decode_pairs(content)
        self.assertEqual(values["FCGI_MPXS_CONNS"], "0")
        self.assertEqual(values["FCGI_MAX_REQS"], "2")
        self.assertGreater(int(values["FCGI_MAX_CONNS"]), 0)
        self.assertNotIn("UNKNOWN", values)

    def test_roles_other_than_responder_are_refused(self):
        with self.connect() as conn:
            conn.send(fcgi.begin(1, role=fcgi.AUTHORIZER))
            rtype, request_id, content = conn.read_record()
            self.assertEqual((rtype, request_id), (fcgi.END_REQUEST, 1))
            self.assertEqual(struct.unpack(">IB3x", content)[1], fcgi.UNKNOWN_ROLE)
            # The connection still serves a responder request.
            self.assertEqual(conn.request(params_for("index.php"), request_id=2).status, 200)

    def test_second_request_on_a_busy_connection_is_refused(self):
        with self.connect() as conn:
            first = fcgi.begin(1) + fcgi.stream(fcgi.PARAMS, 1, fcgi.encode_pairs(params_for("index.php").items()))
            conn.send(first + fcgi.begin(2))
            rtype, request_id, content = conn.read_record()
            self.assertEqual((rtype, request_id), (fcgi.END_REQUEST, 2))
            self.assertEqual(struct.unpack(">IB3x", content)[1], fcgi.CANT_MPX_CONN)
            conn.send(fcgi.stream(fcgi.STDIN, 1, b""))
            self.assertEqual(conn.read_response(1).status, 200)

    def test_abort_during_the_body_ends_the_request(self):
        with self.connect() as conn:
            params = params_for("upload.php", method="POST", CONTENT_LENGTH="1000000",
                                CONTENT_TYPE="application/octet-stream")
            conn.send(fcgi.begin(1) + fcgi.stream(fcgi.PARAMS, 1, fcgi.encode_pairs(params.items()))
                      + fcgi.record(fcgi.STDIN, 1, b"x" * 1000) + fcgi.record(fcgi.ABORT_REQUEST, 1))
            response = conn.read_response(1)
            self.assertEqual(response.protocol_status, fcgi.REQUEST_COMPLETE)
            self.assertEqual(response.stdout, b"")
            # FCGI_KEEP_CONN was set: the connection carries on.
            self.assertEqual(conn.request(params_for("index.php"), request_id=2).status, 200)

    def test_without_keep_conn_the_connection_closes(self):
        with self.connect() as conn:
            response = conn.request(params_for("index.php"), keep_conn=False)
            self.assertEqual(response.status, 200)
            self.assertTrue(conn.closed_by_peer())

    def test_keep_conn_serves_many_requests(self):
        with self.connect() as conn:
            for request_id in range(1, 21):
                response = conn.request(params_for("server.php", f"n={request_id}"), request_id=request_id)
                _, body = response.head_and_body
                self.assertEqual(json.loads(body)["get"], {"n": str(request_id)})

    def test_unknown_record_type_is_answered(self):
        with self.connect() as conn:
            conn.send(fcgi.record(42, 0, b""))
            rtype, _, content = conn.read_record()
            self.assertEqual(rtype, fcgi.UNKNOWN_TYPE)
            self.assertEqual(content[0], 42)

    def test_script_outside_the_root(self):
        with self.connect() as conn:
            params = params_for("index.php", SCRIPT_FILENAME=os.path.join(PUBLIC, "..", "private", "secret.php"))
            response = conn.request(params)
        self.assertEqual(response.status, 404)
        self.assertEqual(response.head_and_body[1], b"File not found.\n")


class FastCgiShutdownTest(unittest.TestCase):
    def test_sigterm_closes_idle_kept_connections_and_exits(self):
        port = free_port()
        server = Server(workers=1, extra_args=[
            "--mode", "classic", "--entry", os.path.join(PUBLIC, "index.php"), "--fastcgi", f"127.0.0.1:{port}"])
        server.start()
        try:
            with fcgi.Connection(("127.0.0.1", port)) as conn:
                self.assertEqual(conn.request(params_for("index.php")).status, 200)
                # nginx keeps this connection open (FCGI_KEEP_CONN); shutdown must not wait for it.
                os.kill(server.process.pid, signal.SIGTERM)
                self.assertEqual(server.process.wait(timeout=15), 0)
                self.assertTrue(conn.closed_by_peer())
        finally:
            server.stop()


def children_uids(parent_pid):
    uids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if int(fields["PPid"]) == parent_pid:
            uids[int(entry)] = int(fields["Uid"].split()[1])  # effective uid
    return uids


class PrivilegesTest(unittest.TestCase):
    def test_serve_test_checks_that_the_user_exists(self):
        command = [server_binary(), "serve", "--test", "--entry", os.path.join(PUBLIC, "index.php")]
        unknown = subprocess.run(command + ["--user", "no-such-user-rs"], capture_output=True, text=True)
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("unknown user", unknown.stderr)
        known = subprocess.run(command + ["--user", pwd.getpwuid(os.geteuid()).pw_name], capture_output=True, text=True)
        self.assertEqual(known.returncode, 0, known.stderr)
        self.assertIn("user:", known.stdout)

    @unittest.skipUnless(os.geteuid() == 0, "dropping privileges needs root")
    def test_php_never_runs_as_root(self):
        nobody = pwd.getpwnam("nobody").pw_uid
        port = free_port()
        with Server(workers=2, extra_args=["--mode", "classic", "--entry", os.path.join(PUBLIC, "index.php"),
                                           "--fastcgi", f"127.0.0.1:{port}", "--user", "nobody"]) as server:
            with fcgi.Connection(("127.0.0.1", port)) as conn:
                self.assertEqual(conn.request(params_for("index.php")).status, 200)
            self.assertEqual(os.stat(f"/proc/{server.process.pid}").st_uid, nobody)
            children = children_uids(server.process.pid)
            self.assertGreaterEqual(len(children), 2)  # prototype and workers
            self.assertEqual(set(children.values()), {nobody})


if __name__ == "__main__":
    unittest.main()
