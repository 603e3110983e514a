"""Classic mode over HTTP serves a whole PHP site (docs/configuration.md, "Classic sites"):
every resolution rule is requested from runtime-supercharger's HTTP listener and from nginx +
php-fpm with the usual server block (nginx/site.locations.in) serving the same tree, and the
answers are compared: status, the script that ran with its CGI variables, the file sent,
the redirect target. The few deliberate differences are asserted as such."""

import json
import os
import shutil
import socket
import tempfile
import unittest
import urllib.parse

from fixtures.configured_server import ConfiguredServer
from harness import ENTRY, read_until_closed
from nginx.fpm import PhpFpm
from nginx.front import Nginx

# Each script answers with the variables a front controller or a script routes on.
DUMP_SCRIPT = """<?php
header('Content-Type: application/json');
$names = ['SCRIPT_NAME', 'SCRIPT_FILENAME', 'PATH_INFO', 'PATH_TRANSLATED', 'PHP_SELF', 'REQUEST_URI',
          'DOCUMENT_URI', 'QUERY_STRING', 'DOCUMENT_ROOT', 'REQUEST_METHOD'];
$out = ['file' => substr(__FILE__, strlen(realpath($_SERVER['DOCUMENT_ROOT']))), 'post' => $_POST];
foreach ($names as $name) { $out[$name] = $_SERVER[$name] ?? null; }
echo json_encode($out, JSON_UNESCAPED_SLASHES);
"""

TREE = {
    "index.php": DUMP_SCRIPT,
    "info.php": DUMP_SCRIPT,
    "docs/index.php": DUMP_SCRIPT,
    "sub/page.php": DUMP_SCRIPT,
    "my dir/space page.php": DUMP_SCRIPT,
    "style.css": "body { color: #123; }\n",
    "notes.txt": "plain notes\n",
    "my dir/file.txt": "spaced file\n",
    "plain/readme.txt": "no index here\n",
    "htmldir/index.html": "<p>html index</p>\n",
    ".env": "SECRET=dotenv\n",
    ".git/config": "[core]\n",
    "docs/.htaccess": "Deny from all\n",
    ".well-known/security.txt": "Contact: mailto:security@example.com\n",
    "private/x.txt": "private data\n",
    "private/run.php": DUMP_SCRIPT,
    "dir.php/inner.txt": "a directory named like a script\n",
}
OUTSIDE = {"secret.php": "<?php echo 'outside secret';\n", "passwd": "root:outside\n"}

# The variables compared between both servers (PATH_TRANSLATED only where PATH_INFO is set:
# nginx's fastcgi_param sends the bare root otherwise, php-fpm leaves it unset).
COMPARED = ["file", "SCRIPT_NAME", "SCRIPT_FILENAME", "PATH_INFO", "PHP_SELF", "REQUEST_URI", "DOCUMENT_URI",
            "QUERY_STRING", "DOCUMENT_ROOT", "REQUEST_METHOD", "post"]

NGINX_DENY = "        location ~ ^/private(/|$) {\n            deny all;\n        }"


def write_tree(root, files):
    for relative, text in files.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


