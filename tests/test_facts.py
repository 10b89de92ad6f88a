"""The facts register (facts.yaml): every phone number, web address, programme name and
medical fact in content is tied to an entry that says who to check it with, where, when
it was checked and how; and the pages show readers where to check what they state."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from workbook import content, paths
from workbook.content import ContentError, Fact, FactsFile
from workbook.html.notices import crisis_resources_html, safety_box_html
from workbook.views.support import support_for_supporters_html, where_to_look_html

# --- what counts as a mention ------------------------------------------------------------

# Digits in groups ("1-800-662-4357", "116 123", "13 11 14", "0800 787 797") and short
# codes ("911", "1737", "50808"). Not part of a word, an address, a fraction or "24/7".
_NUMBER = re.compile(r"(?<![\w.\-/{])\d(?:[\d]|[ \-](?=\d))*\d(?![\w.\-/%}])")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$|^(19|20)\d\d$")
# Numbers in content that are not phone numbers, and why.
NOT_PHONE = {
    "65535": "the highest port number, in an error message",
    "700": "a folder's permission mode, in an error message",
    "0-10": "a score range",
}
_WEB = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|gov|net|edu|uk|au|nz|ie|ca|eu|info)\b",
                  re.IGNORECASE)
# Capitals that name an organisation or programme (SAMHSA, NAMI, CRAFT), except these
# ordinary abbreviations and words.
_ACRONYM = re.compile(r"\b[A-Z][A-Z&-]*[A-Z]\b")
ORDINARY_CAPITALS = {"JSON", "CSV", "HTML", "UTF", "README", "FAILED", "EAP", "OK", "PDF", "ID",
                     "US", "UK", "EU", "GP", "TV", "KB", "MB"}
# A capitalised name that reads like a programme or service ("Alcohol Drug Helpline").
_PROGRAMME = re.compile(
    r"\b(?:[A-Z][\w&'-]*\s+){0,4}(?:Helpline|HelpLine|Lifeline|Infoline|Anon|Recovery|"
    r"Foundation|Association|Alliance|Network|Therapies|Programme|Program|Institute)\b")
# Sentence words a programme-like match may start with ("Its Infoline").
_LEADING = re.compile(r"^(?:(?:Its|The|A|An|Your|Our|This|Their|His|Her)\s+)+")
# Medical mentions: substance-safety words, and stopping something all at once.
_MEDICAL = re.compile(
    r"\b(overdose|naloxone|narcan|withdrawal|benzodiazepines?|opioids?|seizures?|poisoning|"
    r"detox|fentanyl|cold turkey)\b"
    r"|\b(stop|stopping|quit|quitting)\b[^.]{0,60}\b(all at once|suddenly)\b",
    re.IGNORECASE)
_DRIVING = re.compile(r"\bdriv\w*\b[^.]{0,40}\b(drunk|drinking|high)\b"
                      r"|\b(drunk|high)\b[^.]{0,40}\bdriv\w*", re.IGNORECASE)


def _numbers(text: str) -> list[str]:
    found = []
    for match in _NUMBER.finditer(text):
        token = match.group()
        digits = re.sub(r"\D", "", token)
        if len(digits) < 3 or _DATE.match(token) or token in NOT_PHONE:
            continue
        found.append(token)
    return found


def _mentions(text: str) -> list[str]:
    """Numbers, web addresses and programme-like names stated in ``text``."""
    found = _numbers(text) + _WEB.findall(text)
    found += [a for a in _ACRONYM.findall(text) if a not in ORDINARY_CAPITALS]
    found += [_LEADING.sub("", m.group()) for m in _PROGRAMME.finditer(text)]
    return found


def _tied(mention: str, facts: list[Fact]) -> bool:
    """A mention is tied when an entry names it, or names something it is part of."""
    wanted = mention.lower()
    return any(wanted == name.lower() or (not mention[0].isdigit() and wanted in name.lower())
               for fact in facts for name in fact.names)


# --- walking the content --------------------------------------------------------------


@dataclasses.dataclass
class Record:
    """One content record and its own texts (not those of records nested in it)."""

    where: str
    texts: list[tuple[str, str]]
    # The record's facts.yaml ids, or None for a record that has no ``facts`` field.
    facts: tuple[str, ...] | None


def _records(value: object, where: str) -> Iterator[Record]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        texts: list[tuple[str, str]] = []
        nested: list[tuple[object, str]] = []
        for field in dataclasses.fields(value):
            if field.name == "facts":
                continue
            _split(getattr(value, field.name), f"{where}.{field.name}", texts, nested)
        yield Record(where, texts, getattr(value, "facts", None))
        for item, item_where in nested:
            yield from _records(item, item_where)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _records(item, f"{where}[{i}]")


def _split(value: object, where: str, texts: list[tuple[str, str]],
           nested: list[tuple[object, str]]) -> None:
    if isinstance(value, str):
        texts.append((where, value))
    elif dataclasses.is_dataclass(value):
        nested.append((value, where))
    elif isinstance(value, dict):
        for key, item in value.items():
            _split(item, f"{where}.{key}", texts, nested)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            _split(item, f"{where}[{i}]", texts, nested)


def _content_records() -> Iterator[Record]:
    for filename, entry in content.FILES.items():
        if filename != "facts.yaml":
            yield from _records(entry.load(), filename)


def untied_mentions(records: list[Record], register: FactsFile, safe_heading: str) -> list[str]:
    """Every mention in ``records`` that no register entry backs, one line each."""
    facts = list(register.facts)
    by_id = {fact.id: fact for fact in facts}
    problems = []
    for record in records:
        own = [by_id[i] for i in record.facts or () if i in by_id]
        for where, text in record.texts:
            if where.endswith(".id") or ".match[" in where:
                continue  # ids and conversation.yaml's regular expressions are not prose
            for mention in _mentions(text):
                if record.facts is None:
                    stated = mention in _numbers(text) or _WEB.fullmatch(mention)
                    if stated:
                        problems.append(f"{where}: {mention!r} is stated in a text whose "
                                        "record has no facts field, so no source is shown")
                    elif not _tied(mention, facts):
                        problems.append(f"{where}: {mention!r} is in no facts.yaml entry")
                elif not _tied(mention, own):
                    problems.append(f"{where}: {mention!r} is not named by its facts "
                                    f"{list(record.facts)}")
            for pattern in (_MEDICAL, _DRIVING):
                if not pattern.search(text):
                    continue
                pool = own if record.facts is not None else facts
                medical = [f for f in pool if f.kind in ("medical", "safety")]
                if not any(name.lower() in text.lower() for f in medical for name in f.names):
                    problems.append(f"{where}: a medical or safety fact that no medical "
                                    "facts.yaml entry names")
                elif record.facts is None and safe_heading not in text:
                    problems.append(f"{where}: a medical or safety fact that does not point "
                                    f"to {safe_heading!r}, where its sources are shown")
    return problems


# --- the register itself ----------------------------------------------------------------


def test_every_entry_has_a_source_an_address_a_day_and_how_it_was_checked() -> None:
    register = content.facts_register()
    assert len(register.facts) >= 40
    for fact in register.facts:
        assert fact.source and fact.address.startswith(("https://", "http://")), fact.id
        assert date.fromisoformat(fact.checked) <= date.today(), fact.id
        assert fact.checked_against, fact.id
        if fact.how == "domain_notes":
            assert "DOMAIN-NOTES.md" in fact.checked_against, fact.id
        else:  # checked against at least one stored page
            assert any(page.startswith("http") for page in fact.checked_against), fact.id


def test_every_entry_is_used_by_content() -> None:
    records = list(_content_records())
    referenced = {i for record in records for i in record.facts or ()}
    prose = " ".join(text for record in records for _, text in record.texts)
    unused = [fact.id for fact in content.facts_register().facts
              if fact.id not in referenced and not any(n in prose for n in fact.names)]
    assert not unused, f"facts.yaml entries no content uses: {unused}"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["facts"][0].pop("checked"), "facts.yaml: facts[0].checked: missing"),
        (lambda d: d["facts"][0].pop("source"), "facts.yaml: facts[0].source: missing"),
        (lambda d: d["facts"][1].update(checked="2 December 2026"),
         "facts.yaml: facts[1].checked: '2 December 2026' must be a day written YYYY-MM-DD"),
        (lambda d: d["facts"][2].update(address="samaritans.org"),
         "facts.yaml: facts[2].address: 'samaritans.org' must be a web address"),
        (lambda d: d["facts"][3].update(how="asked a friend"),
         "facts.yaml: facts[3].how: must be one of"),
        (lambda d: d["facts"][4].update(how="domain_notes", checked_against=["https://x.org"]),
         "facts.yaml: facts[4].checked_against: a fact kept from the domain notes names"),
        (lambda d: d["facts"][5].update(checked_against=[]),
         "facts.yaml: facts[5].checked_against: say what it was checked against"),
    ],
)
def test_an_entry_without_its_source_or_date_is_refused(tmp_path: Path, change,
                                                         expected: str) -> None:
    copy = tmp_path / "content"
    shutil.copytree(paths.CONTENT_DIR, copy)
    path = copy / "facts.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentError) as caught:
        content.load_file(FactsFile, "facts.yaml", copy)
    assert str(caught.value).startswith(expected)


def test_a_service_must_name_its_facts_and_the_ids_must_exist(monkeypatch, tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(paths.CONTENT_DIR, copy)
    path = copy / "crisis.yaml"
    original = path.read_text()
    data = yaml.safe_load(original)
    data["regions"][0]["services"][1].pop("facts")
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ContentError, match=r"regions\[0\].services\[1\].facts: missing"):
        content.load_file(content.CrisisResources, "crisis.yaml", copy)
    data = yaml.safe_load(original)
    data["regions"][2]["services"][1]["facts"] = ["no_such_fact"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    monkeypatch.setattr(paths, "CONTENT_DIR", copy)
    content.clear_cache()
    try:
        with pytest.raises(ContentError, match=r"'no_such_fact' is not a fact id in facts.yaml"):
            content.crisis_resources()
    finally:
        monkeypatch.undo()
        content.clear_cache()


# --- every mention in content is tied to the register ------------------------------------


def test_every_number_address_programme_and_medical_fact_in_content_is_in_the_register() -> None:
    heading = content.crisis_resources().staying_safe.heading
    problems = untied_mentions(list(_content_records()), content.facts_register(), heading)
    assert not problems, f"{len(problems)} mentions are not tied to facts.yaml:\n" + "\n".join(
        problems)


def test_named_services_and_programmes_all_carry_facts() -> None:
    support = content.support()
    places = [p for region in support.regions for p in region.places]
    # A programme for supporters carries facts unless it is general ("A counselor of your own").
    places += [p for p in support.supporter_programs if p.name[0].isupper() and
               not p.name.startswith(("A ", "An ", "Your "))]
    assert all(place.facts for place in places), [p.name for p in places if not p.facts]


def _planted(where: str, text: str, facts: tuple[str, ...] | None = None) -> list[str]:
    heading = content.crisis_resources().staying_safe.heading
    return untied_mentions([Record("x.yaml: " + where, [(where, text)], facts)],
                           content.facts_register(), heading)


@pytest.mark.parametrize(
    ("text", "facts", "complaint"),
    [
        ("Call 0800 555 0199 at any time.", ("uk_samaritans",), "'0800 555 0199' is not named"),
        ("Call 116 123 for free.", None, "has no facts field"),
        ("Visit helpfinder.org for more.", ("uk_samaritans",), "'helpfinder.org' is not named"),
        ("Ask about the HOPE programme.", None, "'HOPE' is in no facts.yaml entry"),
        ("Try the Sunrise Family Network.", None, "is in no facts.yaml entry"),
        ("Detox at home is fine for most people.", None, "no medical facts.yaml entry names"),
        ("Stopping heavy drinking all at once can be dangerous.", None,
         "does not point to 'Staying safe"),
        ("If he drives when drunk, hide the keys.", ("uk_samaritans",),
         "no medical facts.yaml entry names"),
    ],
)
def test_the_scanner_catches_untied_mentions(text: str, facts, complaint: str) -> None:
    problems = _planted("f.text", text, facts)
    assert any(complaint in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Call 116 123 for free, or visit samaritans.org.", ("uk_samaritans",)),
        ("Groups like Al-Anon and Nar-Anon are made for you.", None),
        ("Stopping heavy drinking all at once can be dangerous. See Staying safe with alcohol "
         "and drugs, at the top of the page.", None),
        ("Rate it from 0-10. It is 2026-03-01 and 24/7.", None),
        ("Painting a whole new life for them all at once.", None),
    ],
)
def test_the_scanner_passes_tied_and_ordinary_text(text: str, facts) -> None:
    assert _planted("f.text", text, facts) == []


# --- readers are told where to check --------------------------------------------------


def _visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_crisis_box_says_where_to_check_each_number_and_when_they_were_checked() -> None:
    text = _visible_text(crisis_resources_html(open_details=True))
    resources = content.crisis_resources()
    services = [s for region in resources.regions for s in region.services]
    for service in [*services, resources.elsewhere]:
        for fact_id in service.facts:
            assert f"Check at {content.fact(fact_id).short_address}." in text, fact_id
    for item in resources.staying_safe.items:
        assert item.text in text
        for fact_id in item.facts:
            assert f"Check at {content.fact(fact_id).short_address}." in text, fact_id
    assert "We checked these numbers and facts on 2 December 2026." in text


def test_the_crisis_box_covers_ireland_new_zealand_and_the_eu() -> None:
    box = _visible_text(safety_box_html())
    assert "Ireland 112 or 999" in box and "New Zealand 111" in box
    assert "European Union 112" in box
    details = _visible_text(crisis_resources_html(open_details=True))
    for number in ("116 123", "50808", "1737"):
        assert number in details


def test_the_support_lists_say_where_to_check_each_place() -> None:
    for html in (where_to_look_html(), support_for_supporters_html()):
        text = _visible_text(html)
        assert "We checked these numbers and facts on" in text
    text = _visible_text(where_to_look_html())
    for region in content.support().regions:
        for place in region.places:
            for fact_id in place.facts:
                assert f"Check at {content.fact(fact_id).short_address}." in text, place.name
    for name in ("Adfam", "Family Drug Support", "Families for Addiction Recovery",
                 "HSE Drugs and Alcohol Helpline", "Alcohol Drug Helpline",
                 "Family Drug Support Aotearoa"):
        assert name in text


@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")),
                         ids=lambda path: path.name)
def test_notebook_prose_states_no_number_or_address_of_its_own(notebook: Path) -> None:
    # Prose in a chapter shows no source, so numbers and addresses live in content
    # (the crisis cell is generated from crisis.yaml, which names its facts).
    cells = json.loads(notebook.read_text())["cells"]
    stated = [(i, mention) for i, cell in enumerate(cells)
              if cell["cell_type"] == "markdown" and "open_door" not in cell["metadata"]
              for mention in _numbers("".join(cell["source"])) + _WEB.findall(
                  "".join(cell["source"]))]
    assert not stated, stated
