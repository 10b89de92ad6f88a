"""deploy/jupyterhub/jupyterhub_config.py loads for both kinds of room (tests/test_hub.py
runs the named-accounts room for real)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from traitlets.config import PyFileConfigLoader

CONFIG = Path(__file__).resolve().parents[1] / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def _load(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WORKBOOK_HANDIN_DIR", str(tmp_path / "hand-in"))
    monkeypatch.setenv("OPEN_DOOR_HUB_STATE", str(tmp_path / "hub"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()


def test_temporary_accounts_use_tmpauthenticator_with_names_an_account_can_have(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import asyncio

    from tmpauthenticator import TmpAuthenticator

    config = _load(monkeypatch, tmp_path, OPEN_DOOR_ACCOUNTS="temporary")
    authenticator = config.JupyterHub.authenticator_class
    assert issubclass(authenticator, TmpAuthenticator)
    user = asyncio.run(authenticator().authenticate(None, {}))
    # useradd allows 32 characters; tmpauthenticator's own uuid names have 36.
    assert user["name"].startswith("od-") and len(user["name"]) <= 32
    assert config.Spawner.environment["WORKBOOK_HANDIN_DIR"] == str(tmp_path / "hand-in")
    assert stat.S_IMODE((tmp_path / "hand-in").stat().st_mode) == 0o3733


def test_named_accounts_use_pam_and_the_group(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    config = _load(monkeypatch, tmp_path, OPEN_DOOR_ACCOUNTS="named", OPEN_DOOR_GROUP="room",
                   OPEN_DOOR_OPEN="app")
    assert config.JupyterHub.authenticator_class == "jupyterhub.auth.PAMAuthenticator"
    assert config.PAMAuthenticator.allowed_groups == {"room"}
    assert config.Spawner.default_url == "/voila/render/00_start_here.ipynb"
    assert config.JupyterHub.ip == "127.0.0.1"


def test_an_unknown_kind_of_room_is_refused(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="named"):
        _load(monkeypatch, tmp_path, OPEN_DOOR_ACCOUNTS="open")
