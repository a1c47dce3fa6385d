"""Every transition of the lifecycle, by every role: allowed moves work, others are refused server-side."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from grensloos.core.errors import DomainError
from grensloos.obstacles import services, workflow
from grensloos.obstacles.models import Obstacle, ReporterContact, Status, TimelineEntry

pytestmark = pytest.mark.django_db

ROLES = ["advisor", "analyst", "admin", "delegate_be", "registered"]


def _allowed(role: str, move: workflow.Transition) -> bool:
    if role in ("analyst", "admin"):
        return True
    return role == "advisor" and move.who == workflow.INTAKE


@pytest.mark.parametrize("move", workflow.TRANSITIONS, ids=lambda m: f"{m.source}->{m.target}")
@pytest.mark.parametrize("role", ROLES)
def test_each_transition_for_each_role(move, role, staff, make_obstacle, django_capture_on_commit_callbacks):  # noqa: ANN001
    obstacle = make_obstacle(status=move.source, escalated_to="NL" if move.source == Status.ESCALATED else "")
    main = make_obstacle(status=Status.ACCEPTED)
    user = staff[role]
    kwargs = {"reason": "Because the facts are clear." if move.needs_reason else ""}
    if move.target == Status.MERGED:
        kwargs["merge_into"] = main
    if move.target == Status.ESCALATED:
        kwargs["escalated_to"] = "LU"
    if _allowed(role, move):
        services.change_status(user, obstacle, move.target, **kwargs)
        obstacle.refresh_from_db()
        assert obstacle.status == move.target
        entry = obstacle.timeline.get(kind=TimelineEntry.Kind.STATUS)
        assert (entry.from_status, entry.to_status, entry.actor_id) == (move.source, move.target, user.pk)
        if move.target == Status.MERGED:
            assert obstacle.parent == main
        if move.target == Status.ESCALATED:
            assert obstacle.escalated_to == "LU"
    else:
        with pytest.raises(PermissionDenied):
            services.change_status(user, obstacle, move.target, **kwargs)
        obstacle.refresh_from_db()
        assert obstacle.status == move.source
        assert not obstacle.timeline.exists()


@pytest.mark.parametrize("move", [m for m in workflow.TRANSITIONS if m.needs_reason], ids=lambda m: m.target)
def test_ending_moves_need_a_reason(move, staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=move.source)
    with pytest.raises(DomainError) as exc:
        services.change_status(staff["analyst"], obstacle, move.target, reason="  ", merge_into=make_obstacle())
    assert exc.value.field == "reason"
    obstacle.refresh_from_db()
    assert obstacle.status == move.source


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Status.RECEIVED, Status.ACCEPTED),
        (Status.RECEIVED, Status.SOLVED),
        (Status.ARCHIVED, Status.TRIAGE),
        (Status.REJECTED, Status.ACCEPTED),
        (Status.ACCEPTED, Status.ESCALATED),
        (Status.TRIAGE, "nonsense"),
    ],
)
def test_moves_outside_the_lifecycle_are_refused(source, target, staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=source)
    with pytest.raises(DomainError) as exc:
        services.change_status(staff["admin"], obstacle, target, reason="x")
    assert exc.value.field == "status"


def test_escalation_needs_a_known_target(staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=Status.ANALYSIS)
    with pytest.raises(DomainError) as exc:
        services.change_status(staff["analyst"], obstacle, Status.ESCALATED, escalated_to="FR")
    assert exc.value.field == "escalated_to"


def test_merge_into_itself_or_a_merged_report_is_refused(staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=Status.TRIAGE)
    merged = make_obstacle(status=Status.MERGED)
    for target in (obstacle, merged, None):
        with pytest.raises(DomainError):
            services.change_status(staff["analyst"], obstacle, Status.MERGED, reason="dup", merge_into=target)


def test_merge_counts_the_report_on_the_main_obstacle(staff, make_obstacle, django_capture_on_commit_callbacks):  # noqa: ANN001
    main = make_obstacle(status=Status.ANALYSIS)
    dup = make_obstacle(status=Status.TRIAGE)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(staff["analyst"], dup, Status.MERGED, reason="Same problem", merge_into=main)
    main.refresh_from_db()
    assert main.support_count == 1
    assert list(main.children.all()) == [dup]


def test_full_path_dates_and_deadlines(staff, make_obstacle, django_capture_on_commit_callbacks):  # noqa: ANN001
    obstacle = make_obstacle()
    analyst = staff["analyst"]
    ReporterContact.objects.create(obstacle=obstacle, email="r@example.org", language="fr", consent_text="ok")
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(staff["advisor"], obstacle, Status.TRIAGE)
        services.change_status(analyst, obstacle, Status.ACCEPTED)
        services.change_status(analyst, obstacle, Status.ANALYSIS)
        services.change_status(analyst, obstacle, Status.ESCALATED, escalated_to="NL")
        services.change_status(analyst, obstacle, Status.SOLVED, reason="The law was changed.")
        services.change_status(analyst, obstacle, Status.ARCHIVED, reason="Done.")
    obstacle.refresh_from_db()
    assert obstacle.accepted_on and obstacle.closed_on and obstacle.archived_on
    assert obstacle.is_public  # archived after acceptance stays in the register
    assert obstacle.due_on is None  # no deadline once archived
    statuses = list(obstacle.timeline.filter(kind="status").values_list("to_status", flat=True))
    assert statuses == ["triage", "accepted", "analysis", "escalated", "solved", "archived"]
    # one e-mail per status change, in the reporter's language (French here)
    assert len(mail.outbox) == 6
    assert all(m.to == ["r@example.org"] for m in mail.outbox)
    assert "Résolu" in mail.outbox[4].subject or "résolu" in mail.outbox[4].body.lower()
    assert "/fr/obstacles/track/" in mail.outbox[0].body


def test_deadline_counts_working_days_without_holidays():
    import datetime

    # Friday 23 December 2022 + 5 working days: 26 Dec is a working day in Belgium? No: 25 and 26 Dec
    # are not both holidays in BE (only the 25th, a Sunday), so the days are 26, 27, 28, 29, 30.
    assert services.add_working_days(datetime.date(2022, 12, 23), 5) == datetime.date(2022, 12, 30)
    # Friday 28 March 2024 + 2: Easter Monday (1 April) is a Belgian holiday.
    assert services.add_working_days(datetime.date(2024, 3, 28), 2) == datetime.date(2024, 4, 2)
    assert services.working_days_between(datetime.date(2024, 3, 28), datetime.date(2024, 4, 2)) == 2


def test_assignment_only_to_handling_roles_and_by_the_secretariat(staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle()
    with pytest.raises(PermissionDenied):
        services.assign(staff["advisor"], obstacle, staff["advisor"])
    with pytest.raises(DomainError):
        services.assign(staff["analyst"], obstacle, staff["delegate_be"])
    services.assign(staff["analyst"], obstacle, staff["advisor"])
    obstacle.refresh_from_db()
    assert obstacle.assigned_to == staff["advisor"]
    assert obstacle.timeline.filter(kind="assigned").exists()


def test_classification_by_role(staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=Status.TRIAGE)
    with pytest.raises(PermissionDenied):
        services.classify(staff["advisor"], obstacle, domain="health_care")  # not assigned
    with pytest.raises(PermissionDenied):
        services.classify(staff["delegate_be"], obstacle, domain="health_care")
    services.assign(staff["analyst"], obstacle, staff["advisor"])
    services.classify(staff["advisor"], obstacle, domain="health_care", obstacle_type="administrative")
    obstacle.refresh_from_db()
    assert (obstacle.domain, obstacle.obstacle_type, obstacle.classified) == ("health_care", "administrative", True)
    with pytest.raises(DomainError):
        services.classify(staff["analyst"], obstacle, domain="astrology")


def test_delegates_answer_only_for_their_country(staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=Status.ESCALATED, escalated_to="NL")
    with pytest.raises(PermissionDenied):
        services.answer_as_government(staff["delegate_be"], obstacle, text="Nous examinons.", language="fr", year=2026)
    answer = services.answer_as_government(
        staff["delegate_nl"], obstacle, text="Wij passen de regeling aan.", language="nl", year=2026
    )
    assert answer.country == "NL"
    assert staff["delegate_nl"].has_perm("obstacles.view_case", obstacle)
    assert not staff["delegate_be"].has_perm("obstacles.view_case", obstacle)
    # a second answer the same year replaces the first
    services.answer_as_government(staff["delegate_nl"], obstacle, text="Aangepast.", language="nl", year=2026)
    assert obstacle.answers.get().text == "Aangepast."


def test_priority_list_lets_every_government_answer(staff, make_obstacle):  # noqa: ANN001
    accepted = make_obstacle(status=Status.ANALYSIS)
    received = make_obstacle(status=Status.RECEIVED)
    with pytest.raises(PermissionDenied):
        services.set_priorities(staff["advisor"], 2026, [accepted])
    with pytest.raises(DomainError):
        services.set_priorities(staff["analyst"], 2026, [accepted, received])
    services.set_priorities(staff["analyst"], 2026, [accepted])
    for country in ("be", "nl", "lu"):
        assert staff[f"delegate_{country}"].has_perm("obstacles.answer_as_government", accepted)
    assert not staff["delegate_be"].has_perm("obstacles.answer_as_government", received)


def test_contact_details_visible_to_secretariat_and_assignee_only(staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=Status.ESCALATED, escalated_to="BE")
    assert staff["analyst"].has_perm("obstacles.view_contact", obstacle)
    assert not staff["advisor"].has_perm("obstacles.view_contact", obstacle)
    assert not staff["delegate_be"].has_perm("obstacles.view_contact", obstacle)
    obstacle.assigned_to = staff["advisor"]
    obstacle.save()
    assert staff["advisor"].has_perm("obstacles.view_contact", obstacle)
    assert not staff["advisor2"].has_perm("obstacles.view_contact", obstacle)


def test_every_change_is_audited(staff, make_obstacle):  # noqa: ANN001
    from auditlog.models import LogEntry

    obstacle = make_obstacle()
    services.change_status(staff["advisor"], obstacle, Status.TRIAGE)
    entry = LogEntry.objects.get_for_object(obstacle).filter(actor=staff["advisor"]).first()
    assert entry is not None
    assert "status" in entry.changes_dict
    assert Obstacle.objects.get(pk=obstacle.pk).status == Status.TRIAGE
