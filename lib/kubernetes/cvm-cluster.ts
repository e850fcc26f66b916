import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { PodTemplateSpec, Toleration } from "kubernetes-types/core/v1";
import { CvmkitConfigError, newestMinor, versionFromServerInfo } from "../compat";
import { CvmConfig, renderManifests, RenderedManifests } from "../manifests";
import { inspectCluster } from "./cluster-state";
import { assertInputs, toInputPropertyError } from "./input-errors";
import {
    acceptedOwners,
    claimObjects,
    LIFECYCLE_KEYS,
    LifecycleArgs,
    resolveLifecycle,
    ResolvedLifecycle,
} from "./lifecycle";
import { createResources } from "./resources";
import {
    CLUSTER_READ_TIMEOUT_MS,
    clusterClient,
    fetchServerVersion,
    withTimeout,
} from "./server-version";

/**
 * The `CvmCluster` Pulumi component: checks its args before registering anything, reads the cluster version when
 * not given, runs the live-cluster safety checks and registers the rendered objects.
 */

/**
 * Arguments of {@link CvmCluster}: the {@link CvmConfig} with an optional Kubernetes version, and the
 * {@link LifecycleArgs} (what destroy and renames do with the CVM namespace).
 */
export interface CvmClusterArgs extends Omit<CvmConfig, "kubernetesVersion">, LifecycleArgs {
    /**
     * The cluster's Kubernetes version (`1.30`, `v1.30.2-eks-1234`, …). Give it whenever you know it: every
     * check then runs before anything is registered, and previews of new clusters work.
     * @default read from the cluster's `/version` through {@link kubeconfig}
     */
    readonly kubernetesVersion?: string;
    /**
     * Kubeconfig of the provider's cluster, read-only: to read `/version` when {@link kubernetesVersion} is not
     * given, and for the checks every preview and `up` run before changing anything (one owner per object, no
     * silent namespace rename, no deletion of pods/PVCs cvmkit did not create). Pass the provider's kubeconfig.
     * It is treated as a secret and never stored as a component input. While it is unknown (a cluster created
     * in the same program, at preview) the checks are skipped: nothing exists yet.
     * @default with {@link kubernetesVersion} given: none, and the cluster checks are skipped (a warning says
     * so); without it: `$KUBECONFIG` or `~/.kube/config`
     */
    readonly kubeconfig?: pulumi.Input<string>;
    /**
     * Kubeconfig context for reading `/version`.
     * @default the kubeconfig's current context
     */
    readonly context?: string;
    /**
     * Resources the DaemonSets (Sysbox installer, image pre-pull) wait for — typically the CVM node pool — so
     * that their rollout waits for real nodes. Every other object depends only on the provider.
     * @default []
     */
    readonly nodeDependencies?: pulumi.Input<pulumi.Resource>[];
}

/** The type token of {@link CvmCluster}. */
export const CVM_CLUSTER_TYPE = "cvmkit:kubernetes:CvmCluster";

/** The keys of {@link CvmClusterArgs} that are not {@link CvmConfig} keys. */
const RENDERER_KEYS: readonly string[] = [
    "kubeconfig",
    "context",
    "kubernetesVersion",
    "nodeDependencies",
    ...LIFECYCLE_KEYS,
];

/** The {@link CvmConfig} part of `args`, with a version. */
export function configOf(
    args: Omit<CvmClusterArgs, "kubernetesVersion">,
    kubernetesVersion: string,
): CvmConfig {
    const rest = Object.fromEntries(
        Object.entries(args).filter(([k]) => !RENDERER_KEYS.includes(k)),
    );
    return { ...rest, kubernetesVersion };
}

/** The output names of {@link CvmCluster}, registered and rehydrated by URN. */
const OUTPUTS = [
    "namespace",
    "serviceAccountName",
    "runtimeClassName",
    "nodeSelector",
    "tolerations",
    "supervisorPodTemplate",
    "sysboxPodTemplate",
    "kubernetesVersion",
] as const;

