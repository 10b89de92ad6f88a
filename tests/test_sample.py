"""The fictional sample journey imports cleanly and is in canonical export form."""

from __future__ import annotations

from pathlib import Path

from workbook import content, paths
from workbook.journal.store import Journal
from workbook.journal.transfer import export_json, import_file, read_import


def test_sample_journey_covers_twelve_weeks_of_check_ins_and_reflections() -> None:
    parsed = read_import(paths.SAMPLE_JOURNEY)
    assert len(parsed.checkins) >= 12 and len(parsed.reflections) >= 20
    span = parsed.checkins[-1].when - parsed.checkins[0].when
    assert 11 * 7 <= span.days <= 13 * 7
    rated = {f for c in parsed.checkins for f in c.ratings}
    assert rated == set(content.factor_ids())
    assert any(r.event for r in parsed.reflections)
    assert any("plan" in r.tags for r in parsed.reflections)


def test_sample_journey_round_trips_byte_for_byte(data_dir: Path) -> None:
    summary = import_file(Journal(), paths.SAMPLE_JOURNEY)
    assert summary.already_present == 0
    assert export_json(Journal()) == paths.SAMPLE_JOURNEY.read_text(encoding="utf-8")
