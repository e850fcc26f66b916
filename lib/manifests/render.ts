import type { PodTemplateSpec, Toleration } from "kubernetes-types/core/v1";
import type { FeatureGates } from "../compat";
import { podSecurityPolicy, validatingAdmissionPolicy } from "./admission";
import type { CvmConfig } from "./config";
import { gatekeeperExemptions, kyvernoExemptions } from "./engines";
import { cvmNamespace, SUPERVISOR_SERVICE_ACCOUNT, supervisorServiceAccount } from "./namespace";
import { networkPolicies } from "./network-policy";
import type { KubernetesObject } from "./objects";
import { allInPhase, inPhase, ManifestOrder, orderManifests } from "./order";
import { cvmNodeSelector, supervisorPodTemplate, sysboxPodTemplate } from "./pod-templates";
import { prePullDaemonSet } from "./prepull";
import { resolveConfig, ResolvedConfig } from "./resolve";
import { SYSBOX_RUNTIME_CLASS, sysboxRuntime } from "./sysbox";
import { sysboxCleanup } from "./sysbox-cleanup";

/**
 * The single entry of the manifests layer: a config in, every Kubernetes object (in apply order) and the values
 * workspaces need out. Pulumi, cdk8s and the CLI all render from here.
 */

/** Everything cvmkit renders for one config: the objects to apply and the values a workspace platform needs. */
export interface RenderedManifests {
    /** The objects in apply order: each object after every object it depends on ({@link order}). */
    readonly objects: readonly KubernetesObject[];
    /**
     * Each object's apply phase and dependencies, keyed by `objectKey`: what the Pulumi renderer maps to
     * `dependsOn`, the cdk8s chart to `addDependency`, and `cvmkit render` to sync waves and phase directories.
     */
    readonly order: ManifestOrder;
    /** The CVM namespace. */
    readonly namespace: string;
    /** The supervisor ServiceAccount (in {@link namespace}). */
    readonly serviceAccountName: string;
    /** `sysbox-runc` when the Sysbox runtime is on. */
    readonly runtimeClassName?: string;
    /** Node selector of CVM pods. */
    readonly nodeSelector: Readonly<Record<string, string>>;
    /** Tolerations of CVM pods. */
    readonly tolerations: readonly Toleration[];
    /** Template of supervisor-mode CVM pods (privileged supervisor running Sysbox inside the pod). */
    readonly supervisorPodTemplate: PodTemplateSpec;
    /** Template of Sysbox-runtime CVM pods (unprivileged, `runtimeClassName: sysbox-runc`), when the runtime is on. */
    readonly sysboxPodTemplate?: PodTemplateSpec;
    /** The installer image deployed, when the runtime is on. */
    readonly installerImage?: string;
    /** The feature gates the objects were chosen by. */
    readonly features: FeatureGates;
    /** The checked config with defaults filled in. */
    readonly config: ResolvedConfig;
}

/**
 * Renders the Kubernetes side of cvmkit for a config. Pure: no I/O, the same output for the same input.
 * Throws a {@link CvmkitConfigError} for invalid config, before anything is built.
 *
 * @example
 * const out = renderManifests({ kubernetesVersion: "1.31" });
 * out.objects.forEach((o) => console.log(o.kind, o.metadata.name));
 */
export function renderManifests(input: CvmConfig): RenderedManifests {
    const config = resolveConfig(input);
    const features = config.features;
    const serviceAccount = supervisorServiceAccount(config);
    const psp = features.podSecurityPolicy ? podSecurityPolicy(config) : [];
    const vap = features.validatingAdmissionPolicy ? validatingAdmissionPolicy(config) : [];
    const netpols = networkPolicies(config);
    const engines = [...gatekeeperExemptions(config), ...kyvernoExemptions(config)];
    // What lets cvmkit's pods in: the PodSecurityPolicy with its role and bindings, and the policy
    // engines' exemptions. The ValidatingAdmissionPolicy only restricts (and matches neither
    // DaemonSet's pods), so nothing waits for it.
    const exemptions = [...psp.map((e) => e.object), ...engines];
    const { objects, order } = orderManifests(
        [
            inPhase("namespaces", cvmNamespace(config)),
            inPhase("rbac", serviceAccount),
            ...psp,
            ...vap,
            ...allInPhase("config", netpols),
            ...allInPhase("admission", engines),
            ...sysboxRuntime(config),
            ...sysboxCleanup(config),
            ...prePullDaemonSet(config, [serviceAccount, ...netpols]),
        ],
        exemptions,
    );
    const runtimeClassName = config.sysbox ? SYSBOX_RUNTIME_CLASS : undefined;
    // A fresh copy on every call: nothing in the result aliases module constants or the caller's input.
    return structuredClone({
        objects,
        order,
        namespace: config.namespace,
        serviceAccountName: SUPERVISOR_SERVICE_ACCOUNT,
        ...(runtimeClassName ? { runtimeClassName } : {}),
        nodeSelector: cvmNodeSelector(config),
        tolerations: [...config.tolerations],
        supervisorPodTemplate: supervisorPodTemplate(config),
        ...(runtimeClassName
            ? { sysboxPodTemplate: sysboxPodTemplate(config, runtimeClassName) }
            : {}),
        ...(config.sysbox ? { installerImage: config.sysbox.image } : {}),
        features,
        config,
    });
}
