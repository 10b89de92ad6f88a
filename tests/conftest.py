"""Shared fixtures. No test ever touches the real personal data folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from workbook import paths
from workbook.journal.store import Journal
from workbook.journal.transfer import import_file

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # Set before any kernel starts, so nbval's notebook kernels inherit it too.
    session_dir = Path(tempfile.mkdtemp(prefix="workbook-test-data-"))
    config._workbook_session_data_dir = session_dir  # type: ignore[attr-defined]
    os.environ[paths.DATA_DIR_ENV] = str(session_dir)
    # The notebooks run under nbval against the fictional sample journey, so every
    # chart and table has something to show.
    import_file(Journal(session_dir / paths.JOURNAL_FILENAME), paths.SAMPLE_JOURNEY)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The quick lane (`make check`, `-m "not slow"`) leaves out every notebook run
    # under nbval and every real-browser test; slow unit modules mark themselves.
    for item in items:
        if item.path.suffix == ".ipynb" or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


def pytest_unconfigure(config: pytest.Config) -> None:
    session_dir = getattr(config, "_workbook_session_data_dir", None)
    if session_dir is not None:
        shutil.rmtree(session_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, one per test module (tests/browser.py says how it is started)."""
    from browser import browser_session  # Playwright loads only for the browser tests

    with browser_session() as browser:
        yield browser


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty personal data folder for one test."""
    folder = tmp_path / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def fresh_journal(data_dir: Path) -> Iterator[Journal]:
    """An empty journal in a fresh data folder (the file is created on first write)."""
    yield Journal()
