"""The portal's roles. A role is a Django group; a State role comes through the user's person.

- ISU staff: everything (group "ISU staff"; superusers count as ISU staff).
- Coordinator: a delegate of a coordinating State; a Committee member (group "Coordinators").
- State focal point: sees its own State's things (group "Focal points").
- The public: no login.
"""

import functools

import rules

from . import sql

ISU_STAFF = "ISU staff"
COORDINATORS = "Coordinators"
FOCAL_POINTS = "Focal points"
ROLE_GROUPS = (ISU_STAFF, COORDINATORS, FOCAL_POINTS)


def _groups(user) -> set[str]:
    """The names of the user's groups, read once per user object (once per request). In SQL: every
    staff page asks, and building the ORM's query cost several times running it."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_groups", None)
    if cached is None:
        cached = {name for (name,) in sql.rows(_groups_query(user._meta.model), user.pk)}
        user._role_groups = cached
    return cached


@functools.cache
def _groups_query(user_model) -> str:
    """SELECT the names of a user's groups (user.groups.values_list("name")), from the models' tables."""
    through = user_model.groups.through._meta
    group = user_model.groups.field.related_model._meta
    return (
        f"SELECT g.{group.get_field('name').column} FROM {group.db_table} g"
        f" JOIN {through.db_table} m ON m.{through.get_field('group').column} = g.{group.pk.column}"
        f" WHERE m.{through.get_field(user_model._meta.model_name).column} = %s"
    )


@rules.predicate
def is_isu_staff(user) -> bool:
    return user.is_authenticated and (user.is_superuser or ISU_STAFF in _groups(user))


@rules.predicate
def is_coordinator(user) -> bool:
    return COORDINATORS in _groups(user)


@rules.predicate
def is_focal_point(user) -> bool:
    return FOCAL_POINTS in _groups(user)


# Members of the Coordination Committee read its meetings and comment on circulated minutes.
is_committee_member = is_isu_staff | is_coordinator


def state_of(user):
    """The State a user acts for, through the person tied to the login, or None."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.state if person else None
