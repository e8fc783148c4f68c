"""Screens of the vdcftui console (installed as vdcftui.screens)."""
