"""Small widget factories every chapter uses, so controls look and behave alike.

Each control carries a plain-words label (its description or tooltip) so a
screen reader and a keyboard user meet the same words a sighted reader does.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Hashable
from typing import Any, Literal, TypeVar, cast

import ipywidgets as widgets

from .. import paths

ButtonStyle = Literal["primary", "danger", ""]


def button(label: str, icon: str = "check", style: ButtonStyle = "primary") -> widgets.Button:
    """A button as wide as its label, aligned left, its label also its tooltip."""
    return widgets.Button(description=label, button_style=style, icon=icon, tooltip=label,
                          layout=widgets.Layout(width="auto", align_self="flex-start"))


def text_area(placeholder: str, label: str, rows: int = 3) -> widgets.Textarea:
    """A box for free text; ``label`` names it for screen readers."""
    return widgets.Textarea(placeholder=placeholder, tooltip=label, rows=rows,
                            layout=widgets.Layout(width="100%", max_width="48em"))


# --- one state per chapter ---------------------------------------------------------

_State = TypeVar("_State")
_STATES: dict[tuple[Hashable, str], object] = {}


def chapter_state(key: Hashable, make: Callable[[], _State],
                  renew: Callable[[_State], object] | None = None) -> _State:
    """The one state of a chapter (or one form) in this kernel, made on first use.

    Every cell of a chapter asks for its views here, so re-running a cell, or the
    whole chapter, shows the same widgets again instead of new ones that the
    chapter's other cells know nothing about. ``renew`` refreshes a state that
    already exists (for example from the journal) in place. States are kept per
    data folder setting: another data folder gets its own. (The setting as given:
    a setting that is wrong is reported by the views, not here.)
    """
    slot = (key, os.environ.get(paths.DATA_DIR_ENV, ""))
    if slot not in _STATES:
        _STATES[slot] = make()
    elif renew is not None:
        renew(cast(_State, _STATES[slot]))
    return cast(_State, _STATES[slot])


# --- slow work after a change -----------------------------------------------------------

# How long a redraw waits for more changes (arrow keys held down) before it runs.
REDRAW_DELAY_S = 0.05


class Soon:
    """Runs ``work`` shortly after the last call, not inside the change's message.

    A widget's next value stays in the browser until the kernel has finished
    with the previous one (see :class:`SaveWhenSynced`). Slow work such as a
    chart redraw, done inside that message, keeps later values waiting; done
    just after it, the kernel reports idle at once and the browser sends them.
    Without a running event loop (tests, scripts) ``work`` runs at once.
    """

    def __init__(self, work: Callable[[], object], delay: float = REDRAW_DELAY_S) -> None:
        self.work = work
        self.delay = delay
        self._pending: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.work()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.delay, self._run)

    def _run(self) -> None:
        self._pending = None
        self.work()


# --- saving what the reader sees -------------------------------------------------------

# How long a save waits for the browser before it goes ahead with what has arrived.
SYNC_TIMEOUT_S = 10.0
SYNC_ROUNDS = 2


class SaveWhenSynced:
    """Runs a save for a button's click once the browser has sent every earlier change.

    The browser sends a widget's new value at once only if that widget has no
    message still waiting for the kernel; otherwise it holds the value until the
    kernel reports idle (ipywidgets' message throttle). A button's click is sent
    at once. So after quick arrow-key presses on a slider the click can reach the
    kernel before the slider's last value, and the save would store an older one.

    On a click shown in a browser, this first puts a hidden marker widget into
    ``slot`` and waits for the browser to report that it has shown it (its view
    count), twice over: the browser reports only after it has read the kernel's
    earlier messages, including the idle that releases a held value, and sends
    those values first. Measured in JupyterLab and Voila (tests/test_save_browser.py):
    the held value can reach the kernel after one round, so two are made. This
    relies on each value's message being handled quickly (see :class:`Soon`);
    after ``SYNC_TIMEOUT_S`` the save goes ahead with what has arrived. A click
    from code (``button.click()``, with no browser showing the button) saves at once.
    """

    def __init__(self, button: widgets.Button, save: Callable[[], object]) -> None:
        self.button = button
        self.save = save
        self.slot = widgets.Box(layout=widgets.Layout(display="none"))
        self._marker: widgets.HTML | None = None
        self._timeout: asyncio.TimerHandle | None = None
        self._rounds_left = 0
        # Counted by the browser: more than 0 while a page shows the button.
        button._view_count = 0
        button.on_click(self._clicked)

    @property
    def waiting(self) -> bool:
        """True while a click waits for the browser's changes."""
        return self._marker is not None

    def _clicked(self, _button: object = None) -> None:
        if self.waiting:
            return  # this click's save is already on its way
        if not self.button._view_count:
            self.save()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.save()
            return
        self._timeout = loop.call_later(SYNC_TIMEOUT_S, self._go)
        self._rounds_left = SYNC_ROUNDS
        self._show_marker()

    def _show_marker(self) -> None:
        if self._marker is not None:
            self._marker.close()
        marker = widgets.HTML()
        marker._view_count = 0
        marker.observe(self._marker_shown, names="_view_count")
        self._marker = marker
        self.slot.children = (marker,)

    def _marker_shown(self, change: dict[str, Any]) -> None:
        if not change["new"] or change["owner"] is not self._marker:
            return
        self._rounds_left -= 1
        if self._rounds_left > 0:
            self._show_marker()
        else:
            self._go()

    def _go(self) -> None:
        if self._marker is None:
            return
        marker, self._marker = self._marker, None
        if self._timeout is not None:
            self._timeout.cancel()
            self._timeout = None
        self.slot.children = ()
        marker.close()
        self.save()
