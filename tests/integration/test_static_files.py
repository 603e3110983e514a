"""Static files served by the master before PHP: validators, ranges, HEAD, precompressed
siblings, and the paths that must never be served as files (they reach Symfony instead).

Two servers: one on the example app's own public/ directory (committed fixtures), one on a
temporary document root holding the hostile cases (symlinks out of the root, dotfiles, PHP
sources, FIFOs)."""

import gzip
import json
import os
import socket
import tempfile
import unittest

from harness import APP_DIR, RawReader, Server

PUBLIC = os.path.join(APP_DIR, "public")
CSS_PATH = os.path.join(PUBLIC, "static", "app.css")


def json_string(text):
    return json.dumps(text)  # a YAML-safe quoted string


def read(path):
    with open(path, "rb") as f:
        return f.read()


class StaticFilesFromThePublicDirectory(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(workers=1)
        cls.server.start()
        cls.css = read(CSS_PATH)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_file_is_served_with_type_length_and_validators(self):
        status, response, body = self.server.get("/static/app.css")
        self.assertEqual(status, 200)
        self.assertEqual(body, self.css)
        self.assertEqual(response.getheader("Content-Type"), "text/css; charset=utf-8")
        self.assertEqual(response.getheader("Content-Length"), str(len(self.css)))
        self.assertEqual(response.getheader("Accept-Ranges"), "bytes")
        self.assertTrue(response.getheader("ETag").startswith('"'))
        self.assertIsNotNone(response.getheader("Last-Modified"))
        self.assertEqual(response.getheader("Vary"), "Accept-Encoding")  # app.css.gz exists

    def test_query_string_is_ignored(self):
        status, _, body = self.server.get("/static/app.css?v=42")
        self.assertEqual((status, body), (200, self.css))

    def test_if_none_match_gives_304(self):
        _, response, _ = self.server.get("/static/app.css")
        etag = response.getheader("ETag")
        status, response, body = self.server.get("/static/app.css", headers={"If-None-Match": etag})
        self.assertEqual(status, 304)
        self.assertEqual(body, b"")
        self.assertEqual(response.getheader("ETag"), etag)

    def test_if_modified_since_gives_304(self):
        _, response, _ = self.server.get("/static/app.css")
        last_modified = response.getheader("Last-Modified")
        status, _, _ = self.server.get("/static/app.css", headers={"If-Modified-Since": last_modified})
        self.assertEqual(status, 304)

    def test_single_range_gives_206(self):
        status, response, body = self.server.get("/static/app.css", headers={"Range": "bytes=10-19"})
        self.assertEqual(status, 206)
        self.assertEqual(body, self.css[10:20])
        self.assertEqual(response.getheader("Content-Range"), f"bytes 10-19/{len(self.css)}")

    def test_suffix_range(self):
        status, _, body = self.server.get("/static/app.css", headers={"Range": "bytes=-5"})
        self.assertEqual((status, body), (206, self.css[-5:]))

    def test_range_past_the_end_gives_416(self):
        status, response, _ = self.server.get("/static/app.css", headers={"Range": "bytes=99999-"})
        self.assertEqual(status, 416)
        self.assertEqual(response.getheader("Content-Range"), f"bytes */{len(self.css)}")

    def test_head_has_the_length_and_no_body(self):
        sock = self.server.raw_socket()
        try:
            sock.sendall(b"HEAD /static/app.css HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            reader = RawReader(sock)
            head = reader.read_response("HEAD")
            self.assertEqual(head.status, 200)
            self.assertEqual(head.header("content-length"), str(len(self.css)))
            robots = reader.read_response()  # the HEAD answer carried no body bytes
            self.assertEqual(robots.body, read(os.path.join(PUBLIC, "robots.txt")))
            reader.close()
        finally:
            sock.close()

    def test_gzip_sibling_when_accepted(self):
        status, response, body = self.server.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(status, 200)
        self.assertEqual(response.getheader("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(body), self.css)
        status, response, body = self.server.get("/static/app.css", headers={"Accept-Encoding": "gzip;q=0"})
        self.assertIsNone(response.getheader("Content-Encoding"))
        self.assertEqual(body, self.css)

    def test_keep_alive_across_static_and_php(self):
        conn = self.server.connection()
        try:
            for path in ("/static/app.css", "/", "/robots.txt", "/"):
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                self.assertEqual(response.status, 200, path)
        finally:
            conn.close()

    def test_front_controller_and_directories_go_to_php(self):
        for path in ("/index.php", "/static/", "/static", "/"):
            status, response, body = self.server.get(path)
            self.assertNotIn(b"<?php", body, path)
            # Symfony answers these (its 404 or the home page), never the file system.
            self.assertIn(status, (200, 301, 404), path)

    def test_post_to_a_file_goes_to_php(self):
        status, _, body = self.server.request("POST", "/static/app.css", body=b"x")
        self.assertNotEqual(body, self.css)


class HostileDocumentRoot(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root_dir = tempfile.TemporaryDirectory(prefix="rs-static-")
        cls.outside_dir = tempfile.TemporaryDirectory(prefix="rs-outside-")
        root, outside = cls.root_dir.name, cls.outside_dir.name
        with open(os.path.join(outside, "secret.txt"), "w") as f:
            f.write("outside the root\n")
        os.makedirs(os.path.join(root, "sub"))
        os.makedirs(os.path.join(root, ".git"))
        for name, text in (("ok.txt", "fine\n"), (".env", "APP_SECRET=x\n"), (".git/config", "[core]\n"),
                           ("shell.php", "<?php echo 'source';\n"), ("sub/inner.txt", "inner\n"),
                           ("style.css", "body{}\n"), ("style.css.br", "BROTLI-BYTES")):
            with open(os.path.join(root, name), "w") as f:
                f.write(text)
        os.symlink(os.path.join(outside, "secret.txt"), os.path.join(root, "escape.txt"))
        os.symlink(outside, os.path.join(root, "escape-dir"))
        os.symlink(os.path.join(root, "ok.txt"), os.path.join(root, "alias.txt"))
        # Inside the root, but naming what the path rules refuse.
        os.symlink(os.path.join(root, "shell.php"), os.path.join(root, "source.txt"))
        os.symlink(os.path.join(root, ".env"), os.path.join(root, "env.txt"))
        os.mkfifo(os.path.join(root, "fifo.txt"))
        cls.server = Server(workers=1, extra_args=["--document-root", root])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.root_dir.cleanup()
        cls.outside_dir.cleanup()

    def raw_get(self, target):
        sock = self.server.raw_socket(timeout=10)
        try:
            sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return RawReader(sock).read_response()
        finally:
            sock.close()

    def test_regular_files_and_symlinks_inside_the_root(self):
        self.assertEqual(self.raw_get(b"/ok.txt").body, b"fine\n")
        self.assertEqual(self.raw_get(b"/sub/inner.txt").body, b"inner\n")
        self.assertEqual(self.raw_get(b"/alias.txt").body, b"fine\n")
        self.assertEqual(self.raw_get(b"/sub/%2e/inner.txt").body, b"inner\n")

    def test_nothing_outside_the_root_or_hidden_or_php_is_served(self):
        for target in (b"/escape.txt", b"/escape-dir/secret.txt", b"/../" + b"etc/passwd",
                       b"/sub/../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/sub/..%2f..%2fetc/passwd",
                       b"/.env", b"/.git/config", b"/%2eenv", b"/shell.php", b"/SHELL.PHP", b"/fifo.txt",
                       b"/source.txt", b"/env.txt"):
            response = self.raw_get(target)
            self.assertNotIn(b"outside the root", response.body, target)
            self.assertNotIn(b"APP_SECRET", response.body, target)
            self.assertNotIn(b"[core]", response.body, target)
            self.assertNotIn(b"<?php", response.body, target)
            self.assertNotIn(b"root:", response.body, target)
        self.server.assert_running()

    def test_brotli_sibling_preferred(self):
        sock = self.server.raw_socket(timeout=10)
        try:
            sock.sendall(b"GET /style.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n"
                         b"Connection: close\r\n\r\n")
            response = RawReader(sock).read_response()
        finally:
            sock.close()
        self.assertEqual(response.header("content-encoding"), "br")
        self.assertEqual(response.header("vary"), "Accept-Encoding")
        self.assertEqual(response.body, b"BROTLI-BYTES")


if __name__ == "__main__":
    unittest.main()


class FileDelegation(unittest.TestCase):
    """X-Sendfile / X-Accel-Redirect from PHP: the master sends the file, PHP's body is dropped."""

    @classmethod
    def setUpClass(cls):
        cls.private_dir = tempfile.TemporaryDirectory(prefix="rs-private-")
        os.makedirs(os.path.join(cls.private_dir.name, "invoices"))
        cls.invoice = os.path.join(cls.private_dir.name, "invoices", "1.txt")
        with open(cls.invoice, "wb") as f:
            f.write(b"private invoice 0123456789\n")
        cls.config = os.path.join(cls.private_dir.name, "server.yaml")
        with open(cls.config, "w") as f:
            f.write(f"http:\n  sendfile_roots: [{json_string(cls.private_dir.name)}]\n")
        cls.server = Server(workers=1, extra_args=["--config", cls.config])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.private_dir.cleanup()

    def test_x_sendfile_path_under_a_sendfile_root(self):
        status, response, body = self.server.get("/_test/sendfile?path=" + self.invoice)
        self.assertEqual(status, 200)
        self.assertEqual(body, read(self.invoice))
        self.assertEqual(response.getheader("Content-Disposition"), 'attachment; filename="download.txt"')
        self.assertIsNone(response.getheader("X-Sendfile"))

    def test_x_sendfile_file_in_the_document_root(self):
        status, _, body = self.server.get("/_test/sendfile?path=" + CSS_PATH)
        self.assertEqual((status, body), (200, read(CSS_PATH)))

    def test_x_accel_redirect_with_range_and_application_type(self):
        status, response, body = self.server.get("/_test/sendfile?accel=/invoices/1.txt&type=application/x-test",
                                                 headers={"Range": "bytes=0-6"})
        self.assertEqual(status, 206)
        self.assertEqual(body, b"private")
        self.assertEqual(response.getheader("Content-Type"), "application/x-test")

    def test_paths_outside_the_roots_are_refused(self):
        for query in ("path=/etc/passwd", "path=" + self.private_dir.name + "/../../etc/passwd",
                      "accel=/../etc/passwd", "accel=/invoices/../../etc/passwd",
                      "path=" + os.path.join(PUBLIC, "index.php")):
            status, _, body = self.server.get("/_test/sendfile?" + query)
            self.assertEqual(status, 404, query)
            self.assertNotIn(b"root:", body)
            self.assertNotIn(b"<?php", body)

    def test_worker_is_free_for_the_next_request(self):
        conn = self.server.connection()
        try:
            for _ in range(3):
                conn.request("GET", "/_test/sendfile?path=" + self.invoice)
                response = conn.getresponse()
                self.assertEqual(response.read(), read(self.invoice))
                conn.request("GET", "/")
                response = conn.getresponse()
                response.read()
                self.assertEqual(response.status, 200)
        finally:
            conn.close()
