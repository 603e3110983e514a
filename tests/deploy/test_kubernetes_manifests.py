"""deploy/kubernetes: the example manifests meet Pod Security "restricted", run with a read-only
root filesystem, probe the admin endpoints and give the drain its time. Parses the YAML only
(python3-yaml): no cluster and no kubectl needed."""

import copy
import os
import re
import unittest

import yaml

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MANIFESTS = os.path.join(REPO, "deploy", "kubernetes")

# Volume types the restricted profile allows (Pod Security Standards, "Volume Types").
RESTRICTED_VOLUME_TYPES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
                           "projected", "secret"}
ADMIN_PORT = 9180


def load_documents():
    documents = {}
    for name in sorted(os.listdir(MANIFESTS)):
        if name.endswith(".yaml") and name != "kustomization.yaml":
            with open(os.path.join(MANIFESTS, name)) as handle:
                for document in yaml.safe_load_all(handle):
                    if document:
                        documents[(document["kind"], document["metadata"]["name"])] = document
    return documents


def restricted_violations(pod_spec):
    """What in a pod spec the Pod Security "restricted" profile refuses (empty: admitted)."""
    problems = []
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if pod_spec.get(field):
            problems.append(f"{field} is set")
    pod_context = pod_spec.get("securityContext") or {}
    for volume in pod_spec.get("volumes") or []:
        kinds = set(volume) - {"name"}
        if not kinds <= RESTRICTED_VOLUME_TYPES:
            problems.append(f"volume {volume['name']}: type {sorted(kinds)} is not allowed")
    if pod_context.get("runAsUser") == 0:
        problems.append("pod runAsUser is 0")
    for sysctl in pod_context.get("sysctls") or []:
        problems.append(f"sysctl {sysctl['name']}")
    containers = (pod_spec.get("initContainers") or []) + (pod_spec.get("containers") or [])
    for container in containers:
        name = container["name"]
        context = container.get("securityContext") or {}
        if context.get("privileged"):
            problems.append(f"{name}: privileged")
        if context.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{name}: allowPrivilegeEscalation is not false")
        capabilities = context.get("capabilities") or {}
        if "ALL" not in (capabilities.get("drop") or []):
            problems.append(f"{name}: capabilities do not drop ALL")
        if set(capabilities.get("add") or []) - {"NET_BIND_SERVICE"}:
            problems.append(f"{name}: adds capabilities {capabilities['add']}")
        run_as_non_root = context.get("runAsNonRoot", pod_context.get("runAsNonRoot"))
        if run_as_non_root is not True:
            problems.append(f"{name}: runAsNonRoot is not true")
        if context.get("runAsUser") == 0:
            problems.append(f"{name}: runAsUser is 0")
        seccomp = context.get("seccompProfile") or pod_context.get("seccompProfile") or {}
        if seccomp.get("type") not in ("RuntimeDefault", "Localhost"):
            problems.append(f"{name}: seccompProfile is {seccomp.get('type')}")
        if context.get("procMount", "Default") != "Default":
            problems.append(f"{name}: procMount")
        for port in container.get("ports") or []:
            if port.get("hostPort"):
                problems.append(f"{name}: hostPort {port['hostPort']}")
    return problems


def seconds(duration):
    """A duration as the server reads it ("30s", "2m", "500ms", "1h")."""
    match = re.fullmatch(r"(\d+)(ms|s|m|h)", duration)
    if not match:
        raise ValueError(f"not a duration: {duration}")
    value, unit = int(match.group(1)), match.group(2)
    return value * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]


