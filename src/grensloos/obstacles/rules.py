"""Who may do what in the obstacle register (django-rules; asked by views, services, the API and the admin).

* The public reads accepted obstacles (``Obstacle.objects.public()``) and reports new ones; no permission
  object is needed for that.
* Advisors of the border information points take reports into triage and follow the cases assigned to them.
* The Secretariat (analysts, administrators) classifies, decides, escalates, answers for the register and
  sees reporters' contact details.
* Delegates see the cases escalated to their country or on the priority list, and write their government's
  answer. They never see reporters' contact details.
"""

from __future__ import annotations

import rules

from grensloos.accounts.rules import is_advisor, is_delegate, is_secretariat, is_staff_member

from .models import Status

INTAKE_STATES = {Status.RECEIVED, Status.TRIAGE}


@rules.predicate
def is_assignee(user, obstacle) -> bool:  # noqa: ANN001
    return obstacle is not None and user.is_authenticated and obstacle.assigned_to_id == user.pk


@rules.predicate
def is_in_intake(user, obstacle) -> bool:  # noqa: ANN001
    return obstacle is None or obstacle.status in INTAKE_STATES


@rules.predicate
def concerns_delegate_country(user, obstacle) -> bool:  # noqa: ANN001
    """Escalated to the delegate's country, answered by it, or on a priority list (all three capitals answer)."""
    if obstacle is None:
        return True
    if not is_delegate(user):
        return False
    return (
        obstacle.escalated_to == user.country
        or obstacle.priority_items.exists()
        or obstacle.answers.filter(country=user.country).exists()
    )


can_see_case = is_secretariat | (is_advisor & (is_in_intake | is_assignee)) | (is_delegate & concerns_delegate_country)

rules.add_perm("obstacles.view_queue", is_staff_member)
rules.add_perm("obstacles.view_case", can_see_case)
rules.add_perm("obstacles.view_contact", is_secretariat | (is_advisor & is_assignee))
rules.add_perm("obstacles.start_triage", is_secretariat | is_advisor)
rules.add_perm("obstacles.decide", is_secretariat)
rules.add_perm("obstacles.assign", is_secretariat)
rules.add_perm("obstacles.classify", is_secretariat | (is_advisor & is_assignee & is_in_intake))
rules.add_perm("obstacles.request_information", is_secretariat | (is_advisor & is_assignee))
rules.add_perm("obstacles.record_solution", is_secretariat)
rules.add_perm("obstacles.answer_as_government", is_delegate & concerns_delegate_country)
rules.add_perm("obstacles.manage_priorities", is_secretariat)
rules.add_perm("obstacles.edit_templates", is_secretariat)
rules.add_perm("obstacles.view_report", is_staff_member)
rules.add_perm("obstacles.export", is_secretariat)

# The admin site: the Secretariat only; contact details stay out of other staff's reach.
for model in ("obstacle", "solution", "messagetemplate", "priorityitem", "governmentanswer", "timelineentry"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"obstacles.{action}_{model}", is_secretariat)
for model in ("reportercontact", "attachment", "informationrequest"):
    rules.add_perm(f"obstacles.view_{model}", is_secretariat)
    rules.add_perm(f"obstacles.delete_{model}", is_secretariat)
