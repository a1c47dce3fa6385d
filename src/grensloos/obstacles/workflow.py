"""The lifecycle of an obstacle: which status may follow which, who may make the move, what it needs.

    received → in triage → accepted | rejected | merged
    accepted → under analysis → solution proposed → escalated → solved | partly solved | not solvable
    (analysis and a proposed solution may also end directly) ... → archived

Advisors of the border information points take reports into triage; the Secretariat (analysts and
administrators) decides everything else. Delegates do not move cases: they answer what is escalated to their
country (see ``services.answer_as_government``). Moves that end something need a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import CLOSED_STATES, Status

SECRETARIAT = "secretariat"
INTAKE = "intake"  # advisors and the Secretariat


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    who: str
    needs_reason: bool = False
    label: str = ""


_ENDING = CLOSED_STATES | {Status.ARCHIVED}


def _t(source: Status, target: Status, who: str = SECRETARIAT, label: str = "") -> Transition:
    return Transition(source, target, who, needs_reason=target in _ENDING, label=label)


TRANSITIONS: tuple[Transition, ...] = (
    _t(Status.RECEIVED, Status.TRIAGE, INTAKE, _("Start triage")),
    _t(Status.RECEIVED, Status.REJECTED, label=_("Reject")),
    _t(Status.RECEIVED, Status.MERGED, label=_("Merge with another obstacle")),
    _t(Status.TRIAGE, Status.ACCEPTED, label=_("Accept")),
    _t(Status.TRIAGE, Status.REJECTED, label=_("Reject")),
    _t(Status.TRIAGE, Status.MERGED, label=_("Merge with another obstacle")),
    _t(Status.ACCEPTED, Status.ANALYSIS, label=_("Start analysis")),
    _t(Status.ANALYSIS, Status.SOLUTION_PROPOSED, label=_("Propose a solution")),
    _t(Status.ANALYSIS, Status.ESCALATED, label=_("Escalate")),
    _t(Status.ANALYSIS, Status.SOLVED, label=_("Mark solved")),
    _t(Status.ANALYSIS, Status.PARTLY_SOLVED, label=_("Mark partly solved")),
    _t(Status.ANALYSIS, Status.NOT_SOLVABLE, label=_("Mark not solvable")),
    _t(Status.SOLUTION_PROPOSED, Status.ESCALATED, label=_("Escalate")),
    _t(Status.SOLUTION_PROPOSED, Status.SOLVED, label=_("Mark solved")),
    _t(Status.SOLUTION_PROPOSED, Status.PARTLY_SOLVED, label=_("Mark partly solved")),
    _t(Status.SOLUTION_PROPOSED, Status.NOT_SOLVABLE, label=_("Mark not solvable")),
    _t(Status.SOLUTION_PROPOSED, Status.ANALYSIS, label=_("Back to analysis")),
    _t(Status.ESCALATED, Status.SOLVED, label=_("Mark solved")),
    _t(Status.ESCALATED, Status.PARTLY_SOLVED, label=_("Mark partly solved")),
    _t(Status.ESCALATED, Status.NOT_SOLVABLE, label=_("Mark not solvable")),
    _t(Status.ESCALATED, Status.ANALYSIS, label=_("Back to analysis")),
    _t(Status.REJECTED, Status.ARCHIVED, label=_("Archive")),
    _t(Status.MERGED, Status.ARCHIVED, label=_("Archive")),
    _t(Status.SOLVED, Status.ARCHIVED, label=_("Archive")),
    _t(Status.PARTLY_SOLVED, Status.ARCHIVED, label=_("Archive")),
    _t(Status.NOT_SOLVABLE, Status.ARCHIVED, label=_("Archive")),
)

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


def find(source: str, target: str) -> Transition | None:
    return _BY_PAIR.get((source, target))


def targets(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]
