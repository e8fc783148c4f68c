"""What a Solaris 10 native zone's attach says when the zone's patches (the inventory
its detach wrote) differ from the new node's: the validation of a plain attach, the
refusal of an update that would downgrade, the progress of `attach -u`.

The validation's headers and item lines are sw_cmp.c's format strings, as the real
capture zoneadm-attach-validation-s10__jekyll-migrating-zone.txt shows them
(docs/solaris/zones-storage-patching.md section 2.4); the update's progress lines are
attach_update.ksh's (same page). unverified: the exit status (1), that nothing follows
the lists, and the lab compares patches only (a real attach compares packages too).
"""

from __future__ import annotations

_INCONSISTENT = "These patches installed on the source system are inconsistent with this system:\n"
_ONLY_HERE = "These patches installed on this system were not installed on the source system:\n"


def _revisions(patches: list[str]) -> dict[str, str]:
    return dict(patch.partition("-")[::2] for patch in patches)


def attach_validation(source: list[str], here: list[str]) -> str:
    """The plain attach's refusal: each source patch missing or at another revision
    here, then each patch only here."""
    theirs, ours = _revisions(source), _revisions(here)
    out = ""
    inconsistent = [base for base in sorted(theirs) if ours.get(base) != theirs[base]]
    if inconsistent:
        out += _INCONSISTENT
        for base in inconsistent:
            if base not in ours:
                out += f"\t{base}-{theirs[base]}: not installed\n"
            else:
                out += f"\t{base}: version mismatch\n\t\t({theirs[base]}) ({ours[base]})\n"
    only_here = [f"{base}-{ours[base]}" for base in sorted(ours) if base not in theirs]
    if only_here:
        out += _ONLY_HERE + "".join(f"\t{patch}\n" for patch in only_here)
    return out


def downgrades(source: list[str], here: list[str]) -> str:
    """The refusal of `attach -u` when the zone has a patch this node lacks or has at
    an earlier revision ('' when it has none). unverified: the lab names the patch
    where Solaris names a package (``attempt to downgrade package``)."""
    theirs, ours = _revisions(source), _revisions(here)
    for base in sorted(theirs):
        if ours.get(base, "") < theirs[base]:
            was = f"{base}-{theirs[base]}"
            now = f"{base}-{ours[base]}" if base in ours else "none"
            return f"ERROR: attempt to downgrade package {was} to version {now}\n"
    return ""


def attach_update_log(source: list[str], here: list[str]) -> str:
    """The progress `attach -u` prints while it brings the zone to this node's level."""
    theirs, ours = _revisions(source), _revisions(here)
    changed = sum(1 for base, rev in ours.items() if theirs.get(base) != rev)
    return (
        "Getting the list of files to remove\n"
        f"Removing {changed * 12} files\n"
        f"Remove {changed} of {changed} packages\n"
        f"Installing {changed * 14} files\n"
        f"Add {changed} of {changed} packages\n"
        "Updating editable files\n"
        "The file </var/sadm/system/logs/update_log> within the zone contains a log of "
        "the zone update.\n"
    )
