"""Two pools in one configuration, routed by host and by path prefix; pools added and removed by SIGHUP."""

import json
import os
import unittest

from fixtures.configured_server import FIXTURES_DIR, ConfiguredServer, config_yaml, pool_yaml
from harness import ENTRY

SECOND_ENTRY = os.path.join(FIXTURES_DIR, "second-app", "index.php")


def main_pool():
    return pool_yaml("main", ENTRY, workers=1)


def api_pool(marker="api"):
    return pool_yaml("api", SECOND_ENTRY, mode="classic", workers=1, path_prefix="/api",
                     env={"POOL_MARKER": marker})


def admin_pool():
    return pool_yaml("admin", SECOND_ENTRY, mode="classic", workers=1, hosts=["admin.test"],
                     env={"POOL_MARKER": "admin"})


def answer(server, path, host=None):
    headers = {"Host": host} if host else None
    status, _, body = server.get(path, headers=headers)
    return status, json.loads(body) if status == 200 else body


class MultiPoolTest(unittest.TestCase):
    def test_requests_are_routed_by_host_and_by_path_prefix(self):
        with ConfiguredServer(config_yaml(main_pool(), api_pool(), admin_pool())) as server:
            status, body = answer(server, "/")
            self.assertEqual((status, body["app"]), (200, "runtime-supercharger example"))

            status, body = answer(server, "/api/users")
            self.assertEqual((status, body["app"], body["pool_marker"]), (200, "second", "api"))
            self.assertEqual(body["path"], "/api/users")

            # A host route wins over any path prefix.
            status, body = answer(server, "/api/users", host="admin.test")
            self.assertEqual((status, body["pool_marker"]), (200, "admin"))
            status, body = answer(server, "/", host="ADMIN.test:8080")
            self.assertEqual((status, body["pool_marker"]), (200, "admin"))

            # Other hosts fall through to the path routes.
            status, body = answer(server, "/hello/pools", host="www.test")
            self.assertEqual((status, body), (200, {"hello": "pools"}))
            server.assert_running()

    def test_sighup_adds_changes_and_removes_pools(self):
        with ConfiguredServer(config_yaml(main_pool())) as server:
            status, body = answer(server, "/api/users")
            self.assertEqual(status, 404)  # the example app has no such route

            server.reload(config_yaml(main_pool(), api_pool("api-v1")))
            server.wait_for_log("pool api: added by the configuration")
            server.wait_for_body("/api/users", lambda status, body: status == 200)
            self.assertEqual(answer(server, "/api/users")[1]["pool_marker"], "api-v1")

            server.reload(config_yaml(main_pool(), api_pool("api-v2")))
            server.wait_for_body("/api/users", lambda status, body: status == 200
                                 and json.loads(body)["pool_marker"] == "api-v2")

            server.reload(config_yaml(main_pool()))
            server.wait_for_log("pool api: removed from the configuration")
            server.wait_for_body("/api/users", lambda status, body: status == 404)
            self.assertEqual(answer(server, "/")[0], 200)
            server.assert_running()


if __name__ == "__main__":
    unittest.main()
