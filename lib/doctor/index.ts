/**
 * `cvmkit/doctor`: read-only preflight of a live cluster against every CVM requirement, and the one
 * writing operation on a live cluster, the Sysbox node cleanup (`cvmkit sysbox-cleanup`). The public API is
 * listed by name; `api/doctor.api.md` is the reviewed report of this list.
 */
export { runDoctor, DoctorOptions, DoctorReport } from "./run";
export { DoctorFinding, exitCodeOf, countByStatus } from "./findings";
export { DOCTOR_CHECKS, DoctorCheckId } from "./check-ids";
export { nodeFindings, parseCpu, managedCloudOf, isAutopilotNode, DoctorMode } from "./node-checks";
export {
    createClient,
    createWriteClient,
    KubeClient,
    KubeWriteClient,
    ClientOptions,
    ApiResponse,
    ClusterConnectionError,
} from "../client/client";
export { formatTable, formatJson, groupFindings, FindingGroup, TableOptions } from "./format";
export {
    runSysboxCleanup,
    cleanupRefusals,
    nodeCleanupState,
    SYSBOX_TAINT,
    SysboxCleanupOptions,
    SysboxCleanupResult,
    CleanupNodeResult,
} from "./sysbox-cleanup";
