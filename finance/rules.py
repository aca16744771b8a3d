"""Who may see what in finance: the ISU everything; a focal point its own State's invoices,
letters and payments; nobody else anything (their pages answer 404)."""

import rules

from directory import roles


def can_view_state_finance(user, state) -> bool:
    if roles.is_isu_staff(user):
        return True
    return bool(state is not None and roles.is_focal_point(user) and roles.state_of(user) == state)


rules.add_perm("finance.manage", roles.is_isu_staff)
