"""Nodes: how to reach them over SSH, and where the lab's nodes listen."""
