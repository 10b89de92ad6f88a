"""The Kubernetes route (deploy/kubernetes/), checked as far as it can be without a
cluster: the values files against Zero to JupyterHub's own schema, the hub's extra
Python run against a stand-in spawner, the image recipe's package list, and the names
that must agree across the files. Nothing here starts a cluster, builds the image or
talks to a registry: docs/run-a-room.md says what was and was not checked.
"""

from __future__ import annotations

import ast
import copy
import re
import shlex
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
import yaml
from traitlets.config import Config

from workbook import paths

REPO = Path(__file__).resolve().parents[1]
KUBE = REPO / "deploy" / "kubernetes"
CHART = Path(__file__).resolve().parent / "data" / "z2jh-4.4.0"
ONE_SERVER_CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _helm_merge(defaults: Any, given: Any) -> Any:
    """Values as Helm gives them to the chart: maps merge key by key, anything else is
    replaced, and a null removes the chart's default."""
    if not (isinstance(defaults, dict) and isinstance(given, dict)):
        return copy.deepcopy(given)
    merged = copy.deepcopy(defaults)
    for key, value in given.items():
        if value is None:
            merged.pop(key, None)
        elif key in merged:
            merged[key] = _helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _values(*names: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name in names:
        merged = _helm_merge(merged, _yaml(KUBE / name))
    return merged


def _with_chart(values: dict[str, Any]) -> dict[str, Any]:
    return _helm_merge(_yaml(CHART / "values.yaml"), values)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = _yaml(CHART / "values.schema.yaml")
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _problems(validator: jsonschema.Draft7Validator, values: dict[str, Any]) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(values)]


@pytest.mark.parametrize("files", [["values.yaml"], ["values.yaml", "values-temporary.yaml"]],
                         ids=["named", "temporary"])
def test_the_values_pass_the_charts_schema(validator: jsonschema.Draft7Validator,
                                           files: list[str]) -> None:
    assert _problems(validator, _with_chart(_values(*files))) == []


@pytest.mark.parametrize(("where", "value"), [
    (("singleuser", "storage", "type"), "shared"),  # not one of dynamic, static, none
    (("singleuser", "extraEnvs"), {"A": "b"}),  # a misspelt key
    (("cull", "timeout"), "an hour"),  # not a number
    (("singleuser", "networkPolicy", "egressAllowRules", "internet"), False),
])
def test_a_broken_value_is_refused(validator: jsonschema.Draft7Validator,
                                   where: tuple[str, ...], value: object) -> None:
    values = _with_chart(_values("values.yaml"))
    place = values
    for key in where[:-1]:
        place = place[key]
    place[where[-1]] = value
    assert _problems(validator, values), f"{'.'.join(where)} = {value!r} was not refused"


def test_the_temporary_room_uses_tmpauthenticator_and_has_no_admin() -> None:
    named = _values("values.yaml")["hub"]["config"]
    temporary = _values("values.yaml", "values-temporary.yaml")["hub"]["config"]
    assert named["JupyterHub"]["authenticator_class"] == "nativeauthenticator.NativeAuthenticator"
    assert named["Authenticator"]["admin_users"] == ["facilitator"]
    assert named["NativeAuthenticator"]["open_signup"] is False
    assert temporary["JupyterHub"]["authenticator_class"] == "tmpauthenticator.TmpAuthenticator"
    # An empty list, not null: Helm drops a null only where the chart has a default,
    # and JupyterHub refuses None for a set of names.
    assert temporary["Authenticator"]["admin_users"] == []


# --- the hand-in volume: each participant their own folder, the facilitator all ----------

def _spawner(values: dict[str, Any], admin: bool) -> SimpleNamespace:
    # The volume mounts as the chart's jupyterhub_config.py hands them to KubeSpawner:
    # the home volume, then extraVolumeMounts by key.
    storage = values["singleuser"]["storage"]
    mounts = {"volume-{user_server}": {"name": "volume-{user_server}",
                                       "mountPath": storage["homeMountPath"]}}
    mounts.update(copy.deepcopy(storage["extraVolumeMounts"]))
    return SimpleNamespace(user=SimpleNamespace(name="sam", admin=admin), volume_mounts=mounts)


def _pre_spawn_hook(values: dict[str, Any]) -> Any:
    c = Config()
    for name, code in sorted(values["hub"]["extraConfig"].items()):
        exec(compile(code, f"hub.extraConfig.{name}", "exec"), {"c": c})
    return c.KubeSpawner.pre_spawn_hook


