"""The finance pages, one module per family (finance/urls.py names them). Everything is the
ISU's, except the State portal (/finance/my/, views/portal.py) where a focal point reads its own
State's invoices, letters and payments. Anybody else gets 404."""
