"""Simulated system controllers (ILOM, XSCF) and terminal servers of the lab."""
