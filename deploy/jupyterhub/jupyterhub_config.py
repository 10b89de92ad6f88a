"""JupyterHub for an Open Door room on one server (plain JupyterHub, local accounts).

Run as root:  jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
Every participant is a real local account with their own server, home folder (0700) and
private data folder (0700); hand-ins go to a drop folder only the facilitator can read.
Everything is set by environment variables (deploy/jupyterhub/README.md lists them):

  OPEN_DOOR_ACCOUNTS     "named" (default: local accounts with passwords, PAM, for a
                         course) or "temporary" (anonymous accounts, jupyterhub-
                         tmpauthenticator, for a one-off evening)
  OPEN_DOOR_FACILITATOR  the facilitator's account (hub admin; owns the drop folder)
  OPEN_DOOR_GROUP        the group whose members may log in with a password (open-door)
  OPEN_DOOR_VENV         the participants' environment, outside root's home
                         (/opt/open-door/venv)
  OPEN_DOOR_OPEN         "lab" (JupyterLab, default) or "app" (the app, Voila)
  WORKBOOK_HANDIN_DIR    the drop folder (/srv/open-door/hand-in); "" for none
  OPEN_DOOR_HUB_IP / OPEN_DOOR_HUB_PORT   where the hub listens (127.0.0.1:8000; put a
                         TLS proxy in front, or set the ip only on a private network)
  OPEN_DOOR_HUB_STATE    the hub's own files: database, cookie secret (/srv/open-door/hub)
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shlex
import subprocess
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub provides it)

ACCOUNTS = os.environ.get("OPEN_DOOR_ACCOUNTS", "named").strip() or "named"
FACILITATOR = os.environ.get("OPEN_DOOR_FACILITATOR", "").strip()
GROUP = os.environ.get("OPEN_DOOR_GROUP", "open-door").strip()
VENV = Path(os.environ.get("OPEN_DOOR_VENV", "/opt/open-door/venv"))
OPEN = os.environ.get("OPEN_DOOR_OPEN", "lab").strip() or "lab"
HANDIN_DIR = os.environ.get("WORKBOOK_HANDIN_DIR", "/srv/open-door/hand-in").strip()
STATE = Path(os.environ.get("OPEN_DOOR_HUB_STATE", "/srv/open-door/hub"))
# The Hub decisions: setgid (files take the facilitator's group) and sticky (nobody
# removes another's file); others may add files but not list the folder.
HANDIN_MODE = 0o3733
# Temporary accounts get names like od-3f2a9c1b7e4d (useradd allows 32 characters; the
# authenticator's own uuid names have 36).
TEMPORARY_PREFIX = "od-"

if ACCOUNTS not in {"named", "temporary"}:
    raise SystemExit(f"OPEN_DOOR_ACCOUNTS must be 'named' or 'temporary', not {ACCOUNTS!r}")
if OPEN not in {"lab", "app"}:
    raise SystemExit(f"OPEN_DOOR_OPEN must be 'lab' or 'app', not {OPEN!r}")

c.JupyterHub.ip = os.environ.get("OPEN_DOOR_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("OPEN_DOOR_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
STATE.mkdir(parents=True, exist_ok=True, mode=0o700)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
if FACILITATOR:
    c.Authenticator.admin_users = {FACILITATOR}

# --- accounts ----------------------------------------------------------------------

if ACCOUNTS == "temporary":
    from tmpauthenticator import TmpAuthenticator

    class ShortNameTmpAuthenticator(TmpAuthenticator):  # type: ignore[misc]
        """Anonymous accounts, one per browser, with names a local account can have."""

        async def authenticate(self, handler, data):  # type: ignore[no-untyped-def]
            return {"name": TEMPORARY_PREFIX + secrets.token_hex(6)}

    c.JupyterHub.authenticator_class = ShortNameTmpAuthenticator
    c.Authenticator.allow_all = True
else:
    # Local accounts with passwords (PAM). The facilitator makes them (useradd -m, passwd)
    # and adds them to GROUP; only GROUP's members and the facilitator may log in.
    c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
    c.PAMAuthenticator.allowed_groups = {GROUP}
    if FACILITATOR:
        c.Authenticator.allowed_users = {FACILITATOR}

# --- each participant's own server ---------------------------------------------------

c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
# Refresh the participant's working copy of the chapters, then start the single-user
# server in it (workbook.publish.working_copy; the chapters are the installed wheel's).
_START = (
    # Nothing the participant writes is readable by others, whatever the system's umask.
    "import os, sys; os.umask(0o077); from workbook.publish.working_copy import refresh; "
    "folder = refresh().folder; "
    "os.execv(sys.argv[1], sys.argv[1:] + ['--ServerApp.root_dir=' + str(folder)])"
)
c.Spawner.cmd = [str(VENV / "bin" / "python"), "-c", _START,
                 str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = ("/lab/tree/00_start_here.ipynb" if OPEN == "lab"
                         else "/voila/render/00_start_here.ipynb")
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {"WORKBOOK_HANDIN_DIR": HANDIN_DIR}
c.Spawner.http_timeout = 60


def _make_local_account(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "-m", "-s", "/usr/sbin/nologin", name], check=True)


def _private_home(spawner) -> None:  # type: ignore[no-untyped-def]
    """Make a temporary participant's account; keep every home folder owner-only."""
    name = spawner.user.name
    if ACCOUNTS == "temporary" and name.startswith(TEMPORARY_PREFIX):
        _make_local_account(name)
    account = pwd.getpwnam(name)
    home = Path(account.pw_dir)
    home.mkdir(mode=0o700, exist_ok=True)
    os.chown(home, account.pw_uid, account.pw_gid)
    os.chmod(home, 0o700)


c.Spawner.pre_spawn_hook = _private_home


def _drop_folder() -> None:
    """The hand-in folder: the facilitator's, mode 3733 (add files; no list, no read)."""
    if not HANDIN_DIR:
        return
    folder = Path(HANDIN_DIR)
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    folder.mkdir(exist_ok=True)
    if FACILITATOR:
        owner = pwd.getpwnam(FACILITATOR)
        os.chown(folder, owner.pw_uid, grp.getgrgid(owner.pw_gid).gr_gid)
    # mkdir's mode is filtered by the umask and cannot set setgid: set it here.
    os.chmod(folder, HANDIN_MODE)


_drop_folder()

# For the log: what this room is.
print("Open Door room:", ACCOUNTS, "accounts; drop folder", shlex.quote(HANDIN_DIR or "none"))
