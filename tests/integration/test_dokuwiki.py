"""Debian's DokuWiki package, unmodified, served end to end by runtime-supercharger's HTTP
listener in classic mode (no nginx): a new site's first run, log in, create a page, edit
it, upload a file to the media manager, fetch it back, log out. DokuWiki has many entry
scripts (doku.php, lib/exe/*.php), static files and denied directories, and keeps its data
in files, so it exercises every classic-site rule without a database server.

Skipped when the dokuwiki package is missing; scripts/install-deps.sh installs it."""

import html.parser
import http.client
import http.cookies
import json
import os
import re
import shutil
import tempfile
import time
import unittest
import urllib.parse

from fixtures import dokuwiki_site
from fixtures.configured_server import ConfiguredServer
from nginx.front import multipart

PAGE = "playground:rs_classic"
MEDIA_NAMESPACE = "playground"
MEDIA_NAME = "rs-upload.png"
# A real PNG (1x1), then bytes that make it unique; DokuWiki checks the type by extension and content.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


class FormParser(html.parser.HTMLParser):
    """The fields of every <form> with an id: {id: {"action": ..., "fields": {name: value}}}."""

    def __init__(self):
        super().__init__()
        self.forms = {}
        self._current = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._current = {"action": attributes.get("action", ""), "fields": {}}
            if attributes.get("id"):
                self.forms[attributes["id"]] = self._current
        elif tag == "input" and self._current is not None and attributes.get("name"):
            if attributes.get("type") in ("checkbox", "radio") and "checked" not in attributes:
                return
            self._current["fields"][attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_of(page):
    parser = FormParser()
    parser.feed(page)
    return parser.forms


class Browser:
    """A client with a cookie jar that does not follow redirects (they are checked)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, target, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "deleted":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response, data

    def page(self, target):
        status, _, body = self.request("GET", target)
        if status != 200:
            raise AssertionError(f"GET {target} -> {status}: {body[:500]!r}")
        return body.decode("utf-8")

    def post_form(self, action, fields):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", action, body=body,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})


@unittest.skipUnless(dokuwiki_site.installed(),
                     "Debian package dokuwiki is not installed (scripts/install-deps.sh installs it)")
class DokuWikiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site_dir = tempfile.mkdtemp(prefix="rs-dokuwiki-")
        php_ini = dokuwiki_site.create_site(cls.site_dir)
        cls.server = ConfiguredServer(dokuwiki_site.pool_config(php_ini))
        try:
            cls.server.start()
        except BaseException:
            shutil.rmtree(cls.site_dir, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.site_dir, ignore_errors=True)

    def test_first_run_login_edit_upload_fetch_logout(self):
        browser = Browser(self.server.port)

        # First run: the new site's start page, its stylesheet and scripts (entry scripts
        # under lib/exe/), the package's static images.
        start = browser.page("/")
        self.assertIn(f"<title>start [{dokuwiki_site.TITLE}]</title>", start)
        self.assertIn("This topic does not exist yet", start)
        for script in re.findall(r'(?:href|src)="(/lib/exe/(?:css|js|jquery)\.php[^"]*)"', start):
            status, response, body = browser.request("GET", script.replace("&amp;", "&"))
            self.assertEqual(status, 200, script)
            self.assertGreater(len(body), 1000, script)
        status, response, _ = browser.request("GET", "/lib/images/smileys/biggrin.svg")
        self.assertEqual((status, response.getheader("Content-Type")), (200, "image/svg+xml"))
        self.assertEqual(browser.request("GET", "/doku.php?id=wiki&do=index")[0], 200)
        # Template images come through the package's symlink to /var/lib/dokuwiki/lib
        # (pools[].site.symlink_roots); the template's PHP files there never run.
        status, response, _ = browser.request("GET", "/lib/tpl/dokuwiki/images/logo.png")
        self.assertEqual((status, response.getheader("Content-Type")), (200, "image/png"))
        self.assertEqual(browser.request("GET", "/lib/tpl/dokuwiki/main.php")[0], 404)

        # Its data, configuration and code are not reachable.
        for denied in ["/data/pages/start.txt", "/conf/local.php", "/inc/init.php", "/install.php", "/bin/dwpage.php",
                       "/.htaccess.dist"]:
            self.assertEqual(browser.request("GET", denied)[0], 403, denied)

        # Log in.
        login = forms_of(browser.page("/doku.php?id=start&do=login"))["dw__login"]
        fields = dict(login["fields"], u=dokuwiki_site.ADMIN, p=dokuwiki_site.ADMIN_PASSWORD)
        status, response, body = browser.post_form(login["action"].replace("&amp;", "&"), fields)
        self.assertIn(status, (302, 303), body[:500])
        self.assertIn(f'title="Log Out"', browser.page("/doku.php?id=start"))

        # Create a page, then edit it: two revisions, the latest text shown.
        self.save_page(browser, "First version written over **runtime-supercharger**.", "created")
        time.sleep(1.1)  # DokuWiki keys revisions by the second: the edit must be a new one
        self.save_page(browser, "Second version, edited.\n\n{{playground:" + MEDIA_NAME + "}}", "edited")
        shown = browser.page(f"/doku.php?id={PAGE}")
        self.assertIn("Second version, edited.", shown)
        self.assertNotIn("First version", shown)
        revisions = browser.page(f"/doku.php?id={PAGE}&do=revisions")
        self.assertEqual(re.findall(r'<span class="sum"> – (\w+)</span>', revisions), ["edited", "created"])
        pages_dir = os.path.join(self.site_dir, "data", "pages", "playground")
        with open(os.path.join(pages_dir, "rs_classic.txt"), encoding="utf-8") as stored:
            self.assertIn("Second version, edited.", stored.read())

        # Upload a file through the media manager's form, then fetch it back.
        data = PNG + os.urandom(64)
        media = browser.page(f"/doku.php?id={PAGE}&do=media&ns={MEDIA_NAMESPACE}&tab_files=upload")
        upload = forms_of(media)["dw__upload"]
        fields = dict(upload["fields"], mediaid=MEDIA_NAME)
        content_type, body = multipart(fields, {"upload": (MEDIA_NAME, data)})
        status, response, reply = browser.request("POST", upload["action"].replace("&amp;", "&"), body=body,
                                                  headers={"Content-Type": content_type})
        self.assertIn(status, (200, 302, 303), reply[:500])
        status, response, fetched = browser.request("GET", f"/lib/exe/fetch.php?media={MEDIA_NAMESPACE}:{MEDIA_NAME}")
        self.assertEqual(status, 200, fetched[:300])
        self.assertEqual(fetched, data)
        self.assertEqual(response.getheader("Content-Type"), "image/png")
        self.assertIn(f"media={MEDIA_NAMESPACE}:{MEDIA_NAME}", browser.page(f"/doku.php?id={PAGE}"))

        # Log out: the session ends and editing falls back to showing the source.
        logout = re.search(r'href="([^"]*do=logout[^"]*)"', browser.page(f"/doku.php?id={PAGE}")).group(1)
        status, _, _ = browser.request("GET", logout.replace("&amp;", "&"))
        self.assertIn(status, (302, 303))
        after = browser.page(f"/doku.php?id={PAGE}&do=edit")
        self.assertIn('title="Log In"', after)
        self.assertIn('"ACT":"source"', after[:4000], "anonymous visitors only see the source")
        self.server.assert_running()

    def save_page(self, browser, text, summary):
        edit = forms_of(browser.page(f"/doku.php?id={PAGE}&do=edit"))["dw__editform"]
        fields = dict(edit["fields"], wikitext=text, summary=summary)
        fields["do[save]"] = "1"
        status, _, body = browser.post_form(edit["action"].replace("&amp;", "&"), fields)
        self.assertIn(status, (302, 303), body[:800])


if __name__ == "__main__":
    unittest.main()