def test_the_extra_config_runs_and_only_the_facilitator_mounts_every_folder() -> None:
    values = _values("values.yaml")
    hook = _pre_spawn_hook(values)
    storage = values["singleuser"]["storage"]
    participant = _spawner(values, admin=False)
    before = copy.deepcopy(participant.volume_mounts)
    hook(participant)
    assert participant.volume_mounts == before
    own = participant.volume_mounts["hand-in"]
    facilitator = _spawner(values, admin=True)
    hook(facilitator)
    whole = facilitator.volume_mounts["hand-in"]
    # The same volume and the same place in the server, so WORKBOOK_HANDIN_DIR serves both.
    assert whole["name"] == own["name"] == storage["extraVolumes"]["hand-in"]["name"]
    assert whole["mountPath"] == own["mountPath"]
    assert whole["readOnly"] is True and not own.get("readOnly")
    # A participant's folder is one level inside the facilitator's, as files_in_folder reads.
    assert own["subPath"] == whole["subPath"] + "/{username}"
    assert facilitator.volume_mounts["volume-{user_server}"] == before["volume-{user_server}"]


def test_the_names_agree_across_the_files() -> None:
    values = _values("values.yaml")
    single = values["singleuser"]
    storage = single["storage"]
    volume = storage["extraVolumes"]["hand-in"]
    mount = storage["extraVolumeMounts"]["hand-in"]
    claim = _yaml(KUBE / "hand-in-volume.yaml")
    assert claim["kind"] == "PersistentVolumeClaim"
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    # The workbook reads these names (workbook/paths.py).
    env = single["extraEnv"]
    assert set(env) == {paths.HANDIN_DIR_ENV, paths.DATA_DIR_ENV}
    assert env[paths.HANDIN_DIR_ENV] == mount["mountPath"]
    assert Path(storage["homeMountPath"]) in Path(env[paths.DATA_DIR_ENV]).parents
    # The init container makes exactly the folder the participant's mount names.
    (init,) = single["initContainers"]
    (init_mount,) = init["volumeMounts"]
    assert init_mount["name"] == volume["name"]
    folder = f"{init_mount['mountPath']}/{mount['subPath']}"
    script = init["command"][-1]
    assert f"mkdir -p {folder} " in script
    assert f"chown {single['uid']}:{single['fsGid']} {folder} " in script
    # The group page pod reads the same volume the facilitator's server does, read-only.
    pod = _yaml(KUBE / "group-page.yaml")
    (container,) = pod["spec"]["containers"]
    hand_in = next(m for m in container["volumeMounts"] if m["name"] == "hand-in")
    assert hand_in["readOnly"] is True and hand_in["subPath"] == mount["subPath"].split("/")[0]
    pod_volume = next(v for v in pod["spec"]["volumes"] if v["name"] == "hand-in")
    assert pod_volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert f"--from-folder {hand_in['mountPath']} " in container["command"][-1]
    # One image everywhere, the one the Dockerfile's build line makes.
    image = f"{single['image']['name']}:{single['image']['tag']}"
    assert init["image"] == container["image"] == image
    assert f"--tag {image} " in (KUBE / "Dockerfile").read_text()


def _one_server_start() -> str:
    tree = ast.parse(ONE_SERVER_CONFIG.read_text(encoding="utf-8"))
    (value,) = [node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "_START" for t in node.targets)]
    start = ast.literal_eval(value)
    assert isinstance(start, str)
    return start


def test_a_server_starts_as_on_one_server_in_the_working_copy_of_chapter_0() -> None:
    single = _values("values.yaml")["singleuser"]
    python, flag, code, singleuser = single["cmd"]
    assert (flag, code) == ("-c", _one_server_start())
    compile(code, "singleuser.cmd", "exec")
    # The image's environment is base-notebook's /opt/conda (deploy/kubernetes/Dockerfile).
    assert python == "/opt/conda/bin/python"
    assert singleuser == "/opt/conda/bin/jupyterhub-singleuser"
    assert single["defaultUrl"] == "/lab/tree/" + paths.FIRST_NOTEBOOK.name
    assert (REPO / "notebooks" / paths.FIRST_NOTEBOOK.name).is_file()


