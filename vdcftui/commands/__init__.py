"""Sub-commands of the vdcftui CLI, one module per noun; each exposes register(subparsers)."""