class KubernetesManifests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.documents = load_documents()
        cls.deployment = cls.documents[("Deployment", "runtime-supercharger")]
        cls.config_map = cls.documents[("ConfigMap", "runtime-supercharger")]
        cls.service = cls.documents[("Service", "runtime-supercharger")]
        cls.pod = cls.deployment["spec"]["template"]["spec"]
        cls.container = cls.pod["containers"][0]

    def env(self):
        """The container's environment: the ConfigMap it imports, then its own env."""
        values = {}
        for source in self.container.get("envFrom") or []:
            name = source["configMapRef"]["name"]
            values.update(self.documents[("ConfigMap", name)]["data"])
        for entry in self.container.get("env") or []:
            values[entry["name"]] = entry["value"]
        return values

    def test_kustomization_lists_every_manifest(self):
        with open(os.path.join(MANIFESTS, "kustomization.yaml")) as handle:
            resources = yaml.safe_load(handle)["resources"]
        on_disk = sorted(n for n in os.listdir(MANIFESTS) if n.endswith(".yaml") and n != "kustomization.yaml")
        self.assertEqual(sorted(resources), on_disk)

    def test_pod_meets_the_restricted_profile(self):
        self.assertEqual(restricted_violations(self.pod), [])

    def test_the_check_refuses_what_restricted_refuses(self):
        def broken(change):
            pod = copy.deepcopy(self.pod)
            change(pod, pod["containers"][0].setdefault("securityContext", {}))
            return restricted_violations(pod)

        self.assertTrue(broken(lambda p, c: c.update(allowPrivilegeEscalation=True)))
        self.assertTrue(broken(lambda p, c: c.pop("allowPrivilegeEscalation")))
        self.assertTrue(broken(lambda p, c: c.update(capabilities={"drop": ["NET_RAW"]})))
        self.assertTrue(broken(lambda p, c: c.update(capabilities={"drop": ["ALL"], "add": ["SYS_ADMIN"]})))
        self.assertTrue(broken(lambda p, c: (c.pop("runAsNonRoot"), p["securityContext"].pop("runAsNonRoot"))))
        self.assertTrue(broken(lambda p, c: c.update(seccompProfile={"type": "Unconfined"})))
        self.assertTrue(broken(lambda p, c: (c.pop("seccompProfile"), p["securityContext"].pop("seccompProfile"))))
        self.assertTrue(broken(lambda p, c: c.update(privileged=True)))
        self.assertTrue(broken(lambda p, c: p.update(hostNetwork=True)))
        self.assertTrue(broken(lambda p, c: p["volumes"].append({"name": "h", "hostPath": {"path": "/"}})))

    def test_runs_as_the_image_user(self):
        with open(os.path.join(REPO, "Dockerfile")) as handle:
            dockerfile = handle.read()
        uid = int(re.search(r"useradd [^\n]*--uid (\d+)", dockerfile).group(1))
        self.assertNotEqual(uid, 0)
        self.assertEqual(self.pod["securityContext"]["runAsUser"], uid)
        self.assertEqual(self.pod["securityContext"]["runAsGroup"], uid)

    def test_root_filesystem_is_read_only_and_writes_go_to_empty_dirs(self):
        self.assertIs(self.container["securityContext"]["readOnlyRootFilesystem"], True)
        volumes = {v["name"]: v for v in self.pod["volumes"]}
        mounts = {m["mountPath"]: m for m in self.container["volumeMounts"]}
        # The Symfony kernel's var/ (cache, logs, SQLite) and the request body spool (TMPDIR).
        for path in ("/app/var", self.env().get("TMPDIR", "/tmp")):
            self.assertIn(path, mounts)
            self.assertFalse(mounts[path].get("readOnly", False), path)
            volume = volumes[mounts[path]["name"]]
            self.assertIn("emptyDir", volume, path)
            self.assertIn("sizeLimit", volume["emptyDir"], path)

    def test_probes_ask_the_admin_endpoints(self):
        ports = {p["name"]: p["containerPort"] for p in self.container["ports"]}
        self.assertEqual(ports["admin"], ADMIN_PORT)
        self.assertTrue(self.env()["RUNTIME_ADMIN"].endswith(f":{ADMIN_PORT}"))
        expected = {"livenessProbe": "/healthz", "readinessProbe": "/readyz", "startupProbe": "/readyz"}
        for probe, path in expected.items():
            http_get = self.container[probe]["httpGet"]
            self.assertEqual(http_get["path"], path, probe)
            port = http_get["port"]
            self.assertEqual(ports.get(port, port), ADMIN_PORT, probe)

    def test_resources_are_bounded(self):
        resources = self.container["resources"]
        for kind in ("cpu", "memory"):
            self.assertIn(kind, resources["requests"])
            self.assertIn(kind, resources["limits"])

    def test_grace_period_covers_pre_stop_and_drain(self):
        command = self.container["lifecycle"]["preStop"]["exec"]["command"]
        self.assertEqual(command[0], "sleep")
        drain = seconds(self.env().get("RUNTIME_SHUTDOWN_GRACE", "30s"))  # the server's default
        grace = self.pod["terminationGracePeriodSeconds"]
        self.assertGreaterEqual(grace, int(command[1]) + drain + 5)

    def test_environment_names_are_settings_the_server_reads(self):
        with open(os.path.join(REPO, "docs", "configuration.md")) as handle:
            documented = set(re.findall(r"^\| `([A-Z_]+)` \|", handle.read(), re.MULTILINE))
        for name in self.env():
            if name != "TMPDIR":
                self.assertIn(name, documented, f"{name} is not in docs/configuration.md")

    def test_service_reaches_the_http_port(self):
        labels = self.deployment["spec"]["template"]["metadata"]["labels"]
        for key, value in self.service["spec"]["selector"].items():
            self.assertEqual(labels.get(key), value)
        names = {p["name"] for p in self.container["ports"]}
        for port in self.service["spec"]["ports"]:
            self.assertIn(port["targetPort"], names)
        self.assertNotIn("admin", {p["targetPort"] for p in self.service["spec"]["ports"]})


if __name__ == "__main__":
    unittest.main()
