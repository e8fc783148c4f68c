"""All Solaris output parsers in one namespace (re-exported from their modules)."""

from __future__ import annotations

from vdcftui.solaris._base import Record, parse_size
from vdcftui.solaris.errors import ParseError, UnknownCommand
from vdcftui.solaris.ldm import (
    LdmDevices,
    LdmDomain,
    LdmDomainDetail,
    LdmList,
    parse_ldm_list_bindings_p,
    parse_ldm_list_constraints_p,
    parse_ldm_list_devices_p,
    parse_ldm_list_l_p,
    parse_ldm_list_p,
    version_key,
)
from vdcftui.solaris.network import (
    IfconfigEntry,
    parse_dladm_show_aggr,
    parse_dladm_show_link,
    parse_dladm_show_phys,
    parse_dladm_show_vnic,
    parse_ifconfig_a,
    parse_ipadm_show_addr,
    parse_ipadm_show_if,
)
from vdcftui.solaris.patches import (
    BootEnvironment,
    PkgInfo,
    ShowrevPatch,
    parse_beadm_list_h,
    parse_pkg_info,
    parse_showrev_p,
    sru_of,
)
from vdcftui.solaris.resources import (
    DfEntry,
    KstatStat,
    SwapSummary,
    parse_df_k,
    parse_kstat_p,
    parse_swap_l,
    parse_swap_s,
)
from vdcftui.solaris.services import SvcExplanation, parse_svcs, parse_svcs_x
from vdcftui.solaris.storage import (
    FcHbaPort,
    FormatDisk,
    MpathLu,
    parse_fcinfo_hba_port,
    parse_format_disks,
    parse_mpathadm_list_lu,
    wwn_from_device,
)
from vdcftui.solaris.system import (
    EtcRelease,
    PhysicalProcessor,
    Prtdiag,
    UnameA,
    UnameX,
    Virtinfo,
    parse_etc_release,
    parse_prtdiag,
    parse_psrinfo_pv,
    parse_uname_a,
    parse_uname_x,
    parse_virtinfo_ap,
)
from vdcftui.solaris.zfs import (
    ImportablePool,
    VdevEntry,
    ZpoolStatus,
    parse_zfs_list,
    parse_zpool_import,
    parse_zpool_list,
    parse_zpool_status,
)
from vdcftui.solaris.zonecfg import (
    ZoneConfig,
    ZoneResource,
    build_zonecfg_script,
    parse_zonecfg_export,
    parse_zonecfg_info,
)
from vdcftui.solaris.zones import (
    ZoneListEntry,
    ZoneListVerbose,
    parse_zoneadm_list_p,
    parse_zoneadm_list_v,
)

__all__ = [
    "Record", "ParseError", "UnknownCommand", "parse_size",
    "LdmDevices", "LdmDomain", "LdmDomainDetail", "LdmList", "version_key",
    "parse_ldm_list_p", "parse_ldm_list_l_p", "parse_ldm_list_bindings_p",
    "parse_ldm_list_constraints_p", "parse_ldm_list_devices_p",
    "IfconfigEntry", "parse_dladm_show_link", "parse_dladm_show_phys",
    "parse_dladm_show_aggr", "parse_dladm_show_vnic", "parse_ipadm_show_addr",
    "parse_ipadm_show_if", "parse_ifconfig_a",
    "BootEnvironment", "PkgInfo", "ShowrevPatch", "parse_beadm_list_h", "parse_pkg_info",
    "parse_showrev_p", "sru_of",
    "DfEntry", "KstatStat", "SwapSummary", "parse_df_k", "parse_kstat_p", "parse_swap_l",
    "parse_swap_s",
    "SvcExplanation", "parse_svcs", "parse_svcs_x",
    "FcHbaPort", "FormatDisk", "MpathLu", "parse_fcinfo_hba_port", "parse_format_disks",
    "parse_mpathadm_list_lu", "wwn_from_device",
    "EtcRelease", "PhysicalProcessor", "Prtdiag", "UnameA", "UnameX", "Virtinfo",
    "parse_etc_release", "parse_prtdiag", "parse_psrinfo_pv", "parse_uname_a",
    "parse_uname_x", "parse_virtinfo_ap",
    "ImportablePool", "VdevEntry", "ZpoolStatus", "parse_zfs_list", "parse_zpool_import",
    "parse_zpool_list", "parse_zpool_status",
    "ZoneConfig", "ZoneResource", "build_zonecfg_script", "parse_zonecfg_export",
    "parse_zonecfg_info",
    "ZoneListEntry", "ZoneListVerbose", "parse_zoneadm_list_p", "parse_zoneadm_list_v",
]
