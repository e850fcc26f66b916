import { NODE_CHECKS } from "../compat";

/**
 * The one registry of doctor check ids: every finding's `check` is one of these, so a new check is
 * added here first (the compiler refuses a finding with an unlisted id). Dotted ids name a sub-check
 * of their group (`admission.psa` of `admission`); the groups are also the ids of a group that could
 * not run.
 */
export const DOCTOR_CHECKS = [
    "server.version",
    "server.admission",
    "server.sysbox-range",
    "nodes",
    "nodes.sysbox",
    "nodes.rollout",
    ...NODE_CHECKS,
    "node.autopilot",
    "node.cpu",
    "node.gpu",
    "node.kubelet",
    "node.sysbox",
    "admission",
    "admission.namespace",
    "admission.psa",
    "admission.supervisor",
    "admission.scoped",
    "admission.sysbox",
    "admission.baseline",
    "network.policies",
    "network.metadata",
    "engines",
    "gatekeeper",
    "kyverno",
    "kyverno.exceptions",
    "istio",
    "istio.namespace",
    "storage",
    "runtimeclass",
] as const;

/** A doctor check id: one of {@link DOCTOR_CHECKS}. */
export type DoctorCheckId = (typeof DOCTOR_CHECKS)[number];
