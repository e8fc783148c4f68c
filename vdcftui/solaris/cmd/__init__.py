"""Builders of every command vdcftui sends to a host, as argv (no I/O here).

Each builder takes typed, validated values and returns a :class:`~.command.Command`;
:func:`~.command.shell_text` is the one place a command becomes shell text.
"""
