"""nginx -> FastCGI -> runtime-supercharger in classic mode (one PHP request per
request, the script named by SCRIPT_FILENAME) serving examples/classic-app,
over TCP with kept connections and over a unix socket without."""

import hashlib
import json
import os
import stat
import tempfile
import unittest

from harness import REPO_ROOT, Server, free_port
from nginx.front import Nginx, multipart, start_behind_nginx, stop_behind_nginx

APP = os.path.join(REPO_ROOT, "examples", "classic-app")
PUBLIC = os.path.realpath(os.path.join(APP, "public"))
CLASSIC_ARGS = ["--mode", "classic", "--entry", os.path.join(PUBLIC, "index.php"), "--document-root", PUBLIC]
PHP_INI = {"upload_max_filesize": "16M", "post_max_size": "32M"}


class ClassicBehaviour:
    """Assertions shared by the TCP and unix socket set-ups."""

    def test_index(self):
        status, response, body = self.nginx.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"app": "classic-app", "ok": True, "script": "index.php"})

    def test_each_script_runs_by_name(self):
        status, _, body = self.nginx.request("GET", "/server.php/extra/path?x=1")
        self.assertEqual(status, 200, body[:300])
        server = json.loads(body)["server"]
        self.assertEqual(server["SCRIPT_FILENAME"], os.path.join(PUBLIC, "server.php"))
        self.assertEqual(server["SCRIPT_NAME"], "/server.php")
        self.assertEqual(server["PATH_INFO"], "/extra/path")
        # php-fpm derives PHP_SELF from SCRIPT_NAME and PATH_INFO; nginx does not send it.
        self.assertEqual(server["PHP_SELF"], "/server.php/extra/path")
        self.assertEqual(server["DOCUMENT_ROOT"], PUBLIC)
        self.assertEqual(server["QUERY_STRING"], "x=1")
        self.assertEqual(server["REQUEST_METHOD"], "GET")
        self.assertEqual(server["REMOTE_ADDR"], "127.0.0.1")

    def test_script_outside_the_root_is_not_found(self):
        status, _, body = self.nginx.request("GET", "/escape/anything")
        self.assertEqual(status, 404)
        self.assertEqual(body, b"File not found.\n")
        self.assertNotIn(b"secret", body)
        status, _, body = self.nginx.request("GET", "/missing.php")
        self.assertEqual((status, body), (404, b"File not found.\n"))
        self.assertIn("primary script unknown", self.server.log_text())

    def test_upload(self):
        data = os.urandom(3 * 1024 * 1024 + 5)
        content_type, body = multipart({"title": "report"}, {"doc": ("r.bin", data)})
        status, _, reply = self.nginx.request("POST", "/upload.php", body=body, headers={"Content-Type": content_type})
        self.assertEqual(status, 200, reply[:300])
        result = json.loads(reply)
        self.assertEqual(result["post"], {"title": "report"})
        self.assertEqual(result["files"]["doc"]["size"], len(data))
        self.assertEqual(result["files"]["doc"]["sha256"], hashlib.sha256(data).hexdigest())

    def test_large_raw_body(self):
        data = os.urandom(6 * 1024 * 1024)
        status, _, reply = self.nginx.request("PUT", "/upload.php", body=data,
                                              headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(status, 200, reply[:300])
        result = json.loads(reply)
        self.assertEqual((result["raw_length"], result["raw_sha256"]), (len(data), hashlib.sha256(data).hexdigest()))

    def test_large_response(self):
        size = 5 * 1024 * 1024 + 3
        status, _, body = self.nginx.request("GET", f"/big.php?bytes={size}")
        self.assertEqual((status, len(body)), (200, size))

    def test_cookies(self):
        status, response, body = self.nginx.request("GET", "/cookie.php", headers={"Cookie": "a=1; b=two"})
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["received"], {"a": "1", "b": "two"})
        cookies = response.headers.get_all("Set-Cookie")
        self.assertEqual(sorted(c.split("=")[0] for c in cookies), ["theme", "visited"])

    def test_redirect(self):
        status, response, _ = self.nginx.request("GET", "/redirect.php?to=/server.php")
        self.assertEqual(status, 302)
        self.assertEqual(response.getheader("Location"), "/server.php")

    def test_streamed_output(self):
        status, response, body = self.nginx.request("GET", "/stream.php?chunks=10")
        self.assertEqual(status, 200)
        self.assertEqual(body.decode().splitlines(), [f"line {i}" for i in range(1, 11)])
        # Streamed (no length known up front): nginx answers chunked, not with Content-Length.
        self.assertIsNone(response.getheader("Content-Length"))
        self.assertEqual(response.getheader("Transfer-Encoding"), "chunked")


class NginxClassicTcpTest(ClassicBehaviour, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        port = free_port()
        cls.server = Server(workers=2, php_ini=PHP_INI, extra_args=CLASSIC_ARGS + ["--fastcgi", f"127.0.0.1:{port}"])
        cls.nginx = Nginx(PUBLIC, f"127.0.0.1:{port}", "classic.locations.in", keep_conn=True)
        start_behind_nginx(cls.server, cls.nginx)

    @classmethod
    def tearDownClass(cls):
        stop_behind_nginx(cls.server, cls.nginx)

    def test_kept_connections_serve_many_requests(self):
        conn = self.nginx.connection()
        try:
            for i in range(30):
                conn.request("GET", f"/server.php?i={i}")
                response = conn.getresponse()
                self.assertEqual(response.status, 200)
                self.assertEqual(json.loads(response.read())["get"], {"i": str(i)})
        finally:
            conn.close()
        closed = [line for line in self.nginx.error_log().splitlines() if "prematurely closed" in line]
        self.assertEqual(closed, [])


class NginxClassicUnixSocketTest(ClassicBehaviour, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.socket_dir = tempfile.TemporaryDirectory(prefix="rs-fcgi-")
        cls.socket_path = os.path.join(cls.socket_dir.name, "app.sock")
        # A stale socket file from a dead earlier run must be replaced.
        with open(cls.socket_path, "wb"):
            pass
        os.unlink(cls.socket_path)
        import socket as socket_module
        stale = socket_module.socket(socket_module.AF_UNIX, socket_module.SOCK_STREAM)
        stale.bind(cls.socket_path)
        stale.close()
        cls.server = Server(workers=2, php_ini=PHP_INI,
                            extra_args=CLASSIC_ARGS + ["--fastcgi", f"unix:{cls.socket_path}"])
        cls.nginx = Nginx(PUBLIC, f"unix:{cls.socket_path}", "classic.locations.in", keep_conn=False)
        start_behind_nginx(cls.server, cls.nginx)

    @classmethod
    def tearDownClass(cls):
        stop_behind_nginx(cls.server, cls.nginx)
        cls.socket_dir.cleanup()

    def test_socket_is_private_by_default(self):
        mode = stat.S_IMODE(os.stat(self.socket_path).st_mode)
        self.assertEqual(mode & 0o077, 0)


if __name__ == "__main__":
    unittest.main()
