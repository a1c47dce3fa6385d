"""Who may do what in the work programme module."""

from __future__ import annotations

import rules

from grensloos.accounts.rules import is_delegate, is_secretariat


@rules.predicate
def is_delegate_of_project(user, obj) -> bool:  # noqa: ANN001
    """A delegate whose country leads or joins the project (``obj``: a project or a comment on one).

    Without an object (a list, or a create whose project is not known yet) any delegate passes; the
    service checks the country once the project is known.
    """
    if not is_delegate(user):
        return False
    if obj is None:
        return True
    project = getattr(obj, "project", obj)
    return user.country in project.country_codes()


# Content of the programme: public to read, the Secretariat edits.
for model in (
    "workprogramme",
    "strategicline",
    "theme",
    "territory",
    "project",
    "annualplan",
    "priority",
    "milestone",
    "indicator",
    "measurement",
    "progressupdate",
    "midtermevaluation",
):
    rules.add_perm(f"programme.view_{model}", rules.always_allow)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"programme.{action}_{model}", is_secretariat)

# Comments on projects: internal between the Secretariat and the delegates of the states involved.
rules.add_perm("programme.view_projectcomment", is_secretariat | is_delegate_of_project)
rules.add_perm("programme.add_projectcomment", is_secretariat | is_delegate_of_project)
rules.add_perm("programme.change_projectcomment", is_secretariat)
rules.add_perm("programme.delete_projectcomment", is_secretariat)

# The mid-term evaluation report and its conclusions.
rules.add_perm("programme.view_midterm_report", is_secretariat | is_delegate)
rules.add_perm("programme.edit_conclusions", is_secretariat)