/**
 * Makes an existing Kubernetes cluster ready for CVMs: the CVM namespace with scoped privilege, the
 * supervisor ServiceAccount, admission exemptions, the Sysbox runtime when enabled, and the image pre-pull
 * DaemonSet — one typed Pulumi resource per object from {@link renderManifests}, all children of this
 * component and using the caller's Kubernetes provider.
 *
 * Invalid args throw before any resource is registered. Every preview and `up` then checks the live cluster
 * (see {@link CvmClusterArgs.kubeconfig}) and reports problems as input errors before anything changes.
 * The CVM namespace is retained on destroy by default ({@link LifecycleArgs.namespaceDeletionPolicy}).
 *
 * A component looked up by URN (`opts.urn`) exposes the outputs recorded in the state.
 *
 * @example
 * const cvm = new CvmCluster("cvm", { kubernetesVersion: "1.33", sysboxRuntime: { enabled: true } }, { provider });
 * export const runtimeClass = cvm.runtimeClassName;
 */
export class CvmCluster extends pulumi.ComponentResource<RenderedManifests> {
    /** The CVM namespace. */
    declare public readonly namespace: pulumi.Output<string>;
    /** The supervisor ServiceAccount name. */
    declare public readonly serviceAccountName: pulumi.Output<string>;
    /** `sysbox-runc` when the Sysbox runtime is on, otherwise undefined. */
    declare public readonly runtimeClassName: pulumi.Output<string | undefined>;
    /** Node selector for CVM pods. */
    declare public readonly nodeSelector: pulumi.Output<Record<string, string>>;
    /** Tolerations for CVM pods. */
    declare public readonly tolerations: pulumi.Output<Toleration[]>;
    /** Template of supervisor-mode CVM pods. */
    declare public readonly supervisorPodTemplate: pulumi.Output<PodTemplateSpec>;
    /** Template of Sysbox-runtime CVM pods, when the runtime is on. */
    declare public readonly sysboxPodTemplate: pulumi.Output<PodTemplateSpec | undefined>;
    /** The Kubernetes version the objects were chosen for, e.g. `1.33`. */
    declare public readonly kubernetesVersion: pulumi.Output<string>;

    constructor(
        name: string,
        args: CvmClusterArgs = {},
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        if (opts.urn) {
            // Rehydration: the engine fills in every output key named in the props from the state.
            super(
                CVM_CLUSTER_TYPE,
                name,
                Object.fromEntries(OUTPUTS.map((k) => [k, undefined])),
                opts,
            );
            return;
        }
        // Check everything that can be checked before the component registers anything.
        const lifecycle = assertInputs(() => resolveLifecycle(args));
        assertInputs(() => {
            refuseNodeCleanup(args);
            // Without a version, check the version-independent settings against a supported placeholder.
            const rendered = renderManifests(
                configOf(args, args.kubernetesVersion ?? placeholderVersion(args)),
            );
            claimObjects(name, rendered.objects, rendered.namespace, opts.provider);
        });
        super(CVM_CLUSTER_TYPE, name, componentInputs(args, lifecycle), opts);
        const data = pulumi.output(this.getData());
        this.namespace = data.namespace;
        this.serviceAccountName = data.serviceAccountName;
        this.runtimeClassName = data.apply((d) => d.runtimeClassName);
        this.nodeSelector = data.apply((d) => ({ ...d.nodeSelector }));
        this.tolerations = data.apply((d) => [...d.tolerations]);
        this.supervisorPodTemplate = data.apply((d) => d.supervisorPodTemplate);
        this.sysboxPodTemplate = data.apply((d) => d.sysboxPodTemplate);
        this.kubernetesVersion = data.apply((d) => d.features.minor);
    }

