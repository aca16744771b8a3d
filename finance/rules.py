"""Who may do what in finance: the ISU everything; a focal point sees its own State's invoices,
letters and payments (the querysets' visible_to, used by finance.selectors); nobody else
anything (their pages answer 404)."""

import rules

from directory import roles

rules.add_perm("finance.manage", roles.is_isu_staff)
