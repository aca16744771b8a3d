"""The attendance page: one formset for the whole meeting, and the buttons that fill it without
saving it (a delegation's people, the Committee's members, a person new to the register).

Every button posts the whole page, so what was entered and not yet saved comes back as it was;
only "Save attendance" records the attendance, and only the new person goes to the register at
once (it is a record of its own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import services
from ..forms import AddDelegationForm, AttendanceChoices, AttendanceFormSet, NewPersonForm
from ..models import Attendance, Meeting
from ..selectors import attendance_roster, meeting_for, with_committee_members, with_people_of


def _row_initial(form) -> dict:
    data = dict(form.cleaned_data)
    for name in ("delegation", "person", "on_behalf_of_delegation"):
        data[name] = data[name].pk if data.get(name) else None
    return data


def _rows(formset) -> list[dict]:
    """The lines of a valid formset as initial data, the empty extra lines left out."""
    return [_row_initial(f) for f in formset.forms if f.cleaned_data]


def _formset(rows: list[dict]):
    return AttendanceFormSet(initial=rows, form_kwargs={"choices": AttendanceChoices()})


def _page(request, meeting: Meeting, formset, helper, new_person: NewPersonForm | None = None):
    """The page; each line carries its own new-person fields (prefix new-<line>), the ones just
    refused filled in and open with their errors."""
    for n, form in enumerate(formset.forms):
        prefix = f"new-{n}"
        form.new_person = new_person if new_person and new_person.prefix == prefix else NewPersonForm(prefix=prefix)
    return render(
        request, "meetings/attendance_edit.html", {"meeting": meeting, "formset": formset, "helper_form": helper}
    )


@login_required
def attendance_edit(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    helper = AddDelegationForm(request.POST or None)
    if request.method != "POST":
        return _page(request, meeting, _formset(attendance_roster(meeting)), helper)
    formset = AttendanceFormSet(request.POST, form_kwargs={"choices": AttendanceChoices()})
    if not formset.is_valid():
        return _page(request, meeting, formset, helper)
    if "add_people" in request.POST:
        rows = _rows(formset)
        if helper.is_valid() and helper.cleaned_data["add_delegation"]:
            rows = with_people_of(helper.cleaned_data["add_delegation"], rows)
        # Not saved yet: the page comes back with the extra lines to tick.
        return _page(request, meeting, _formset(rows), AddDelegationForm())
    if "prefill" in request.POST:
        return _prefill(request, meeting, formset, helper)
    if "add_person" in request.POST:
        return _add_person(request, meeting, formset, helper)
    rows = [
        services.AttendanceRow(
            delegation=f.cleaned_data["delegation"],
            person=f.cleaned_data["person"],
            status=f.cleaned_data["status"],
            capacity=f.cleaned_data["capacity"],
            on_behalf_of=f.cleaned_data["on_behalf_of"],
            on_behalf_of_delegation=f.cleaned_data["on_behalf_of_delegation"],
            is_guest=f.cleaned_data["is_guest"],
        )
        for f in formset.forms
        if f.is_listed
    ]
    try:
        services.attendance_record(meeting=meeting, rows=rows)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _page(request, meeting, formset, helper)
    messages.success(
        request,
        ngettext("Attendance saved: %(count)d line.", "Attendance saved: %(count)d lines.", len(rows))
        % {"count": len(rows)},
    )
    return redirect("meetings:meeting-detail", pk=meeting.pk)


def _prefill(request, meeting: Meeting, formset, helper):
    """A line for each member of the Committee of the meeting's term not listed yet."""
    if meeting.term_id is None:
        messages.error(
            request,
            _(
                "This meeting has no term, so its Committee is not known: choose the term on the "
                "meeting's edit page, then pre-fill again. Nothing was changed."
            ),
        )
        return _page(request, meeting, formset, helper)
    rows = _rows(formset)
    filled = with_committee_members(meeting.term, rows)
    added = len(filled) - len(rows)
    if added:
        messages.info(
            request,
            ngettext(
                "%(count)d line added for the Committee of %(term)s: choose its status, then save.",
                "%(count)d lines added for the Committee of %(term)s: choose each one's status, then save.",
                added,
            )
            % {"count": added, "term": meeting.term},
        )
    else:
        messages.info(
            request, _("Every member of the Committee of %(term)s is already listed.") % {"term": meeting.term}
        )
    return _page(request, meeting, _formset(filled), helper)


def _add_person(request, meeting: Meeting, formset, helper):
    """The person entered on a line goes to the register, in the line's delegation, and onto the
    line (a new line after it when it already names somebody). The attendance is not saved."""
    try:
        line = int(request.POST["add_person"])
        form = formset.forms[line] if line >= 0 else None
    except (ValueError, IndexError):
        form = None
    if form is None:
        messages.error(request, _("That line does not exist; nothing was added."))
        return _page(request, meeting, formset, helper)
    new_person = NewPersonForm(request.POST, prefix=f"new-{line}")
    data = form.cleaned_data or {}  # an empty extra line has none
    delegation = data.get("delegation") or getattr(data.get("person"), "delegation", None)
    if new_person.is_valid():
        if delegation is None:
            new_person.add_error(None, _("Choose the line's delegation first, then add the person."))
        else:
            try:
                person = services.person_add(delegation=delegation, **new_person.cleaned_data)
            except ValidationError as error:
                new_person.add_error(None, error.messages)
    if new_person.errors:
        messages.error(request, _("The new person was not added to the register: see line %(n)d.") % {"n": line + 1})
        return _page(request, meeting, formset, helper, new_person=new_person)
    rows = _rows(formset)
    at = sum(1 for f in formset.forms[:line] if f.cleaned_data)  # this line's place among the rows
    entry = {"delegation": delegation.pk, "person": person.pk, "status": data["status"] or Attendance.Status.PRESENT}
    if data["person"]:
        rows.insert(at + 1, entry)
    else:
        rows[at].update(entry)  # the delegation's line (or an empty one) now names the person
    messages.success(
        request,
        _(
            "%(person)s was added to the register for %(delegation)s and to the list; "
            "press Save to record the attendance."
        )
        % {"person": person.full_name, "delegation": delegation},
    )
    return _page(request, meeting, _formset(rows), helper)
