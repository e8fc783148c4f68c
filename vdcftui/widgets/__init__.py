"""Reusable Textual widgets of the console."""