    /** @internal */
    protected override async initialize(
        args: pulumi.Inputs,
        opts?: pulumi.ComponentResourceOptions,
        name?: string,
    ): Promise<RenderedManifests> {
        const a = args as CvmClusterArgs & { lifecycle: ResolvedLifecycle };
        let rendered: RenderedManifests;
        const owners = acceptedOwners(name!, opts?.aliases ?? []);
        try {
            const kubeconfig = await knownKubeconfig(a.kubeconfig);
            if (kubeconfig === UNKNOWN && a.kubernetesVersion === undefined) {
                throw new pulumi.InputPropertyError({
                    propertyPath: "kubernetesVersion",
                    reason:
                        "kubernetesVersion was not given and the kubeconfig is not known yet (the cluster is created " +
                        "in this program), so /version cannot be read at preview. Fix: pass kubernetesVersion " +
                        '(e.g. the cluster resource\'s version, "1.33")',
                });
            }
            const known = kubeconfig === UNKNOWN ? undefined : kubeconfig;
            const version = a.kubernetesVersion ?? (await discoverVersion(known, a.context));
            rendered = assertInputs(() => renderManifests(configOf(a, version)));
            if (kubeconfig === UNKNOWN || underMocks()) {
                // A cluster created in this program: nothing of it exists yet at preview. Unit tests with
                // Pulumi mocks have no cluster at all.
            } else if (known === undefined && a.kubernetesVersion !== undefined) {
                pulumi.log.warn(
                    "cluster checks skipped (ownership, namespace rename, foreign pods/PVCs before deletion): " +
                        "pass `kubeconfig` (the provider's) to CvmCluster to run them",
                    this,
                );
            } else {
                await assertClusterState(this, rendered, owners, a.lifecycle, known, a.context);
            }
        } catch (err) {
            throw reportOn(this, err);
        }
        for (const w of rendered.config.warnings) void pulumi.log.warn(`cvmkit: ${w}`, this);
        createResources(name!, rendered.objects, this, {
            owner: owners[0]!,
            order: rendered.order,
            namespaceDeletionPolicy: a.lifecycle.namespaceDeletionPolicy,
            nodeDependencies: a.nodeDependencies ?? [],
        });
        if (a.lifecycle.namespaceDeletionPolicy === "retain" && !underMocks()) {
            pulumi.log.info(
                `namespace ${rendered.namespace} is retained on destroy (namespaceDeletionPolicy "retain"): destroy ` +
                    "removes cvmkit's other objects and keeps the namespace with its pods and PVCs; to delete it " +
                    `afterwards: kubectl delete namespace ${rendered.namespace} (this deletes every PVC in it)`,
                this,
            );
        }
        this.registerOutputs({
            namespace: rendered.namespace,
            serviceAccountName: rendered.serviceAccountName,
            runtimeClassName: rendered.runtimeClassName,
            nodeSelector: rendered.nodeSelector,
            tolerations: rendered.tolerations,
            supervisorPodTemplate: rendered.supervisorPodTemplate,
            sysboxPodTemplate: rendered.sysboxPodTemplate,
            kubernetesVersion: rendered.features.minor,
        });
        return rendered;
    }
}

/**
 * The component inputs sent to the engine: the config, without the kubeconfig (a credential, kept out of the
 * state) and without `nodeDependencies` (serializing a resource reference waits for that resource, so the
 * component and every child would wait for the node pool). Both stay readable to `initialize` as
 * non-enumerable properties, with the checked lifecycle settings.
 */
function componentInputs(args: CvmClusterArgs, lifecycle: ResolvedLifecycle): pulumi.Inputs {
    const hidden: Record<string, unknown> = {
        kubeconfig: args.kubeconfig === undefined ? undefined : pulumi.secret(args.kubeconfig),
        nodeDependencies: args.nodeDependencies,
        lifecycle,
    };
    const visible = Object.fromEntries(
        Object.entries(args).filter(([k]) => k !== "kubeconfig" && k !== "nodeDependencies"),
    );
    for (const [k, value] of Object.entries(hidden)) {
        Object.defineProperty(visible, k, { value, enumerable: false });
    }
    return visible;
}

/**
 * The version the constructor checks args against when none is given: the newest minor the chosen
 * installer accepts, so a pinned `installerTag` is not rejected for a version the cluster may not run.
 */
function placeholderVersion(args: CvmClusterArgs): string {
    return newestMinor(args.sysboxRuntime?.installerTag);
}

/**
 * `sysboxRuntime.cleanupNodes` is for the YAML and cdk8s renderers: one `pulumi up` would create the cleanup
 * DaemonSet before it deletes the installer's (the engine deletes last), so both would run on a node at once.
 */
