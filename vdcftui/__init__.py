"""vdcftui: an operations console for Solaris virtual datacenters."""

__version__ = "0.1.0"
