"""The pages the workbook writes itself come from Jinja2 templates with autoescape on."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from workbook import content, paths
from workbook.publish import pages

PUBLISH_DIR = paths.PACKAGE_DIR / "publish"
# Tags that only a whole page (or a page's big parts) has: those belong in templates.
PAGE_TAGS = re.compile(r"<(html|body|head|section|table|!doctype)\b", re.IGNORECASE)
ANY_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]")


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                found.add(id(body[0].value))
    return found


def html_built_in_code(source: str) -> list[str]:
    """Strings in ``source`` that build HTML: a page's tags in any string, or any tag in
    an f-string (docstrings left out)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value for part in node.values
                           if isinstance(part, ast.Constant) and isinstance(part.value, str))
            if ANY_TAG.search(text):
                problems.append(f"line {node.lineno}: f-string with HTML: {text[:60]!r}")
            for part in node.values:
                skip.add(id(part))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in skip and PAGE_TAGS.search(node.value)):
            problems.append(f"line {node.lineno}: a page's HTML in a string: {node.value[:60]!r}")
    return problems


def test_the_scan_finds_a_page_built_from_an_f_string() -> None:
    built = 'def page(t):\n    return f"<!doctype html><html><body>{t}</body></html>"\n'
    assert html_built_in_code(built)
    assert html_built_in_code('PAGE = "<section><h2>x</h2></section>"\n')
    assert html_built_in_code('def item(t):\n    return f"<li>{t}</li>"\n')
    assert not html_built_in_code('"""Returns a whole <html> page."""\nX = f"{1} < 2"\n')


@pytest.mark.parametrize("module", sorted(p.name for p in PUBLISH_DIR.glob("*.py")))
def test_no_publish_module_builds_html_from_strings(module: str) -> None:
    assert html_built_in_code((PUBLISH_DIR / module).read_text(encoding="utf-8")) == []


def test_the_environment_escapes_what_it_is_given() -> None:
    environment = pages.environment()
    assert environment.autoescape is True
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> \"quotes\" & 'it'"
    page = pages.render("site_footer.html.j2", w=content.interface().site, data_note=hostile)
    assert "<script" not in page and "<img" not in page
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; "
            "&quot;quotes&quot; &amp; &#x27;it&#x27;") in page
    # Our own HTML, marked as such, goes in as it is.
    page = pages.render("site_footer.html.j2", w=content.interface().site,
                        data_note=Markup("<em>sample</em>"))
    assert "<em>sample</em>" in page


def test_an_unknown_name_in_a_template_is_an_error() -> None:
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        pages.render("site_footer.html.j2", w=content.interface().site)


TEMPLATES = sorted(paths.TEMPLATES_DIR.glob("*.j2"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_parse_and_never_mark_text_safe(template: Path) -> None:
    source = template.read_text(encoding="utf-8")
    pages.environment().parse(source)
    assert "|safe" not in source.replace(" ", "") and "Markup" not in source


def test_every_whole_page_extends_one_shell() -> None:
    shell = paths.TEMPLATES_DIR / "base.html.j2"
    assert "Content-Security-Policy" in shell.read_text(encoding="utf-8")
    own = [t for t in TEMPLATES if t.name.endswith(".html.j2")
           and t.name not in {"nbconvert_page.html.j2", "base.html.j2"}]
    whole_pages = [t for t in own if "{% extends" in t.read_text(encoding="utf-8")]
    assert {t.name for t in whole_pages} >= {"summary.html.j2", "group.html.j2",
                                              "slides_deck.html.j2", "slides_index.html.j2"}


# A colour written out: #abc, #aabbcc (or with alpha), not an id such as #content.
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})\b")
# reveal.js's own files, shipped unchanged (static/README.md).
VENDOR_CSS = {"reveal.css", "reset.css"}


def _style_files() -> list[Path]:
    """Every stylesheet, template and publish module that could write a colour."""
    found = [*sorted(paths.TEMPLATES_DIR.iterdir()), *sorted(PUBLISH_DIR.glob("*.py")),
             *(p for p in sorted(paths.STATIC_DIR.rglob("*.css")) if p.name not in VENDOR_CSS)]
    return [p for p in found if p.is_file()]


def test_the_colour_scan_finds_a_colour_typed_in() -> None:
    assert HEX_COLOUR.findall(".od-x { color: #005a8c; background: #FFF; }") == [
        "#005a8c", "#FFF"]
    assert not HEX_COLOUR.findall('<a href="#content">…</a> <a href="#step-2">')


@pytest.mark.parametrize("path", _style_files(), ids=lambda p: p.name)
def test_no_colour_is_typed_outside_the_style_module(path: Path) -> None:
    """Colours live only in workbook/html/style.py; every stylesheet is filled in from it."""
    assert not HEX_COLOUR.findall(path.read_text(encoding="utf-8")), path


def test_every_stylesheet_is_rendered_from_the_one_set_of_colours() -> None:
    from workbook.html import style

    sheets = [pages.stylesheet(whole_page=True), *(pages.stylesheet_file(name) for name in
                                                   (pages.SITE_CSS, pages.PRINT_CSS,
                                                    pages.SLIDES_CSS))]
    known = {c.upper() for c in (*style.PALETTE.values(), *style.SHADES.values(), style.TEXT)}
    for sheet in sheets:
        used = {c.upper() for c in HEX_COLOUR.findall(sheet)}
        assert used and used <= known, used - known
        assert "{{" not in sheet and "&#34;" not in sheet and "&quot;" not in sheet
    # The one font stack, in every sheet but the print one (which keeps the screen's).
    for sheet in (sheets[0], sheets[1], sheets[3]):
        assert style.FONT_STACK in sheet