def test_idle_servers_are_stopped_and_servers_reach_nothing_but_the_hub() -> None:
    values = _values("values.yaml")
    assert values["cull"]["enabled"] is True and 0 < values["cull"]["timeout"] <= 4 * 3600
    # Homes outlive a culled server: users are not culled (that would delete their volume).
    assert values["cull"]["users"] is False
    policy = values["singleuser"]["networkPolicy"]
    assert policy["enabled"] is True
    rules = policy["egressAllowRules"]
    assert not (rules["nonPrivateIPs"] or rules["privateIPs"] or rules["cloudMetadataServer"])
    assert not policy.get("egress")
    assert values["singleuser"]["memory"]["limit"] and values["singleuser"]["cpu"]["limit"]


# --- the image: environment.yml and the workbook, nothing else ------------------------

def _instructions(dockerfile: Path) -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", dockerfile.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def test_the_image_installs_environment_yml_and_the_workbook_only() -> None:
    steps = _instructions(KUBE / "Dockerfile")
    base = [rest for word, rest in steps if word == "FROM"]
    assert base == ["quay.io/jupyter/base-notebook:python-3.12"]
    copied = {shlex.split(rest)[-2]: shlex.split(rest)[-1] for word, rest in steps
              if word == "COPY"}
    assert copied == {"environment.yml": "/tmp/open-door/environment.yml",
                      ".": "/tmp/open-door/src"}
    installs = []
    for word, rest in steps:
        if word != "RUN":
            continue
        for command in re.split(r"&&|;", rest):
            words = shlex.split(command)
            if {"install", "update", "create"} & set(words[:3]):
                installs.append(words)
    assert installs == [
        ["mamba", "env", "update", "--name", "base", "--file", "/tmp/open-door/environment.yml"],
        ["pip", "install", "--no-deps", "--no-build-isolation", "--no-cache-dir",
         "/tmp/open-door/src"],
    ]


def test_the_images_packages_are_pyprojects_and_serve_the_charts_hub() -> None:
    environment = _yaml(REPO / "environment.yml")
    (pip,) = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    names = {re.split(r"[<>=!~ ]", r, maxsplit=1)[0].lower(): r for r in pip}
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    # The building blocks a participant's server needs are listed there (and so in the
    # image): the workbook's own dependencies and jupyterhub-singleuser.
    for requirement in project["dependencies"] + project["optional-dependencies"]["hub"]:
        assert requirement in pip
    # hatchling builds the wheel inside the image without a download.
    assert "hatchling" in names
    # The chart's hub is JupyterHub 5.5.0; the servers' jupyterhub must allow 5.x.
    assert re.fullmatch(r"jupyterhub>=5\.\d+", names["jupyterhub"])
    assert int(names["jupyterhub"].split(">=")[1].split(".")[1]) <= 5
    chart_app = (CHART / "README.md").read_text()
    assert "JupyterHub 5.5.0" in chart_app


def test_binder_still_uses_environment_yml() -> None:
    # repo2docker prefers a Dockerfile at the root (or in binder/) over environment.yml.
    for folder in (REPO, REPO / "binder", REPO / ".binder"):
        assert not (folder / "Dockerfile").exists()
    assert (REPO / "environment.yml").is_file() and (REPO / "postBuild").is_file()


def test_the_guides_name_files_that_exist_and_the_checked_chart_version() -> None:
    guides = [REPO / "docs" / "run-a-room.md", REPO / "README.md", KUBE / "README.md",
              KUBE / "values.yaml", KUBE / "values-temporary.yaml", KUBE / "Dockerfile"]
    for guide in guides:
        text = guide.read_text(encoding="utf-8")
        for named in set(re.findall(r"(?:deploy|docs|tests|benchmarks)/[\w./-]*\w", text)):
            assert (REPO / named).exists(), f"{guide.name} names {named}, which is not there"
        for version in re.findall(r"--version (\S+)", text):
            assert version == CHART.name.removeprefix("z2jh-"), f"{guide.name}: chart {version}"


def _nulls(values: Any, where: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(values, dict):
        return [place for key, value in values.items()
                for place in ([(*where, key)] if value is None else _nulls(value, (*where, key)))]
    return []


@pytest.mark.parametrize("name", ["values.yaml", "values-temporary.yaml"])
def test_a_null_only_clears_a_charts_default(name: str) -> None:
    # Helm drops a null where the chart has a default; anywhere else the null reaches
    # the hub's config as None, which a JupyterHub setting may refuse at start.
    defaults = _yaml(CHART / "values.yaml")
    for place in _nulls(_yaml(KUBE / name)):
        known = defaults
        for key in place[:-1]:
            known = known.get(key) if isinstance(known, dict) else None
        assert isinstance(known, dict) and place[-1] in known, f"{name}: {'.'.join(place)}"
