"""What the console shows, read from the repository: rows of each view and the details
of one object. No Textual here, so the NOC display, the console and tests share it."""
