from . import roles as role_rules


def roles(request):
    """Expose the user's roles to every template, for the navigation."""
    user = request.user
    return {
        "is_isu_staff": role_rules.is_isu_staff(user),
        "is_committee_member": role_rules.is_committee_member(user),
        "is_focal_point": role_rules.is_focal_point(user),
    }
