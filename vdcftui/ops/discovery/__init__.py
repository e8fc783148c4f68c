"""Node discovery and registration: read nodes over SSH into the repository."""
