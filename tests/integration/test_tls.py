"""TLS on the HTTP front end: a throwaway CA and certificates made with the openssl CLI per
run, real clients (curl, Python's ssl module, openssl s_client, h2load) against the real
server. ALPN (h2, http/1.1), SNI, TLS 1.0/1.1 refused, session resumption, $_SERVER over
HTTPS, SIGHUP certificate reload with open connections, the HTTP->HTTPS redirect listener,
103 Early Hints, and the HTTP/2 attack patterns over TLS."""

import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import unittest

from h2_frames import ENHANCE_YOUR_CALM, PREFACE, RawConnection, continuation_flood, rapid_reset_flood, settings
from admin_client import scrape
from harness import ENTRY, Server, free_port
from test_http2 import Bystander

CURL = shutil.which("curl")
OPENSSL = shutil.which("openssl")
H2LOAD = shutil.which("h2load")


def run_openssl(*args, cwd):
    subprocess.run([OPENSSL, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


class Pki:
    """A CA and leaf certificates (EC P-256) in a temporary directory."""

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="rs-tls-")
        self.path = self._dir.name
        run_openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=runtime-supercharger test CA",
                    cwd=self.path)
        self.ca = self.file("ca.pem")

    def file(self, name):
        return os.path.join(self.path, name)

    def issue(self, name, dns_names, ip=True):
        """name.pem (leaf, then the CA: a chain) and name.key, valid for dns_names."""
        alt = ",".join([f"DNS:{dns}" for dns in dns_names] + (["IP:127.0.0.1"] if ip else []))
        with open(self.file(f"{name}.ext"), "w", encoding="ascii") as ext:
            ext.write(f"subjectAltName={alt}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
        run_openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={dns_names[0]}", cwd=self.path)
        run_openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", f"{name}.ext", "-out", f"{name}.leaf", cwd=self.path)
        with open(self.file(f"{name}.pem"), "wb") as chain:
            for part in (f"{name}.leaf", "ca.pem"):
                with open(self.file(part), "rb") as piece:
                    chain.write(piece.read())
        return self.file(f"{name}.pem"), self.file(f"{name}.key")

    def cleanup(self):
        self._dir.cleanup()


def write_tls_config(directory, https_port, certificates, redirect_port=None, admin_certificate=None):
    """listen.https with `certificates` [(cert, key)], optionally a redirect listener and TLS on
    the admin listener (its address comes from the harness's --admin flag)."""
    lines = ["listen:", "  https:", f"    address: 127.0.0.1:{https_port}", "    certificates:"]
    for cert, key in certificates:
        lines += [f"      - cert: {json.dumps(cert)}", f"        key: {json.dumps(key)}"]
    if redirect_port:
        lines.append(f"  https_redirect: 127.0.0.1:{redirect_port}")
    if admin_certificate:
        lines += ["  admin:", "    address: 127.0.0.1:1", "    certificates:",
                  f"      - cert: {json.dumps(admin_certificate[0])}", f"        key: {json.dumps(admin_certificate[1])}"]
    lines += ["pools:", f"  - entry: {json.dumps(ENTRY)}"]
    path = os.path.join(directory, "tls.yaml")
    with open(path, "w", encoding="utf-8") as config:
        config.write("\n".join(lines) + "\n")
    return path


def client_context(pki, alpn=("http/1.1",), **versions):
    context = ssl.create_default_context(cafile=pki.ca)
    context.set_alpn_protocols(list(alpn))
    for attribute, value in versions.items():
        setattr(context, attribute, value)
    return context


def tls_socket(port, context, server_name="localhost", timeout=10, **options):
    raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return context.wrap_socket(raw, server_hostname=server_name, **options)


def http_get(sock, path, host="localhost"):
    """One HTTP/1.1 request on a TLS socket kept open: (status line, body)."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    response = http.client.HTTPResponse(sock)
    response.begin()
    return response.status, response.read()


def plain_http_answer(port, path):
    """What a TLS port answers to a plain-text HTTP request (nothing, or a TLS alert)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        try:
            return sock.recv(65536)
        except ConnectionResetError:
            return b""


def certificate_fingerprint(sock):
    return hashlib.sha256(sock.getpeercert(binary_form=True)).hexdigest()


class TlsServerTestCase(unittest.TestCase):
    """One server with an HTTPS listener (two certificates) and a redirect listener."""

    @classmethod
    def setUpClass(cls):
        if not OPENSSL:
            raise unittest.SkipTest("openssl not installed")
        cls.pki = Pki()
        cls.default_cert = cls.pki.issue("localhost", ["localhost"])
        cls.other_cert = cls.pki.issue("other", ["other.test", "*.wild.test"], ip=False)
        cls.https_port = free_port()
        cls.redirect_port = free_port()
        config = write_tls_config(cls.pki.path, cls.https_port, [cls.default_cert, cls.other_cert],
                                  cls.redirect_port)
        cls.server = Server(workers=2, extra_args=["--config", config])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.pki.cleanup()

    def curl(self, path, *args, host="localhost"):
        """curl over HTTPS: (status, http version, headers text, body, verbose stderr)."""
        with tempfile.NamedTemporaryFile() as head:
            done = subprocess.run([CURL, "-sS", "-v", "--cacert", self.pki.ca,
                                   "--resolve", f"{host}:{self.https_port}:127.0.0.1", "-D", head.name,
                                   "-o", "-", "-w", "\n%{http_code} %{http_version}", *args,
                                   f"https://{host}:{self.https_port}{path}"],
                                  capture_output=True, timeout=60, check=True)
            with open(head.name, encoding="latin-1", newline="") as head_file:
                headers = head_file.read()
        body, _, tail = done.stdout.rpartition(b"\n")
        status, version = tail.decode().split()
        return int(status), version, headers, body, done.stderr.decode("latin-1")


@unittest.skipUnless(CURL, "curl not installed")
class HttpsWithCurl(TlsServerTestCase):
    def test_http1_over_tls(self):
        status, version, _, body, verbose = self.curl("/", "--http1.1")
        self.assertEqual((status, version), (200, "1.1"))
        self.assertTrue(body)
        self.assertIn("ALPN: server accepted http/1.1", verbose)

    def test_http2_negotiated_by_alpn(self):
        status, version, headers, body, verbose = self.curl("/", "--http2")
        self.assertEqual((status, version), (200, "2"))
        self.assertTrue(headers.startswith("HTTP/2 200"), headers)
        self.assertIn("ALPN: server accepted h2", verbose)
        self.assertTrue(body)

    def test_php_sees_https(self):
        for protocol in ("--http1.1", "--http2"):
            with self.subTest(protocol=protocol):
                _, _, _, body, _ = self.curl("/_test/server", protocol)
                server = json.loads(body)["server"]
                self.assertEqual(server["HTTPS"], "on")
                self.assertEqual(server["REQUEST_SCHEME"], "https")
                self.assertEqual(server["SERVER_PORT"], str(self.https_port))
        # The plain listener still says http.
        plain = self.server.get_json("/_test/server")["server"]
        self.assertEqual(plain["REQUEST_SCHEME"], "http")
        self.assertNotIn("HTTPS", plain)

    def test_post_and_static_file_over_tls(self):
        status, _, _, body, _ = self.curl("/form", "--http1.1", "-d", "a=1&b=two")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["fields"], {"a": "1", "b": "two"})
        # Static files are copied through TLS instead of sendfile(2).
        plain_status, _, plain_body = self.server.get("/robots.txt")
        self.assertEqual(plain_status, 200)
        for protocol in ("--http1.1", "--http2"):
            status, _, _, body, _ = self.curl("/robots.txt", protocol)
            self.assertEqual((status, body), (200, plain_body))

    def test_early_hints_over_http1(self):
        status, _, headers, body, verbose = self.curl("/_test/early-hints", "--http1.1")
        self.assertEqual(status, 200)
        self.assertTrue(json.loads(body)["sent"])
        self.assertIn("< HTTP/1.1 103", verbose)
        self.assertRegex(headers, r"(?s)^HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n"
                                  r"Link: </app.js>; rel=preload; as=script\r\n\r\nHTTP/1.1 200")

    def test_early_hints_over_http2(self):
        status, version, headers, body, _ = self.curl("/_test/early-hints", "--http2")
        self.assertEqual((status, version), (200, "2"))
        self.assertTrue(json.loads(body)["sent"])
        self.assertRegex(headers, r"(?s)^HTTP/2 103 ?\r\nlink: </style.css>; rel=preload; as=style\r\n"
                                  r"link: </app.js>; rel=preload; as=script\r\n\r\nHTTP/2 200 ?\r\n")

    def test_early_hints_on_the_plain_listener(self):
        for protocol, interim in (("--http1.1", "< HTTP/1.1 103"), ("--http2-prior-knowledge", "< HTTP/2 103")):
            with self.subTest(protocol=protocol):
                done = subprocess.run([CURL, "-sS", "-v", protocol, "-o", "/dev/null",
                                       f"http://127.0.0.1:{self.server.port}/_test/early-hints"],
                                      capture_output=True, timeout=60, check=True)
                self.assertIn(interim, done.stderr.decode("latin-1"))

    def test_http10_client_gets_no_interim_response_and_a_clean_tls_close(self):
        # suppress_ragged_eofs=False: a close without close_notify would raise SSLEOFError.
        with tls_socket(self.https_port, client_context(self.pki), suppress_ragged_eofs=False) as sock:
            sock.sendall(b"GET /_test/early-hints HTTP/1.0\r\nHost: localhost\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        self.assertTrue(data.startswith(b"HTTP/1.0 200") or data.startswith(b"HTTP/1.1 200"), data[:100])
        self.assertNotIn(b" 103 ", data)


class HttpsHandshakes(TlsServerTestCase):
    def test_sni_picks_the_matching_certificate(self):
        context = client_context(self.pki)
        cases = {"localhost": "localhost", "other.test": "other.test", "a.wild.test": "other.test"}
        for server_name, expected_cn in cases.items():
            with self.subTest(server_name=server_name):
                with tls_socket(self.https_port, context, server_name) as sock:
                    subject = dict(part[0] for part in sock.getpeercert()["subject"])
                    self.assertEqual(subject["commonName"], expected_cn)
                    self.assertEqual(http_get(sock, "/", server_name)[0], 200)

    def test_unknown_or_missing_server_name_gets_the_default_certificate(self):
        context = client_context(self.pki)
        context.check_hostname = False
        for server_name in ("nobody.test", None):
            with self.subTest(server_name=server_name):
                with tls_socket(self.https_port, context, server_name) as sock:
                    subject = dict(part[0] for part in sock.getpeercert()["subject"])
                    self.assertEqual(subject["commonName"], "localhost")

    def test_tls_12_and_13_only(self):
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            with self.subTest(version=version):
                context = client_context(self.pki, minimum_version=version, maximum_version=version)
                with tls_socket(self.https_port, context) as sock:
                    self.assertEqual(sock.version(), version.name.replace("v1_", "v1."))

    def test_session_resumption(self):
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            with self.subTest(version=version):
                context = client_context(self.pki, maximum_version=version)
                with tls_socket(self.https_port, context) as sock:
                    http_get(sock, "/")  # TLS 1.3 tickets arrive after the handshake
                    session = sock.session
                raw = socket.create_connection(("127.0.0.1", self.https_port), timeout=10)
                with context.wrap_socket(raw, server_hostname="localhost", session=session) as again:
                    self.assertTrue(again.session_reused)
                    self.assertEqual(http_get(again, "/")[0], 200)

    def s_client(self, *args):
        done = subprocess.run([OPENSSL, "s_client", "-connect", f"127.0.0.1:{self.https_port}",
                               "-servername", "localhost", *args],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
        # With h2 the server's SETTINGS frame may be printed too: bytes, not UTF-8.
        return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("latin-1"),
                                           done.stderr.decode("latin-1"))

    def test_s_client_is_refused_tls_10_and_11(self):
        for flag in ("-tls1", "-tls1_1"):
            with self.subTest(flag=flag):
                # SECLEVEL=0 so the client really offers the old protocol.
                done = self.s_client(flag, "-cipher", "DEFAULT@SECLEVEL=0")
                self.assertNotEqual(done.returncode, 0, done.stdout)
                self.assertIn("Cipher is (NONE)", done.stdout)
                self.assertIn("no peer certificate available", done.stdout)
                self.assertRegex(done.stderr, r"alert protocol version|unsupported protocol")

    def test_s_client_negotiates_h2(self):
        done = self.s_client("-alpn", "h2,http/1.1", "-CAfile", self.pki.ca, "-verify_return_error")
        self.assertIn("ALPN protocol: h2", done.stdout)
        self.assertIn("Verify return code: 0 (ok)", done.stdout)

    def test_plain_http_on_the_tls_port_is_not_served(self):
        self.assertFalse(plain_http_answer(self.https_port, "/").startswith(b"HTTP/1.1 200"))
        self.server.assert_running()

    def test_handshakes_are_counted(self):
        with tls_socket(self.https_port, client_context(self.pki, alpn=("h2",))) as sock:
            self.assertEqual(sock.selected_alpn_protocol(), "h2")
        plain_http_answer(self.https_port, "/")
        deadline = time.monotonic() + 10
        while True:
            _, _, samples = scrape(self.server)
            counts = {labels: value for (name, labels), value in samples.items()
                      if name == "runtime_tls_handshakes_total"}
            counts = {"h2": counts.get('{outcome="h2"}', 0), "failed": counts.get('{outcome="failed"}', 0)}
            if (counts["h2"] >= 1 and counts["failed"] >= 1) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertGreaterEqual(counts["h2"], 1, counts)
        self.assertGreaterEqual(counts["failed"], 1, counts)

    def test_redirect_listener_sends_clients_to_https(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.redirect_port, timeout=10)
        try:
            conn.request("GET", "/some/path?x=1", headers={"Host": "example.com:8080"})
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        self.assertEqual(response.status, 301)
        self.assertEqual(response.getheader("Location"), f"https://example.com:{self.https_port}/some/path?x=1")

    def test_redirect_without_host_uses_the_local_address(self):
        with socket.create_connection(("127.0.0.1", self.redirect_port), timeout=10) as sock:
            sock.sendall(b"GET /x HTTP/1.0\r\n\r\n")
            data = sock.recv(65536).decode("latin-1")
        self.assertIn(f"Location: https://127.0.0.1:{self.https_port}/x\r\n", data)


@unittest.skipUnless(H2LOAD, "h2load not installed (package nghttp2-client)")
class HttpsLoad(TlsServerTestCase):
    def test_h2load_over_tls(self):
        for protocol in ("h2", "http/1.1"):
            with self.subTest(protocol=protocol):
                out = subprocess.run([H2LOAD, "-n", "2000", "-c", "10", "-m", "4", f"--npn-list={protocol}",
                                      f"https://127.0.0.1:{self.https_port}/"],
                                     capture_output=True, text=True, timeout=120).stdout
                self.assertIn(f"Application protocol: {protocol}", out)
                self.assertRegex(out, r"requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed",
                                 out)


class TlsRawConnection(RawConnection):
    """h2_frames' raw HTTP/2 client over TLS with ALPN h2."""

    def __init__(self, port, pki, timeout=10):  # pylint: disable=super-init-not-called
        self.sock = tls_socket(port, client_context(pki, alpn=("h2",)), timeout=timeout)
        if self.sock.selected_alpn_protocol() != "h2":
            raise AssertionError("server did not select h2")
        self.sock.sendall(PREFACE + settings())
        self.buffer = b""


class HttpsAttacks(TlsServerTestCase):
    def test_rapid_reset_over_tls_gets_goaway_and_others_are_served(self):
        with Bystander(self.server) as bystander:
            conn = TlsRawConnection(self.https_port, self.pki)
            code = rapid_reset_flood(conn)
            conn.close()
            time.sleep(0.5)
        self.assertEqual(code, ENHANCE_YOUR_CALM)
        self.assertIn("rapid reset", self.server.log_text())
        bystander.assert_served(self)
        with tls_socket(self.https_port, client_context(self.pki)) as sock:
            self.assertEqual(http_get(sock, "/")[0], 200)

    def test_continuation_flood_over_tls_is_cut_off_and_others_are_served(self):
        with Bystander(self.server) as bystander:
            conn = TlsRawConnection(self.https_port, self.pki)
            code = continuation_flood(conn)
            conn.close()
            time.sleep(0.5)
        self.assertIn(code, (ENHANCE_YOUR_CALM, None))
        self.assertRegex(self.server.log_text(), r"HTTP/2 client .*(header block flood|CONTINUATION)")
        bystander.assert_served(self)


class OwnServerTestCase(unittest.TestCase):
    """A fresh PKI and one-worker server per test, HTTPS with the certificate "live"."""

    admin_tls = False

    def setUp(self):
        if not OPENSSL:
            self.skipTest("openssl not installed")
        self.pki = Pki()
        self.addCleanup(self.pki.cleanup)
        self.cert, self.key = self.pki.issue("live", ["localhost"])
        self.https_port = free_port()
        config = write_tls_config(self.pki.path, self.https_port, [(self.cert, self.key)],
                                  admin_certificate=(self.cert, self.key) if self.admin_tls else None)
        self.server = Server(workers=1, extra_args=["--config", config])
        self.server.start()
        self.addCleanup(self.server.stop)


class AdminOverTls(OwnServerTestCase):
    """listen.admin in its mapping form serves the admin pages over TLS (HTTP/1.1 only)."""

    admin_tls = True

    def test_admin_pages_over_tls(self):
        with tls_socket(self.server.admin_port, client_context(self.pki, alpn=("h2", "http/1.1"))) as sock:
            self.assertEqual(sock.selected_alpn_protocol(), "http/1.1")
            status, body = http_get(sock, "/healthz")
            self.assertEqual((status, body), (200, b"ok\n"))
            status, body = http_get(sock, "/metrics")
            self.assertEqual(status, 200)
            self.assertIn(b"runtime_", body)
        self.assertFalse(plain_http_answer(self.server.admin_port, "/healthz").startswith(b"HTTP/1.1 200"))


class CertificateReload(OwnServerTestCase):
    """SIGHUP loads the certificate files again; open connections keep theirs."""

    def wait_for_log(self, text, count):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.server.log_text().count(text) < count:
            time.sleep(0.1)
        self.assertGreaterEqual(self.server.log_text().count(text), count, self.server.log_text()[-3000:])

    def test_sighup_reloads_the_certificate_and_keeps_open_connections(self):
        context = client_context(self.pki)
        old = tls_socket(self.https_port, context)
        self.addCleanup(old.close)
        self.assertEqual(http_get(old, "/")[0], 200)
        before = certificate_fingerprint(old)

        # Renewal: new key and certificate written over the same files.
        renewed_cert, renewed_key = self.pki.issue("renewed", ["localhost"])
        shutil.copyfile(renewed_cert, self.cert)
        shutil.copyfile(renewed_key, self.key)
        os.kill(self.server.process.pid, signal.SIGHUP)
        self.wait_for_log("HTTPS certificates reloaded", 1)

        with tls_socket(self.https_port, context) as fresh:
            self.assertNotEqual(certificate_fingerprint(fresh), before)
            self.assertEqual(http_get(fresh, "/")[0], 200)
        # The connection opened before the reload is still served, with its certificate.
        self.assertEqual(http_get(old, "/")[0], 200)
        self.assertEqual(certificate_fingerprint(old), before)

    def test_a_broken_certificate_keeps_the_running_one(self):
        context = client_context(self.pki)
        with tls_socket(self.https_port, context) as sock:
            before = certificate_fingerprint(sock)
        with open(self.cert, "w", encoding="ascii") as broken:
            broken.write("not a certificate\n")
        os.kill(self.server.process.pid, signal.SIGHUP)
        self.wait_for_log("HTTPS certificates not reloaded", 1)
        with tls_socket(self.https_port, context) as sock:
            self.assertEqual(certificate_fingerprint(sock), before)
            self.assertEqual(http_get(sock, "/")[0], 200)
        self.server.assert_running()


class BadCertificateAtStart(unittest.TestCase):
    def test_a_key_of_another_certificate_stops_the_server(self):
        if not OPENSSL:
            self.skipTest("openssl not installed")
        pki = Pki()
        self.addCleanup(pki.cleanup)
        cert, _ = pki.issue("one", ["localhost"])
        _, other_key = pki.issue("two", ["localhost"])
        config = write_tls_config(pki.path, free_port(), [(cert, other_key)])
        server = Server(workers=1, extra_args=["--config", config])
        with self.assertRaises(AssertionError) as failure:
            server.start()  # the harness reports the exit during startup
        self.assertIn("server exited with 1 during startup", str(failure.exception))
        self.assertRegex(str(failure.exception), rf"\[critical\] listen .*private key {other_key}: .*mismatch")


if __name__ == "__main__":
    unittest.main()
