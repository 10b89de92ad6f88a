"""Where the workbook is being shown, so it says only what works there.

* ``"lab"``: a chapter open in JupyterLab (or any notebook front end): cells, menus
  and a terminal exist, and the reader starts the chapter.
* ``"app"``: a chapter served by Voilà (``workbook app``, or JupyterLab's "Render
  with Voilà"): one page per chapter that runs by itself, no code, menus or terminal.
* ``"site"``: the offline site ``workbook export`` writes (and prints): widgets show
  the state they had when the chapter ran; there is no kernel, nothing is saved.

Voilà starts each page's kernel with CGI-style variables in its environment
(``SERVER_SOFTWARE=voila/<version>``, ``SCRIPT_NAME``, ``QUERY_STRING``; see
``voila/handler.py``) and, for a pre-started kernel too, ``VOILA_PREHEAT``,
``VOILA_BASE_URL`` and ``VOILA_SERVER_URL``. The site export sets
:data:`SURFACE_ENV` for the kernels it starts. Anything that starts kernels
itself (a pool of pre-started app kernels, say) can set it too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, get_args

Surface = Literal["lab", "app", "site"]
SURFACES: tuple[Surface, ...] = get_args(Surface)
# Set by whoever starts the kernel and knows best: "lab", "app" or "site".
SURFACE_ENV = "WORKBOOK_SURFACE"
# Present in every kernel Voilà starts, pre-started or not.
VOILA_VARIABLES = ("VOILA_PREHEAT", "VOILA_BASE_URL", "VOILA_SERVER_URL")


def current(environ: Mapping[str, str] | None = None) -> Surface:
    """The surface this kernel (or process) shows the workbook on; read on every call."""
    env = os.environ if environ is None else environ
    named = env.get(SURFACE_ENV, "").strip().lower()
    for known in SURFACES:
        if named == known:
            return known
    if env.get("SERVER_SOFTWARE", "").startswith("voila/") or any(
            name in env for name in VOILA_VARIABLES):
        return "app"
    return "lab"


def has_kernel(surface: Surface | None = None) -> bool:
    """Whether buttons work where the workbook is shown (not in the exported site)."""
    return (surface or current()) != "site"


__all__ = ["SURFACES", "SURFACE_ENV", "Surface", "current", "has_kernel"]
