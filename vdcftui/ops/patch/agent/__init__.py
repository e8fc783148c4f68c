"""The one-shot script that adds staged patches at run level S (shipped, not imported)."""
