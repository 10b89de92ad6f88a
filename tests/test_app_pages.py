"""The app's own pages, as HTML: the contents page and the chapter links (the browser
tests in tests/test_app.py see them served)."""

from __future__ import annotations

from pathlib import Path

from workbook import content, paths
from workbook.publish import app_pages


def _resources(file: str, base_url: str = "/") -> dict[str, object]:
    # What Voilà gives a chapter page's template: the notebook's name without .ipynb.
    return {"base_url": base_url, "metadata": {"name": file.removesuffix(".ipynb")}}


def test_the_contents_page_has_title_language_crisis_box_and_every_chapter() -> None:
    page = str(app_pages.AppPages(paths.NOTEBOOKS_DIR).contents_page("/", ""))
    words = content.interface()
    assert page.startswith("<!doctype html>")
    assert f'<html lang="{words.language}">' in page
    assert f"<h1>{words.site.title}</h1>" in page
    assert f'aria-label="{content.crisis_resources().heading}"' in page
    assert "Content-Security-Policy" in page and "<script" not in page
    for chapter in content.chapters():
        link = f'<a href="/voila/render/{chapter.file}">{chapter.title}</a>'
        assert (link in page) != chapter.planned
        assert chapter.summary.replace("'", "&#x27;") in page


def test_chapter_links_follow_the_server_base_url_and_folder() -> None:
    page = str(app_pages.AppPages(paths.NOTEBOOKS_DIR).contents_page("/door/", "my notes"))
    first = content.chapters()[0].file
    assert f'href="/door/voila/render/my%20notes/{first}"' in page


def test_the_contents_page_is_only_for_the_chapters_folder(tmp_path: Path) -> None:
    pages = app_pages.AppPages(tmp_path)
    assert not pages.holds_chapters("")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / paths.FIRST_NOTEBOOK.name).write_text("{}")
    assert pages.holds_chapters("notebooks") and not pages.holds_chapters("")


def test_each_chapter_links_its_neighbours_and_the_contents() -> None:
    words = content.interface().navigation
    chapters = [c for c in content.chapters() if not c.planned]
    middle = str(app_pages.chapter_nav(_resources(chapters[1].file, "/door/")))
    assert f'aria-label="{words.top_label}"' in middle
    assert f'href="{chapters[0].file}"' in middle and f'href="{chapters[2].file}"' in middle
    assert 'href="/door/voila/tree"' in middle
    first = str(app_pages.chapter_nav(_resources(chapters[0].file), "end"))
    assert f'aria-label="{words.end_label}"' in first and 'rel="prev"' not in first
    last = str(app_pages.chapter_nav(_resources(chapters[-1].file)))
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_a_notebook_that_is_not_a_chapter_gets_no_links() -> None:
    assert str(app_pages.chapter_nav(_resources("my_own.ipynb"))) == ""
    assert str(app_pages.chapter_head(_resources("my_own.ipynb"))) == ""
    assert "<style>" in str(app_pages.chapter_head(_resources(content.chapters()[0].file)))
