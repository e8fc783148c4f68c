"""Screens of the vdcftui console (installed as screens)."""
