"""Solaris 10 patching (F-PAT): patch sets, patch targets and their installation."""
