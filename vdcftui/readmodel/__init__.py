"""Everything read from the repository for display, one module per question: the rows
of each console view and the details of one object (nodes, vservers, gdoms, jobs,
audit, patches, metrics), the NOC's summaries (noc, alerts, activity) and the CLI's
list and show records (catalog). Lookups by name go through :mod:`vdcftui.repo.lookup`.
No Textual here, so the console, the NOC display, the CLI and tests share it."""