def raw_status(port, target):
    """The status of GET `target` sent byte for byte (http.client would reject some targets)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode("latin-1"))
        reply = read_until_closed(sock)
    return int(reply.split(b" ", 2)[1])


class Answer:
    """What one server answered, reduced to what must match."""

    def __init__(self, status, response, body):
        self.status = status
        self.body = body
        self.content_type = (response.getheader("Content-Type") or "").split(";")[0]
        location = response.getheader("Location")
        # nginx sends an absolute URL; the path and query are what matter.
        self.location = None
        if location:
            parts = urllib.parse.urlsplit(location)
            self.location = parts.path + (f"?{parts.query}" if parts.query else "")
        self.variables = None
        if status == 200 and self.content_type == "application/json":
            self.variables = json.loads(body)

    def compared(self):
        if self.variables is None:
            return {"status": self.status, "location": self.location,
                    "body": self.body if self.status == 200 else None}
        chosen = {name: self.variables.get(name) for name in COMPARED}
        if self.variables.get("PATH_INFO"):
            chosen["PATH_TRANSLATED"] = self.variables.get("PATH_TRANSLATED")
        return {"status": self.status, **chosen}


class ClassicSiteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="rs-site-")
        cls.root = os.path.join(cls.workdir, "public")
        outside = os.path.join(cls.workdir, "outside")
        write_tree(cls.root, TREE)
        write_tree(cls.root, {"a.phtml": "<?php echo 'phtml source';\n", "LOUD.PHP": "<?php echo 'loud';\n"})
        write_tree(outside, OUTSIDE)
        os.symlink(outside, os.path.join(cls.root, "outlink"))
        os.symlink(os.path.join(outside, "secret.php"), os.path.join(cls.root, "out.php"))
        os.symlink("style.css", os.path.join(cls.root, "inlink.css"))
        config = (f"pools:\n  - name: site\n    mode: classic\n    entry: {json.dumps(cls.root + '/index.php')}\n"
                  f"    workers: 2\n    site:\n      deny: [/private]\n")
        cls.server = ConfiguredServer(config)
        cls.fpm = PhpFpm()
        cls.nginx = None
        try:
            cls.server.start()
            cls.fpm.__enter__()
            cls.nginx = Nginx(cls.root, cls.fpm.address, "site.locations.in", substitutions={"DENY": NGINX_DENY})
            cls.nginx.__enter__()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.nginx is not None and cls.nginx.process is not None:
            cls.nginx.__exit__(None, None, None)
        if cls.fpm.process is not None:
            cls.fpm.__exit__(None, None, None)
        cls.server.stop()
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def both(self, method, target, **kwargs):
        ours = Answer(*self.server.request(method, target, **kwargs))
        reference = Answer(*self.nginx.request(method, target, **kwargs))
        return ours, reference

    def assert_same(self, method, target, status, **kwargs):
        ours, reference = self.both(method, target, **kwargs)
        self.assertEqual(ours.compared(), reference.compared(), f"{method} {target}")
        self.assertEqual(ours.status, status, f"{method} {target}: {ours.body[:300]!r}")
        return ours

    # -- rule 4: existing files ---------------------------------------------------------

    def test_existing_files_are_sent_as_they_are(self):
        for target in ["/style.css", "/notes.txt", "/style.css?v=3", "/my%20dir/file.txt", "/inlink.css",
                       "/.well-known/security.txt"]:
            with self.subTest(target=target):
                ours = self.assert_same("GET", target, 200)
                self.assertNotEqual(ours.content_type, "application/json")
        ours, reference = self.both("GET", "/style.css")
        self.assertEqual((ours.content_type, reference.content_type), ("text/css", "text/css"))

    def test_head_of_a_file_and_other_methods(self):
        ours = self.assert_same("HEAD", "/style.css", 200)
        self.assertEqual(ours.body, b"")
        self.assert_same("POST", "/style.css", 405, body=b"a=1",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})

    # -- rule 3: scripts by name, PATH_INFO ----------------------------------------------

    def test_each_script_runs_by_name(self):
        for target in ["/info.php", "/sub/page.php?x=1&y=2", "/index.php", "/docs/index.php", "/a/../info.php",
                       "/sub%2fpage.php", "/my%20dir/space%20page.php"]:
            with self.subTest(target=target):
                self.assert_same("GET", target, 200)
        ours = Answer(*self.server.request("GET", "/sub/page.php?x=1"))
        self.assertEqual(ours.variables["SCRIPT_FILENAME"], os.path.join(self.root, "sub", "page.php"))

    def test_path_info_is_split_after_the_script(self):
        for target in ["/info.php/extra/path", "/info.php/extra/path%20x?q=1", "/info.php/", "/info.php//x",
                       "/sub/page.php/x/../y", "/sub/page.php%2fx", "/docs/index.php/a.php/b"]:
            with self.subTest(target=target):
                self.assert_same("GET", target, 200)
        ours = Answer(*self.server.request("GET", "/info.php/extra/path%20x?q=1"))
        self.assertEqual(ours.variables["SCRIPT_NAME"], "/info.php")
        self.assertEqual(ours.variables["PATH_INFO"], "/extra/path x")
        self.assertEqual(ours.variables["PATH_TRANSLATED"], self.root + "/extra/path x")
        self.assertEqual(ours.variables["PHP_SELF"], "/info.php/extra/path x")
        self.assertEqual(ours.variables["REQUEST_URI"], "/info.php/extra/path%20x?q=1")

    def test_post_reaches_the_script(self):
        ours = self.assert_same("POST", "/info.php", 200, body=b"title=hello",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(ours.variables["post"], {"title": "hello"})

    def test_missing_script_is_not_found_not_the_front_controller(self):
        for target in ["/missing.php", "/sub/missing.php/extra", "/dir.php"]:
            with self.subTest(target=target):
                ours = self.assert_same("GET", target, 404)
                self.assertEqual(ours.body, b"File not found.\n")
        self.assertIn("primary script unknown", self.server.log_text())

    # -- rule 5: directories -------------------------------------------------------------

    def test_directory_redirects_to_its_slash_form(self):
        for target in ["/docs", "/docs?page=2", "/plain", "/a/../docs"]:
            with self.subTest(target=target):
                ours = self.assert_same("GET", target, 301)
        self.assertEqual(Answer(*self.server.request("GET", "/docs?page=2")).location, "/docs/?page=2")
        self.assert_same("POST", "/docs", 301)

    def test_directory_runs_its_index_script(self):
        for target in ["/", "/docs/", "/docs/?a=b", "/?x=1"]:
            with self.subTest(target=target):
                self.assert_same("GET", target, 200)
        ours = Answer(*self.server.request("GET", "/docs/?a=b"))
        self.assertEqual((ours.variables["SCRIPT_NAME"], ours.variables["REQUEST_URI"]), ("/docs/index.php", "/docs/?a=b"))

    def test_directory_without_index_is_forbidden(self):
        for target in ["/plain/", "/htmldir/"]:
            with self.subTest(target=target):
                self.assert_same("GET", target, 403)

    # -- rule 6: the fallback front controller -------------------------------------------

    def test_anything_else_runs_the_front_controller_with_the_original_uri(self):
        for target in ["/missing", "/blog/2024/hello?utm=x", "/missing/x.css", "/STYLE.css", "/style.css/",
                       "/missing/", "/privateer"]:
            with self.subTest(target=target):
                ours = self.assert_same("GET", target, 200)
                self.assertEqual(ours.variables["SCRIPT_NAME"], "/index.php")
        ours = Answer(*self.server.request("GET", "/blog/2024/hello?utm=x"))
        self.assertEqual((ours.variables["REQUEST_URI"], ours.variables["QUERY_STRING"]),
                         ("/blog/2024/hello?utm=x", "utm=x"))

    # -- rules 1 and 2: denied paths -------------------------------------------------------

    def test_dotfiles_and_denied_paths_are_forbidden(self):
        for target in ["/.env", "/.git/config", "/docs/.htaccess", "/.well-known", "/%2eenv", "/private/x.txt",
                       "/private/run.php", "/private", "/a/../private/x.txt"]:
            with self.subTest(target=target):
                ours = self.assert_same("GET", target, 403)
                self.assertNotIn(b"SECRET", ours.body)
                self.assertNotIn(b"private data", ours.body)

    # -- traversal -------------------------------------------------------------------------

    def test_traversal_above_the_root_is_a_bad_request(self):
        for target in ["/../etc/passwd", "/%2e%2e/etc/passwd", "/docs/..%2f..%2f..%2fetc/passwd",
                       "/info.php%00.txt", "/..%2foutside/passwd"]:
            with self.subTest(target=target):
                self.assertEqual(raw_status(self.server.port, target), 400)
                self.assertEqual(raw_status(self.nginx.port, target), 400)

    def test_symlinks_out_of_the_root_are_not_followed(self):
        # Deliberate difference: nginx and php-fpm follow symlinks out of the document root.
        for target, nginx_body in [("/outlink/passwd", b"root:outside\n"), ("/out.php", b"outside secret")]:
            with self.subTest(target=target):
                ours, reference = self.both("GET", target)
                self.assertEqual((reference.status, reference.body), (200, nginx_body))
                self.assertEqual(ours.status, 404)
                self.assertNotIn(b"outside", ours.body)

    def test_sources_of_other_script_names_are_never_sent(self):
        # Deliberate difference: nginx sends these as plain files (their PHP source).
        for target, source in [("/a.phtml", b"phtml source"), ("/LOUD.PHP", b"loud")]:
            with self.subTest(target=target):
                ours, reference = self.both("GET", target)
                self.assertEqual(reference.status, 200)
                self.assertIn(source, reference.body)
                self.assertEqual(ours.status, 403)
                self.assertNotIn(source, ours.body)

    def test_server_keeps_serving_after_refusals(self):
        conn = self.server.connection()
        try:
            for target in ["/.env", "/docs", "/missing.php", "/style.css", "/info.php/x"]:
                conn.request("GET", target)
                response = conn.getresponse()
                response.read()
                self.assertIn(response.status, (200, 301, 403, 404))
        finally:
            conn.close()
        self.server.assert_running()


class WorkerModeSiteTest(unittest.TestCase):
    """Worker mode keeps one front controller; files of its document root are served before
    it and pools[].site.deny still applies."""

    @classmethod
    def setUpClass(cls):
        config = (f"pools:\n  - name: app\n    entry: {json.dumps(ENTRY)}\n    workers: 1\n"
                  f"    site:\n      deny: [/static/private, /robots.txt]\n")
        cls.server = ConfiguredServer(config)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_files_are_served_and_everything_else_reaches_the_front_controller(self):
        status, response, body = self.server.get("/static/app.css")
        self.assertEqual((status, response.getheader("Content-Type").split(";")[0]), (200, "text/css"))
        status, _, body = self.server.get("/_test/server?a=1")
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(json.loads(body)["server"]["SCRIPT_NAME"], "/index.php")

    def test_denied_paths_are_forbidden(self):
        for target in ["/robots.txt", "/static/private/x", "/static/../robots.txt"]:
            with self.subTest(target=target):
                status, _, _ = self.server.get(target)
                self.assertEqual(status, 403)


if __name__ == "__main__":
    unittest.main()
