"""Letter template pages: the list, creating and editing one (the merge fields listed beside the
editor, its history), and the live preview for a chosen State (htmx)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordinators.rules import coordinated_area_ids
from directory.models import State, Term
from directory.roles import is_isu_staff

from .. import merge, services
from ..forms import PreviewForm, TemplateForm
from ..models import LetterTemplate
from ..selectors import coordinated_areas, outreach_section_for, template_for


@login_required
def template_list(request):
    outreach_section_for(request.user)
    templates = LetterTemplate.objects.select_related("area", "updated_by")
    mine = coordinated_area_ids(request.user)
    return render(
        request,
        "outreach/template_list.html",
        {
            "templates": templates,
            "editable": {t.pk for t in templates if is_isu_staff(request.user) or t.area_id in mine},
            "can_create": request.user.has_perm("outreach.create_template"),
        },
    )


def _template_form_page(request, template: LetterTemplate | None):
    isu = is_isu_staff(request.user)
    areas = None if isu else coordinated_areas(request.user)
    instance = template or LetterTemplate(kind=LetterTemplate.Kind.PARAGRAPH if not isu else LetterTemplate.Kind.LETTER)
    form = TemplateForm(request.POST or None, instance=instance, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:  # the valid form has set its fields on form.instance: the service checks and saves it
            saved = services.template_save(
                template=form.instance, by=request.user, lock_version=form.cleaned_data.get("lock_version")
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Template saved."))
            return redirect("outreach:template-edit", pk=saved.pk)
    return render(
        request,
        "outreach/template_form.html",
        {
            "form": form,
            "template": template,
            "fields": merge.FIELDS,
            "preview_form": PreviewForm(initial={"state": State.objects.filter(iso3="LBN").first()}),
            "history": template.history.select_related("history_user")[:10] if template else [],
        },
    )


@login_required
def template_create(request):
    outreach_section_for(request.user, perm="outreach.create_template")
    return _template_form_page(request, None)


@login_required
def template_edit(request, pk):
    template = template_for(request.user, pk, write=True)
    return _template_form_page(request, template)


@login_required
@require_POST
def template_preview(request):
    """The template being edited, rendered for a chosen State (htmx posts the whole form here)."""
    outreach_section_for(request.user)
    form = PreviewForm(request.POST)
    form.is_valid()  # a bad choice is left out of the preview
    chosen = form.cleaned_data
    state = chosen.get("state") or State.objects.order_by("name").first()
    subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
    area = chosen.get("area")
    language = chosen.get("language") or "en"
    error, text = "", ""
    if state is None:
        error = _("There is no State in the register to preview with.")
    else:
        term = Term.objects.current()
        context = merge.state_context(state, language=language, term=term, area=area)
        signatory = {"name": _("[Signatory]"), "title": _("[Title]")}
        context.update(
            signatory=signatory,
            reply_by=merge.format_date(timezone.localdate() + datetime.timedelta(weeks=6), language),
            reference="CCM/ISU/0000/0000",
        )
        try:
            if "area_paragraphs" in merge.check_template(body).used:
                paragraphs = services.area_paragraphs(state, term=term, language=language, signatory=signatory)
                context["area_paragraphs"] = "\n\n".join(text for _area, text in paragraphs) or _(
                    "[No area targets %(state)s: no paragraph]"
                ) % {"state": state.name}
            text = merge.render(subject + "\n\n" + body if subject else body, context, label=state.name)
        except merge.MergeError as exc:
            error = str(exc)
    return render(request, "outreach/_preview.html", {"state": state, "text": text, "error": error})
