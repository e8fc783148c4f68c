"""What a lab node's serial console shows at the OpenBoot ``ok`` prompt and during a
network install (``boot net - install``).

The Automated Installer lines follow the capture of a Solaris 11.3 guest domain's
install (real-consoles/solaris113-sparc-t4-ldom-obp-boot-hostname-console-login):
the network boot, the AI image's own boot and login prompt, the installer's start,
its last progress lines and its end. Lines no capture shows are marked unverified.
"""

from __future__ import annotations

import time
from typing import Any

OBP_PROMPT = "{0} ok "
"""The OpenBoot prompt of a sun4v server [t5120-raid] [ai-lab]."""
NETWORK_DEVICE = "/pci@300/pci@1/pci@0/pci@4/network@0"
"""unverified: the network boot device path of a physical server (the capture's is a
guest domain's virtual network device)."""


def obp_banner(node: Any) -> list[str]:
    """The OpenBoot banner a SPARC server prints when it resets (as the lab's boot)."""
    return node.console_boot_lines()[:5]


def no_system(node: Any) -> list[str]:
    """OBP's auto-boot on empty disks: the boot device, then its failure."""
    # unverified: the failure line (no capture of a boot from an empty disk)
    return [
        *obp_banner(node),
        "Boot device: /pci@300/pci@1/pci@0/pci@2/scsi@0/disk@w5000cca0255a0b40,0  File and args:",
        "The file just loaded does not appear to be executable.",
    ]


def unknown_word(word: str) -> str:
    """OBP's answer to a word it does not know."""
    # unverified: the Forth interpreter's "word ?" answer (no capture)
    return f"{word} ?"


def ai_install(node: Any, sru: str) -> list[str]:
    """The network boot and the Automated Installer's run, to its end."""
    host = node.hostname
    stamp = time.strftime("%H:%M:%S")
    return [
        *obp_banner(node),
        "",
        f"Boot device: {NETWORK_DEVICE}  File and args: - install",
        "",
        f"{time.strftime('%a %b %d %H:%M:%S')} wanboot info: miniroot: Download complete",
        f"SunOS Release 5.11 Version {_version(sru)} 64-bit",
        "Copyright (c) 1983, 2018, Oracle and/or its affiliates. All rights reserved.",
        "Remounting root read/write",
        "Probing for device nodes ...",
        "Preparing network image for use",
        "Downloading solaris.zlib",
        "Done mounting image",
        "Configuring devices.",
        f"Hostname: {host}",
        "Service discovery phase initiated",
        "Service name to look up: default-sparc",
        "Service discovery over multicast DNS failed",
        "Service discovery finished successfully",
        "Process of obtaining install manifest initiated",
        "Using the install manifest obtained via service discovery",
        "",
        f"{host} console login:",
        "Automated Installation started",
        "The progress of the Automated Installation will be output to the console",
        "Detailed logging is in the logfile at /system/volatile/install_log",
        "Press RETURN to get a login prompt at any time.",
        "",
        f"{stamp}    Install Log: /system/volatile/install_log",
        f"{stamp}    Using Derived Script: /system/volatile/ai.xml",
        f"{stamp}    Using profile specification: /system/volatile/profile",
        f"{stamp}    Using service list file: /var/run/service_list",
        f"{stamp}    Starting installation.",
        f"{stamp}    91% update-filesystem-owner-group completed.",
        f"{stamp}    92% transfer-ai-files completed.",
        f"{stamp}    100% create-snapshot completed.",
        f"{stamp}    100% None",
        f"{stamp}    Automated Installation succeeded.",
        f"{stamp}    You may wish to reboot the system at this time.",
        "Automated Installation finished successfully",
        "The system can be rebooted now",
        "Please refer to the /system/volatile/install_log file for details",
        "After reboot it will be located at /var/log/install/install_log",
        # unverified: what an AI manifest with auto_reboot="true" prints before the
        # reset (the capture's manifest did not reboot)
        f"{time.strftime('%b %d %H:%M:%S')} {host} reboot: initiated by root",
        "syncing file systems... done",
        "rebooting...",
    ]


def jumpstart_install(node: Any) -> list[str]:
    """A Solaris 10 JumpStart from the network, to its reboot."""
    # unverified: every line after the boot device (no capture of a JumpStart)
    return [
        *obp_banner(node),
        "",
        f"Boot device: {NETWORK_DEVICE}  File and args: - install",
        "SunOS Release 5.10 Version Generic_147147-26 64-bit",
        "Copyright (c) 1983, 2013, Oracle and/or its affiliates. All rights reserved.",
        "Configuring devices.",
        "Using RPC Bootparams for network configuration information.",
        "Starting Solaris Installation.",
        "Processing profile",
        "Installation complete",
        "Executing JumpStart postinstall phase...",
        "rebooting...",
    ]


def _version(sru: str) -> str:
    """``uname -v`` of the install image: 11.4 SRUs print the SRU, 11.3 ``11.3``."""
    return sru if sru.startswith("11.4") else "11.3"
