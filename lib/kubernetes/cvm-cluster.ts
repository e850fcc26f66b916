import * as pulumi from "@pulumi/pulumi";
import type { PodTemplateSpec, Toleration } from "kubernetes-types/core/v1";
import {
    CvmkitConfigError,
    DEFAULT_SYSBOX_INSTALLER,
    SYSBOX_INSTALLER_RELEASES,
    versionFromServerInfo,
} from "../compat";
import { CvmConfig, renderManifests, RenderedManifests, resolveConfig } from "../manifests";
import { toInputPropertyError } from "./input-errors";
import { createResources } from "./resources";
import { fetchServerVersion } from "./server-version";

/** Arguments of {@link CvmCluster}: the {@link CvmConfig} with an optional Kubernetes version. */
export interface CvmClusterArgs extends Omit<CvmConfig, "kubernetesVersion"> {
    /**
     * The cluster's Kubernetes version (`1.30`, `v1.30.2-eks-1234`, …). Give it whenever you know it: every
     * check then runs before anything is registered, and previews of new clusters work.
     * @default read from the cluster's `/version` through {@link kubeconfig}
     */
    readonly kubernetesVersion?: string;
    /**
     * Kubeconfig used only to read `/version` when {@link kubernetesVersion} is not given. Pass the same
     * kubeconfig as the provider's.
     * @default `$KUBECONFIG` or `~/.kube/config`
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

function configOf(args: CvmClusterArgs, kubernetesVersion: string): CvmConfig {
    /* eslint-disable @typescript-eslint/no-unused-vars */
    const {
        kubeconfig: _k,
        context: _c,
        kubernetesVersion: _v,
        nodeDependencies: _n,
        ...rest
    } = args;
    /* eslint-enable @typescript-eslint/no-unused-vars */
    return { ...rest, kubernetesVersion };
}

/**
 * Makes an existing Kubernetes cluster ready for CVMs: the CVM namespace with scoped privilege, the
 * supervisor ServiceAccount, admission exemptions, the Sysbox runtime when enabled, and the image pre-pull
 * DaemonSet — one typed Pulumi resource per object from {@link renderManifests}, all children of this
 * component and using the caller's Kubernetes provider.
 *
 * Invalid args throw before any resource is registered.
 *
 * @example
 * const cvm = new CvmCluster("cvm", { kubernetesVersion: "1.33", sysboxRuntime: { enabled: true } }, { provider });
 * export const runtimeClass = cvm.runtimeClassName;
 */
export class CvmCluster extends pulumi.ComponentResource<RenderedManifests> {
    /** The CVM namespace. */
    public readonly namespace!: pulumi.Output<string>;
    /** The supervisor ServiceAccount name. */
    public readonly serviceAccountName!: pulumi.Output<string>;
    /** `sysbox-runc` when the Sysbox runtime is on, otherwise undefined. */
    public readonly runtimeClassName!: pulumi.Output<string | undefined>;
    /** Node selector for CVM pods. */
    public readonly nodeSelector!: pulumi.Output<Record<string, string>>;
    /** Tolerations for CVM pods. */
    public readonly tolerations!: pulumi.Output<Toleration[]>;
    /** Template of supervisor-mode CVM pods. */
    public readonly supervisorPodTemplate!: pulumi.Output<PodTemplateSpec>;
    /** Template of Sysbox-runtime CVM pods, when the runtime is on. */
    public readonly sysboxPodTemplate!: pulumi.Output<PodTemplateSpec | undefined>;
    /** The Kubernetes version the objects were chosen for, e.g. `1.33`. */
    public readonly kubernetesVersion!: pulumi.Output<string>;

    constructor(
        name: string,
        args: CvmClusterArgs = {},
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        // Check everything that can be checked before the component registers anything.
        try {
            // Without a version, check the version-independent settings against a supported placeholder.
            resolveConfig(configOf(args, args.kubernetesVersion ?? placeholderVersion(args)));
        } catch (err) {
            throw toInputPropertyError(err);
        }
        super(CVM_CLUSTER_TYPE, name, withHiddenNodeDependencies(args), opts);
        if (opts.urn) {
            return;
        }
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
        _opts?: pulumi.ComponentResourceOptions,
        name?: string,
    ): Promise<RenderedManifests> {
        const a = args as CvmClusterArgs;
        const version = a.kubernetesVersion ?? (await discoverVersion(a));
        let rendered: RenderedManifests;
        try {
            rendered = renderManifests(configOf(a, version));
        } catch (err) {
            throw toInputPropertyError(err);
        }
        for (const w of rendered.config.warnings) void pulumi.log.warn(`cvmkit: ${w}`, this);
        createResources(name!, rendered.objects, this, a.nodeDependencies ?? []);
        this.registerOutputs({
            namespace: rendered.namespace,
            serviceAccountName: rendered.serviceAccountName,
            runtimeClassName: rendered.runtimeClassName,
            kubernetesVersion: rendered.features.minor,
        });
        return rendered;
    }
}

/**
 * A copy of `args` whose `nodeDependencies` is not enumerable: component inputs are serialized for the engine,
 * and serializing a resource reference waits for that resource — the component (and with it every child) would
 * wait for the node pool. `initialize` still reads the property.
 */
function withHiddenNodeDependencies(args: CvmClusterArgs): CvmClusterArgs {
    if (args.nodeDependencies === undefined) return args;
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { nodeDependencies: _n, ...rest } = args;
    return Object.defineProperty({ ...rest }, "nodeDependencies", {
        value: args.nodeDependencies,
        enumerable: false,
    }) as CvmClusterArgs;
}

/**
 * The version the constructor checks args against when none is given: the newest minor the chosen
 * installer accepts, so a pinned `installerTag` is not rejected for a version the cluster may not run.
 */
function placeholderVersion(args: CvmClusterArgs): string {
    const tag = args.sysboxRuntime?.installerTag;
    const release =
        SYSBOX_INSTALLER_RELEASES.find((r) => r.tag === tag) ?? DEFAULT_SYSBOX_INSTALLER;
    return release.kubernetesMinors[release.kubernetesMinors.length - 1]!;
}

async function discoverVersion(args: CvmClusterArgs): Promise<string> {
    const kubeconfig =
        args.kubeconfig === undefined ? undefined : await promiseOf(pulumi.output(args.kubeconfig));
    try {
        const info = await fetchServerVersion(kubeconfig, args.context);
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

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}
