/**
 * `cvmkit/doctor`: read-only preflight of a live cluster against every CVM requirement.
 */
export { runDoctor, DoctorOptions, DoctorReport } from "./run";
export { DoctorFinding, exitCodeOf, countByStatus } from "./findings";
export { nodeFindings, parseCpu, managedCloudOf, isAutopilotNode, DoctorMode } from "./node-checks";
export {
    createClient,
    KubeClient,
    ClientOptions,
    ApiResponse,
    ClusterConnectionError,
} from "./client";
export { formatTable, formatJson, groupFindings, FindingGroup, TableOptions } from "./format";
