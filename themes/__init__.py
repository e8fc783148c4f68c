"""Themes of the vdcftui console (installed as vdcftui.themes)."""
