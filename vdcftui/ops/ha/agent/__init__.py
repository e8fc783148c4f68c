"""The keep-alive agent of real nodes: a Perl script and its SMF manifest, and the
configuration `vdcftui node agent install` writes beside them."""

from __future__ import annotations

from importlib.resources import files

SCRIPT_PATH = "/opt/vdcftui/bin/vdcf-keepalive"
CONF_PATH = "/etc/vdcftui/keepalive.conf"
SECRET_PATH = "/etc/vdcftui/keepalive.secret"
MANIFEST_PATH = "/var/svc/manifest/site/vdcf-keepalive.xml"
SERVICE = "svc:/site/vdcf-keepalive"
INSTANCE = f"{SERVICE}:default"


def script() -> str:
    """The agent script (``vdcf-keepalive.pl``)."""
    return files(__name__).joinpath("vdcf-keepalive.pl").read_text()


def manifest() -> str:
    """The agent's SMF manifest (``vdcf-keepalive.xml``)."""
    return files(__name__).joinpath("vdcf-keepalive.xml").read_text()


def configuration(engine: str, interval: float, node: str) -> str:
    """The agent's ``keepalive.conf``: where the engine listens, how often to send, the
    secret's file, the node's name in the repository."""
    return (
        "# written by `vdcftui node agent install`; installing again rewrites it\n"
        f"engine = {engine}\n"
        f"interval = {interval:g}\n"
        f"secret_file = {SECRET_PATH}\n"
        f"node = {node}\n"
    )
