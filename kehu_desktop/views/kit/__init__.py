"""What every screen uses: the app context, the DB worker, the paged table model, formatting of
money and statuses, the service-dialog base, error text, field widgets and column widths."""
