"""Who may do what with the Coordinators' plans and target lists.

ISU staff edit everything. A Coordinator edits the plans and target lists of the areas their
State coordinates in the current term. Every logged-in user reads; the public sees only what
is marked public.
"""

import rules

from directory.models import Mandate, Term
from directory.roles import is_coordinator, is_isu_staff, state_of


def coordinated_area_ids(user) -> set[int]:
    """The areas the user's State coordinates in the current term (cached on the user)."""
    cached = getattr(user, "_coordinated_area_ids", None)
    if cached is None:
        cached = set()
        # the role first: it costs no query once the user's groups are read
        if is_coordinator(user) and (state := state_of(user)) is not None:
            term = Term.objects.current()
            if term is not None:
                cached = set(Mandate.objects.filter(state=state, term=term).values_list("area_id", flat=True))
        user._coordinated_area_ids = cached
    return cached


@rules.predicate
def coordinates_plan_area(user, plan) -> bool:
    if plan is None or not user.is_authenticated:
        return False
    if plan.area_id not in coordinated_area_ids(user):
        return False
    current = Term.objects.current()
    return current is not None and plan.term_id == current.pk


can_edit_plan = is_isu_staff | coordinates_plan_area
rules.add_perm("coordinators.edit_plan", can_edit_plan)
rules.add_perm("coordinators.view_plan", rules.is_authenticated)
