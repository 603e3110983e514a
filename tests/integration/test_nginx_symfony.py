"""nginx -> FastCGI -> runtime-supercharger in worker mode, serving the Symfony
example through the stock php-fpm server block (try_files to index.php)."""

import hashlib
import json
import os
import unittest

from harness import APP_DIR, Server, free_port
from nginx.front import Nginx, multipart, start_behind_nginx, stop_behind_nginx

PUBLIC = os.path.join(APP_DIR, "public")


class NginxSymfonyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fastcgi_port = free_port()
        cls.server = Server(workers=2, php_ini={"upload_max_filesize": "16M", "post_max_size": "32M"},
                            extra_args=["--fastcgi", f"127.0.0.1:{cls.fastcgi_port}"])
        cls.nginx = Nginx(os.path.realpath(PUBLIC), f"127.0.0.1:{cls.fastcgi_port}", "symfony.locations.in")
        start_behind_nginx(cls.server, cls.nginx)

    @classmethod
    def tearDownClass(cls):
        stop_behind_nginx(cls.server, cls.nginx)

    def get_json(self, path, **kwargs):
        status, _, body = self.nginx.request("GET", path, **kwargs)
        self.assertEqual(status, 200, body[:500])
        return json.loads(body)

    def test_front_controller_json(self):
        status, response, body = self.nginx.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(body)["ok"], True)

    def test_server_variables_come_from_nginx(self):
        data = self.get_json("/_test/server?a=1&b=two", headers={"X-Custom": "yes"})
        server = data["server"]
        self.assertEqual(server["SCRIPT_FILENAME"], os.path.join(os.path.realpath(PUBLIC), "index.php"))
        self.assertEqual(server["DOCUMENT_ROOT"], os.path.realpath(PUBLIC))
        self.assertEqual(server["SCRIPT_NAME"], "/index.php")
        self.assertEqual(server["PHP_SELF"], "/index.php")  # SCRIPT_NAME + PATH_INFO (none here)
        self.assertEqual(server["REQUEST_URI"], "/_test/server?a=1&b=two")
        self.assertEqual(server["QUERY_STRING"], "a=1&b=two")
        self.assertEqual(server["REMOTE_ADDR"], "127.0.0.1")
        self.assertEqual(server["SERVER_PORT"], str(self.nginx.port))
        self.assertEqual(server["SERVER_SOFTWARE"].split("/")[0], "nginx")
        self.assertEqual(server["GATEWAY_INTERFACE"], "CGI/1.1")
        self.assertEqual(server["HTTP_X_CUSTOM"], "yes")
        self.assertEqual(data["get"], {"a": "1", "b": "two"})

    def test_cookies_pass_through(self):
        status, response, _ = self.nginx.request("GET", "/_test/cookies")
        self.assertEqual(status, 200)
        cookies = response.headers.get_all("Set-Cookie")
        self.assertEqual(len(cookies), 3, cookies)
        self.assertTrue(any(c.startswith("first=one") for c in cookies))
        data = self.get_json("/_test/server", headers={"Cookie": "a=1; b=2"})
        self.assertEqual(data["cookie"], {"a": "1", "b": "2"})

    def test_redirect(self):
        status, response, _ = self.nginx.request("GET", "/_test/redirect")
        self.assertEqual(status, 302)
        self.assertEqual(response.getheader("Location"), "/hello/redirected")

    def test_upload_of_several_megabytes(self):
        data = os.urandom(5 * 1024 * 1024 + 17)
        content_type, body = multipart({"note": "hi"}, {"doc": ("big.bin", data)})
        status, _, reply = self.nginx.request("POST", "/upload", body=body, headers={"Content-Type": content_type})
        self.assertEqual(status, 200, reply[:500])
        result = json.loads(reply)
        self.assertEqual(result["fields"], {"note": "hi"})
        self.assertEqual(result["files"][0]["size"], len(data))
        self.assertEqual(result["files"][0]["sha256"], hashlib.sha256(data).hexdigest())

    def test_raw_body_of_several_megabytes(self):
        data = os.urandom(8 * 1024 * 1024)
        status, _, reply = self.nginx.request("PUT", "/_test/server", body=data,
                                              headers={"Content-Type": "application/octet-stream"})
        self.assertEqual(status, 200, reply[:300])
        self.assertEqual(json.loads(reply)["input"], {"md5": hashlib.md5(data).hexdigest(), "length": len(data)})

    def test_streamed_response_arrives_whole(self):
        status, response, body = self.nginx.request("GET", "/stream")
        self.assertEqual(status, 200)
        lines = body.decode().splitlines()
        self.assertGreater(len(lines), 1)
        self.assertEqual(lines[0], "chunk 1")
        self.assertEqual(lines[-1], f"chunk {len(lines)}")

    def test_status_codes_pass_through(self):
        for code in (204, 404, 418, 500):
            status, _, _ = self.nginx.request("GET", f"/_test/status/{code}")
            self.assertEqual(status, code)

    def test_keep_conn_reuses_upstream_connections(self):
        conn = self.nginx.connection()
        try:
            for _ in range(20):
                conn.request("GET", "/")
                response = conn.getresponse()
                self.assertEqual(response.status, 200)
                response.read()
        finally:
            conn.close()
        # With fastcgi_keep_conn and upstream keepalive, nginx reuses a few connections.
        closed = [line for line in self.nginx.error_log().splitlines() if "prematurely closed" in line]
        self.assertEqual(closed, [])

    def test_worker_crash_becomes_bad_gateway(self):
        status, _, _ = self.nginx.request("GET", "/_test/fatal-error")
        self.assertIn(status, (500, 502))
        self.assertEqual(self.nginx.request("GET", "/")[0], 200)


if __name__ == "__main__":
    unittest.main()
