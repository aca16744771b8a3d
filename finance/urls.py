from django.urls import path

from .views import dashboard, invoices, letters, payments, portal, reminders, years

app_name = "finance"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("export.<str:fmt>", dashboard.export, name="export"),
    path("scales/", years.scale_list, name="scale-list"),
    path("years/new/", years.year_create, name="year-create"),
    path("years/<int:year>/", years.year_detail, name="year-detail"),
    path("years/<int:year>/edit/", years.year_edit, name="year-edit"),
    path("years/<int:year>/assess/", years.year_assess, name="year-assess"),
    path("years/<int:year>/issue/", years.year_issue, name="year-issue"),
    path("years/<int:year>/letters/", letters.year_letters, name="year-letters"),
    path("invoices/", invoices.invoice_list, name="invoice-list"),
    path("invoices/<int:pk>/", invoices.invoice_detail, name="invoice-detail"),
    path("invoices/<int:pk>/credit-note/", invoices.invoice_credit, name="invoice-credit"),
    path("invoices/<int:pk>/credit-note.pdf", invoices.credit_note_pdf, name="credit-note-pdf"),
    path("letters/<int:pk>/pdf/", letters.letter_pdf, name="letter-pdf"),
    path("reminder-letters/<int:pk>/pdf/", reminders.reminder_pdf, name="reminder-pdf"),
    path("payments/", payments.payment_list, name="payment-list"),
    path("payments/new/", payments.payment_create, name="payment-create"),
    path("bank/", payments.bank_import, name="bank-import"),
    path("bank/<int:pk>/", payments.bank_import_detail, name="bank-import-detail"),
    path("reminders/", reminders.reminder_list, name="reminder-list"),
    path("reminders/start/", reminders.reminder_round_start, name="reminder-round-start"),
    path("reminders/<int:pk>/", reminders.reminder_round_detail, name="reminder-round-detail"),
    path("reminders/<int:pk>/progress/", reminders.reminder_round_progress, name="reminder-round-progress"),
    path("states/<str:iso3>/", portal.state_account, name="state-account"),
    path("my/", portal.my_account, name="my-account"),
]
