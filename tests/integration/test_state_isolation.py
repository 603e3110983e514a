"""State isolation between requests on one worker (issue 7): assertions, not timings.

Doctrine ORM 2.14 on SQLite: a row changed behind the ORM's back (by sqlite3 from this test
or a raw DBAL update) is seen by the next request, and every request starts with an empty
unit of work and identity map. Identity: a shared token-storage-like service set per request
from a header never shows one user's identity to the next request.
"""

import json
import os
import sqlite3
import unittest
import uuid

from harness import APP_DIR, SharedServerTestCase

DATABASE = os.path.join(APP_DIR, "var", "data.sqlite")
PROBE_ID = 1  # App\TestSupport\Controller\IsolationController::PROBE_ID
REQUESTS = 12


class StateIsolationTest(SharedServerTestCase):
    server_options = {"workers": 1}

    def probe(self):
        return self.server.get_json("/_test/orm/probe")

    def rename_with_sqlite(self, label):
        with sqlite3.connect(DATABASE, timeout=10) as connection:
            updated = connection.execute("UPDATE state_probe SET label = ? WHERE id = ?", (label, PROBE_ID)).rowcount
        self.assertEqual(updated, 1)

    def identity(self, user=None):
        headers = {"X-Test-User": user} if user else {}
        return self.server.get_json("/_test/identity", headers=headers)

    def test_orm_sees_rows_changed_behind_its_back(self):
        self.probe()  # creates the table and the row on first use
        for n in range(REQUESTS):
            label = f"sqlite-{n}-{uuid.uuid4().hex[:8]}"
            self.rename_with_sqlite(label)
            self.assertEqual(self.probe()["label"], label, f"stale entity after {n} requests")

    def test_orm_sees_raw_dbal_updates(self):
        self.probe()
        for n in range(REQUESTS // 2):
            label = f"dbal-{n}"
            renamed = self.server.get_json(f"/_test/orm/probe/rename?label={label}")
            self.assertEqual(renamed["updated"], 1)
            self.assertEqual(self.probe()["label"], label)

    def test_unit_of_work_and_identity_map_are_empty_at_request_start(self):
        for _ in range(REQUESTS):
            state = self.probe()
            self.assertEqual(state["managed_after_load"], 1, state)  # the entity was managed...
            self.assertEqual(state["unit_of_work_size"], 0, state)  # ...and is gone next request
            self.assertEqual(state["identity_map_count"], 0, state)

    def test_alternating_users_never_see_each_other(self):
        users = ["alice", "bob"]
        for n in range(REQUESTS):
            user = users[n % 2]
            seen = self.identity(user)
            self.assertIsNone(seen["user_at_start"], f"request {n} for {user} started as {seen}")
            self.assertEqual(seen["user"], user)
            anonymous = self.identity()
            self.assertIsNone(anonymous["user_at_start"], json.dumps(anonymous))
            self.assertIsNone(anonymous["user"], f"a request without credentials after {user}: {anonymous}")


if __name__ == "__main__":
    unittest.main()
