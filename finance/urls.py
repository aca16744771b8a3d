from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.<str:fmt>", views.export, name="export"),
    path("scales/", views.scale_list, name="scale-list"),
    path("years/new/", views.year_create, name="year-create"),
    path("years/<int:year>/", views.year_detail, name="year-detail"),
    path("years/<int:year>/edit/", views.year_edit, name="year-edit"),
    path("years/<int:year>/assess/", views.year_assess, name="year-assess"),
    path("years/<int:year>/issue/", views.year_issue, name="year-issue"),
    path("years/<int:year>/letters/", views.year_letters, name="year-letters"),
    path("invoices/", views.invoice_list, name="invoice-list"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice-detail"),
    path("invoices/<int:pk>/credit-note/", views.invoice_credit, name="invoice-credit"),
    path("invoices/<int:pk>/credit-note.pdf", views.credit_note_pdf, name="credit-note-pdf"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="letter-pdf"),
    path("reminder-letters/<int:pk>/pdf/", views.reminder_pdf, name="reminder-pdf"),
    path("payments/", views.payment_list, name="payment-list"),
    path("payments/new/", views.payment_create, name="payment-create"),
    path("bank/", views.bank_import, name="bank-import"),
    path("bank/<int:pk>/", views.bank_import_detail, name="bank-import-detail"),
    path("reminders/", views.reminder_list, name="reminder-list"),
    path("reminders/<int:pk>/", views.reminder_round_detail, name="reminder-round-detail"),
    path("reminders/<int:pk>/progress/", views.reminder_round_progress, name="reminder-round-progress"),
    path("states/<str:iso3>/", views.state_account, name="state-account"),
    path("my/", views.my_account, name="my-account"),
]
