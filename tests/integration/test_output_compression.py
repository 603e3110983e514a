"""zlib.output_compression set in a pool's php_ini compresses responses as under php-fpm
(issue 15, item 2): gzip (or deflate) with Content-Encoding and Vary when the client accepts
it, the plain body otherwise; in every request of a worker, not only its first."""

import gzip
import json
import zlib

from harness import SharedServerTestCase


class ZlibOutputCompression(SharedServerTestCase):
    server_options = {"workers": 1, "php_ini": {"zlib.output_compression": "On"}}

    def fetch(self, path, accept_encoding=None):
        headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
        status, response, body = self.server.get(path, headers=headers)
        self.assertEqual(status, 200, body[:500])
        return response, body

    def test_gzip_when_the_client_accepts_it(self):
        for _ in range(3):  # each request of the worker, not only the first
            response, body = self.fetch("/hello/zlib", "gzip, deflate")
            self.assertEqual(response.getheader("Content-Encoding"), "gzip")
            self.assertIn("Accept-Encoding", response.getheader("Vary") or "")
            self.assertEqual(json.loads(gzip.decompress(body)), {"hello": "zlib"})

    def test_deflate_when_only_deflate_is_accepted(self):
        response, body = self.fetch("/hello/deflate", "deflate")
        self.assertEqual(response.getheader("Content-Encoding"), "deflate")
        self.assertEqual(json.loads(zlib.decompress(body)), {"hello": "deflate"})

    def test_plain_body_when_the_client_does_not_accept_compression(self):
        for _ in range(2):
            self.fetch("/hello/warm", "gzip")  # a compressed request before must not leak into this one
            response, body = self.fetch("/hello/plain")
            self.assertIsNone(response.getheader("Content-Encoding"))
            self.assertEqual(json.loads(body), {"hello": "plain"})

    def test_streamed_response_is_compressed_too(self):
        plain_response, plain = self.fetch("/stream")
        response, body = self.fetch("/stream", "gzip")
        self.assertEqual(response.getheader("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(body), plain)
        self.assertIsNone(plain_response.getheader("Content-Encoding"))

    def test_the_setting_is_what_php_reports(self):
        ini = self.server.get_json("/_test/ini")
        self.assertIn(str(ini.get("zlib.output_compression", "")), ("1", "On", "on"), ini)
