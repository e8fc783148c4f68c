"""The services a lab node's SMF holds beyond the system's own: those imported from a
manifest (``svccfg import``), started and stopped by ``svcadm``, and the keep-alive
agent among them.

Every lab node comes with the agent installed, as an earlier `vdcftui node agent
install` would leave it: its script and manifest in place, ``site/vdcf-keepalive``
online. Its configuration and secret are written by the lab's provisioning
(:func:`provision`, when the lab is told where the engine listens: ``Lab.send_keepalives``);
until then it has none and sends nothing. An install writes them itself and
(re)starts the service. When the service starts, the agent reads its configuration
and secret, as the real script does; one it cannot read puts the service in
maintenance (the agent exits, SMF gives up restarting it).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

AGENT_SERVICE = "svc:/site/vdcf-keepalive"
AGENT_INSTANCE = f"{AGENT_SERVICE}:default"
AGENT_PROGRAM = "/opt/vdcftui/bin/vdcf-keepalive"
AGENT_CONF = "/etc/vdcftui/keepalive.conf"
AGENT_SECRET = "/etc/vdcftui/keepalive.secret"
AGENT_MANIFEST = "/var/svc/manifest/site/vdcf-keepalive.xml"

# the lab's own stand-ins for the pre-installed script and manifest (an install
# replaces both with the product's)
_PREINSTALLED_SCRIPT = "#!/usr/bin/perl\n# vdcf-keepalive, as the lab's nodes come with it\n"
_PREINSTALLED_MANIFEST = f"""<?xml version="1.0"?>
<!DOCTYPE service_bundle SYSTEM "/usr/share/lib/xml/dtd/service_bundle.dtd.1">
<service_bundle type="manifest" name="site:vdcf-keepalive">
  <service name="site/vdcf-keepalive" type="service" version="1">
    <create_default_instance enabled="true"/>
    <single_instance/>
    <exec_method type="method" name="start" exec="{AGENT_PROGRAM} &amp;" timeout_seconds="30"/>
    <exec_method type="method" name="stop" exec=":kill" timeout_seconds="30"/>
  </service>
</service_bundle>
"""
SYSTEM_DIRECTORIES = frozenset(
    (
        "/",
        "/etc",
        "/opt",
        "/tmp",
        "/var",
        "/var/tmp",
        "/var/svc",
        "/var/svc/manifest",
        "/var/svc/manifest/site",
    )
)


@dataclass
class SiteService:
    """One instance imported from a manifest."""

    fmri: str
    start: str
    """The program of its start method."""
    enabled: bool
    state: str
    since: float


@dataclass(frozen=True)
class AgentConf:
    """What a started agent read: where to send, the secret, how often, as whom."""

    target: tuple[str, int]
    secret: str
    interval: float
    node: str


def preinstall(node: SimNode) -> None:
    """The agent as a lab node comes with it: script, manifest, service online."""
    node.dirs.update(SYSTEM_DIRECTORIES | {"/opt/vdcftui", "/opt/vdcftui/bin", "/etc/vdcftui"})
    node.put_file(AGENT_PROGRAM, _PREINSTALLED_SCRIPT, 0o755)
    node.put_file(AGENT_MANIFEST, _PREINSTALLED_MANIFEST, 0o444)
    node.services[AGENT_INSTANCE] = SiteService(
        AGENT_INSTANCE, AGENT_PROGRAM, True, "online", node.booted_at
    )
    node.agent_by_lab = True


def provision(node: SimNode, target: str, secret: str, interval: float) -> None:
    """Give a node whose agent the lab installed its configuration and secret, and
    restart the agent so that it reads them (an installed one keeps its own)."""
    if not node.agent_by_lab:
        return
    conf = (
        f"engine = {target}\ninterval = {interval:g}\n"
        f"secret_file = {AGENT_SECRET}\nnode = {node.name}\n"
    )
    node.put_file(AGENT_CONF, conf, 0o644)
    node.put_file(AGENT_SECRET, secret + "\n", 0o600)
    service = node.services.get(AGENT_INSTANCE)
    if service is not None and service.enabled:
        start(node, service)


def read_agent_conf(node: SimNode) -> AgentConf | None:
    """The agent's configuration as the script reads it (``key = value`` lines, ``#``
    comments), or None where the script would die: no file, a bad line, no ``engine
    = HOST:PORT``, no secret."""
    text = node.files.get(AGENT_CONF)
    if text is None:
        return None
    conf = {"interval": "5", "secret_file": AGENT_SECRET, "node": node.hostname}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, equals, value = stripped.partition("=")
        if not equals or not key.strip().isidentifier() or len(value.split()) != 1:
            return None
        conf[key.strip()] = value.strip()
    host, _, port = conf.get("engine", "").rpartition(":")
    secret = node.files.get(conf["secret_file"], "").split("\n")[0]
    try:
        interval = float(conf["interval"])
    except ValueError:
        return None
    if not host or not port.isdigit() or not secret or interval <= 0:
        return None
    return AgentConf((host, int(port)), secret, interval, conf["node"])


def start(node: SimNode, service: SiteService) -> None:
    """Start an enabled instance: its program must be there and executable; the agent
    reads its configuration (maintenance when it cannot)."""
    runs = service.start in node.files and node.modes.get(service.start, 0) & 0o111
    if runs and service.start == AGENT_PROGRAM:
        node.agent_conf = read_agent_conf(node)
        runs = node.agent_conf is not None
    service.state = "online" if runs else "maintenance"
    service.since = time.time()


def import_manifest(node: SimNode, path: str) -> str | None:
    """`svccfg import`: a new instance is created (and started when its manifest
    enables it); an existing one takes the new start method and keeps its state. The
    error text, or None."""
    text = node.files.get(path)
    if text is None:
        # unverified: svccfg's words for a manifest it cannot open
        return f'svccfg: failed to open "{path}": No such file or directory\n'
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        # unverified: svccfg's words for a manifest that is not XML
        return f"svccfg: couldn't parse document {path}\n"
    for element in root.iter("service"):
        name = element.get("name", "")
        default = element.find("create_default_instance")
        method = next((e for e in element.iter("exec_method") if e.get("name") == "start"), None)
        if not name or default is None or method is None:
            # unverified: the lab imports only manifests with a default instance
            return f"svccfg: {path}: the lab imports services with a default instance only\n"
        fmri = f"svc:/{name}:default"
        program = method.get("exec", "").split()[0] if method.get("exec", "").split() else ""
        service = node.services.get(fmri)
        if service is not None:
            service.start = program
            continue
        enabled = default.get("enabled") == "true"
        service = SiteService(fmri, program, enabled, "disabled", time.time())
        node.services[fmri] = service
        if enabled:
            start(node, service)
    node.agent_by_lab = False
    return None


def delete(node: SimNode, pattern: str) -> bool:
    """`svccfg delete -f`: the service's instances gone (a running one is stopped);
    whether there were any."""
    gone = [f for f in node.services if f == pattern or f.startswith(pattern + ":")]
    for fmri in gone:
        del node.services[fmri]
        if fmri == AGENT_INSTANCE:
            node.agent_conf = None
    return bool(gone)


def set_enabled(node: SimNode, service: SiteService, enabled: bool) -> None:
    """`svcadm enable|disable`: an enabled instance is started (again), a disabled one
    stopped."""
    node.agent_by_lab = False
    service.enabled = enabled
    if enabled:
        if service.state != "online":
            start(node, service)
        return
    service.state, service.since = "disabled", time.time()
