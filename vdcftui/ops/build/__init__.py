"""Builds (F-BLD): versioned software sets, and which nodes and vServers run each."""
