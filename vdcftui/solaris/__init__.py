"""Solaris drivers: build command lines and parse their output. No I/O."""