function refuseNodeCleanup(args: CvmClusterArgs): void {
    if (args.sysboxRuntime?.cleanupNodes !== undefined) {
        throw new CvmkitConfigError(
            "sysboxRuntime.cleanupNodes",
            args.sysboxRuntime.cleanupNodes,
            "is not supported by the Pulumi components: an update creates the cleanup DaemonSet before it deletes the installer, so both would run on a node at once",
            "leave it out; set sysboxRuntime.enabled = false, run `pulumi up`, then `cvmkit sysbox-cleanup --kubeconfig FILE` (it refuses while installer objects or Sysbox pods remain, and removes its objects when the nodes are clean)",
        );
    }
}

const UNKNOWN = Symbol("unknown");

/** True when the program runs on Pulumi's mocks (`pulumi.runtime.setMocks`). */
function underMocks(): boolean {
    return pulumi.runtime.getMonitor() instanceof MockMonitor;
}

/** The kubeconfig's value, or {@link UNKNOWN} while it is unknown (at preview, of a cluster not created yet). */
async function knownKubeconfig(
    kubeconfig: pulumi.Input<string> | undefined,
): Promise<string | undefined | typeof UNKNOWN> {
    if (kubeconfig === undefined) return undefined;
    const output = pulumi.output(kubeconfig);
    // `isKnown` is how the SDK itself tells unknowns apart; `apply` never calls back for an unknown value.
    const isKnown = await (output as unknown as { isKnown: Promise<boolean> }).isKnown;
    if (!isKnown) return UNKNOWN;
    return new Promise((resolve) => output.apply(resolve));
}

async function discoverVersion(kubeconfig?: string, context?: string): Promise<string> {
    try {
        const info = await fetchServerVersion(kubeconfig, context);
        return versionFromServerInfo(info).raw;
    } catch (err) {
        if (err instanceof CvmkitConfigError) throw toInputPropertyError(err);
        throw new pulumi.InputPropertyError({
            propertyPath: "kubernetesVersion",
            reason:
                `kubernetesVersion was not given and the cluster's /version could not be read (${(err as Error).message}). ` +
                "Fix: pass kubernetesVersion, or a kubeconfig (and context) that reaches the cluster",
        });
    }
}

/** Runs {@link inspectCluster}; logs its notes on the component and throws its problems as one input error. */
async function assertClusterState(
    component: pulumi.Resource,
    rendered: RenderedManifests,
    owners: readonly string[],
    lifecycle: ResolvedLifecycle,
    kubeconfig: string | undefined,
    context: string | undefined,
): Promise<void> {
    const inspect = async () => {
        const client = await clusterClient(kubeconfig, context);
        return inspectCluster(client, rendered.objects, rendered.namespace, owners, lifecycle);
    };
    let state: Awaited<ReturnType<typeof inspectCluster>>;
    try {
        state = await withTimeout("the cluster", inspect(), CLUSTER_READ_TIMEOUT_MS);
    } catch (err) {
        // Unreachable: the provider cannot change the cluster either (a preview then runs offline).
        pulumi.log.warn(
            `cluster checks skipped: the cluster could not be read (${(err as Error).message})`,
            component,
        );
        return;
    }
    for (const note of state.notes) pulumi.log.info(note, component);
    if (state.problems.length > 0) {
        const fields = [...new Set(state.problems.map((p) => p.field))];
        throw new pulumi.InputPropertyError({
            propertyPath: fields.join(", "),
            reason: state.problems
                .map((p) => (fields.length > 1 ? `${p.field}: ${p.message}` : p.message))
                .join("\n"),
        });
    }
}

/**
 * Reports an error of the asynchronous part (version read, cluster checks, rendering) on the component: the
 * engine shows it as the component's error (input errors keep their property path), not as an unhandled
 * exception of the program.
 */
function reportOn(component: pulumi.Resource, err: unknown): unknown {
    if (err instanceof pulumi.InputPropertyError) {
        return new pulumi.ResourceError(`${err.propertyPath}: ${err.reason}`, component, true);
    }
    return err;
}
