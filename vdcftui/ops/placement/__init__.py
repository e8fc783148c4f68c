"""Placement of a node's workload on the rest of its compute pool (F-EVA, pool N+1).

``load`` reads a pool from the repository in a few bulk queries into plain objects,
``rules`` holds the checks a target must pass (shared with vServer migration),
``capacity`` what a node has and would have after, ``place`` the algorithm, and
``explain`` the decision table and the pool's survival rows.
"""
