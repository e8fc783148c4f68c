"""System configurations (F-CFG): values attached to every node, a pool or a node
(``items``), applied to a node as a job (``apply``), compared with what the node
shows (``drift``). Each kind of value is a module of its own (``dns``, ``ntp``,
``users``, ``smf``, ``kernel``) registered in ``kinds``."""
