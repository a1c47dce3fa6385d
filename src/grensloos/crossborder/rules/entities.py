"""The one entity of the model: a worker-year.

Every rule of the check is about a single person in a single year (where the person lives, where the
employer is, where the working days were spent), so the model has a person entity and no group entity.
"""

from openfisca_core.entities import build_entity

Worker = build_entity(
    key="worker",
    plural="workers",
    label="A cross-border worker in one year",
    doc="A person who lives in one state and works for an employer in another, assessed for one calendar year.",
    is_person=True,
)

entities = [Worker]
