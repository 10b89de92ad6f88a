"""The facilitator guide: plans, prompts, exercises, distress steps and the group view."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from helpers import visible_text

from workbook import content
from workbook.journal.workshop import MIN_GROUP
from workbook.views import facilitator as facilitator_gui


def test_plans_cover_60_90_and_120_minutes_with_timings() -> None:
    plans = content.facilitator().session_plans
    assert sorted(p.minutes for p in plans) == [60, 90, 120]
    shown = visible_text(facilitator_gui.session_plans_html())
    for plan in plans:
        assert plan.title in shown
        assert f"{plan.minutes - plan.steps[-1].minutes}-{plan.minutes}" in shown  # last step


def test_the_series_runs_four_weeks_and_prompts_cover_every_chapter() -> None:
    guide = content.facilitator()
    assert [week.week for week in guide.series] == [1, 2, 3, 4]
    assert {entry.chapter for entry in guide.prompts} >= {
        c.id for c in content.chapters() if c.id != "facilitator"}
    shown = visible_text(facilitator_gui.four_week_series().data)
    assert all(week.home_practice in shown for week in guide.series)


def test_exercises_carry_their_story_and_steps() -> None:
    shown = visible_text(facilitator_gui.group_exercises().data)
    for exercise in content.facilitator().exercises:
        assert exercise.title in shown and exercise.steps[0] in shown


def test_distress_guide_says_when_to_stop_and_refer() -> None:
    page = facilitator_gui.when_someone_is_distressed().data
    distress = content.facilitator().distress
    assert "workbook-safety" in page
    assert all(sign in visible_text(page) for sign in distress.pause_and_refer)


def _upload(name: str, document: object) -> dict[str, object]:
    data = (document if isinstance(document, bytes) else json.dumps(document).encode())
    return {"name": name, "type": "application/json", "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2026, 3, 1, tzinfo=UTC)}


def test_group_view_from_uploaded_share_files() -> None:
    view = facilitator_gui.group_view()
    assert visible_text(view.page.value) == content.facilitator().group_report.upload_empty
    files = [_upload(f"p{i}.json", {"format": "open-door-share", "version": 1,
                                    "participant": f"P-AAAAA{'23456789'[i]}", "perspective": "self",
                                    "ratings": {"fear": 9, "hope": 2}})
             for i in range(MIN_GROUP)]
    view.upload.value = (*files, _upload("photo.png", b"\x89PNG\x00\xff"))
    shown = visible_text(view.page.value)
    assert f"{MIN_GROUP} people shared" in shown and "Fear of change" in shown
    assert "photo.png" in shown
    view.upload.value = tuple(files[:2])
    assert "2 people shared so far" in visible_text(view.page.value)
