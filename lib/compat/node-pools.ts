import {
    assertInstallerSupports,
    defaultInstallerFor,
    DEFAULT_SYSBOX_INSTALLER,
    findInstallerRelease,
    SysboxInstallerRelease,
} from "./sysbox";
import {
    assertLabelKey,
    assertLabels,
    assertLabelValue,
    assertOptionalObject,
    fail,
} from "./validate";
import { assertCvmKubernetesVersion, KubernetesVersion, parseKubernetesVersion } from "./version";

/**
 * Cloud-independent rules for CVM node pools (labels, taint, scaling, version), shared by
 * `cvmkit/aws`, `cvmkit/gcp` and `cvmkit/azure`. Pure: no SDK is loaded.
 */

/** The label cvmkit puts on every CVM node pool; CVM pods select it. */
export const CVM_NODE_LABEL = "cvmkit.dev/cvm-node";
/** The value of {@link CVM_NODE_LABEL}. */
export const CVM_NODE_LABEL_VALUE = "true";
/** The default key of the optional CVM node taint. */
export const CVM_TAINT_KEY = "cvmkit.dev/cvm-node";

/** The node label that asks the installer to install Sysbox on a node (value `yes`). */
export const SYSBOX_INSTALL_LABEL = "sysbox-install";

/** Node labels the Sysbox installer manages itself; pools must not pre-set them (nestybox/sysbox#816). */
export const INSTALLER_MANAGED_LABELS: readonly string[] = ["sysbox-runtime", "crio-runtime"];

/** The Sysbox runtime settings a node pool needs to know. */
export interface NodePoolSysboxArgs {
    /**
     * The pool's nodes get the Sysbox runtime: they are labelled `sysbox-install=yes` (so the installer
     * DaemonSet lands there) and the installer's Kubernetes range is enforced. Match `sysboxRuntime.enabled`
     * of the {@link CvmCluster}.
     * @default false
     */
    readonly enabled?: boolean;
    /**
     * The installer tag whose Kubernetes range is enforced.
     * @default "v0.7.1-0"
     */
    readonly installerTag?: string;
}

/** The optional taint that keeps other workloads off CVM nodes. */
export interface CvmTaintArgs {
    /**
     * Taint key.
     * @default "cvmkit.dev/cvm-node"
     */
    readonly key?: string;
    /**
     * Taint value.
     * @default "true"
     */
    readonly value?: string;
}

/** Node count settings of a pool. */
export interface NodePoolScalingArgs {
    /**
     * Minimum number of nodes.
     * @default 1
     */
    readonly minSize?: number;
    /**
     * Maximum number of nodes (the autoscaler's limit).
     * @default 3, or minSize when that is larger
     */
    readonly maxSize?: number;
    /**
     * Number of nodes at creation.
     * @default minSize, at least 1
     */
    readonly desiredSize?: number;
}

/** The settings every cvmkit node pool shares. */
export interface CvmNodePoolCommonArgs extends NodePoolScalingArgs {
    /**
     * The node Kubernetes version (`1.33`, `1.33.2`, …): 1.18 or newer, and inside the Sysbox installer's
     * range when the runtime is on.
     */
    readonly kubernetesVersion?: string;
    /**
     * The Sysbox runtime on this pool's nodes.
     * @default off
     */
    readonly sysboxRuntime?: NodePoolSysboxArgs;
    /**
     * Extra node labels. `sysbox-runtime` and `crio-runtime` are refused (the installer sets them), and
     * `sysbox-install` is set by {@link sysboxRuntime}.
     * @default {}
     */
    readonly labels?: Readonly<Record<string, string>>;
    /**
     * Taint the nodes with `cvmkit.dev/cvm-node=true:NoSchedule` (or the given key/value) so that only CVM pods,
     * which tolerate it, run there.
     * @default false
     */
    readonly taint?: boolean | CvmTaintArgs;
    /**
     * With the Sysbox runtime off: keep `sysbox-install=yes` on a pool that carried it, so turning the runtime
     * off changes no node (the installer DaemonSet is gone, so the label is inert). `false` drops it — in place
     * on every cloud, no node is replaced. A pool created with the runtime off never gets the label. The
     * memory of the label is a `pulumi:index:Stash` named `<pool>-sysbox-install` in the stack state.
     * @default true
     */
    readonly keepSysboxInstallLabel?: boolean;
    /**
     * The escape hatch for sizes whose vCPU count cvmkit cannot read from the name: the vCPUs per node.
     * Ignored when the name says it.
     * @default read from the size name
     */
    readonly vcpus?: number;
}

/** A taint as cvmkit needs it; clouds format it differently. */
export interface CvmTaint {
    readonly key: string;
    readonly value: string;
    readonly effect: "NoSchedule";
}

/** A Kubernetes toleration (the fields cvmkit sets). */
export interface CvmToleration {
    readonly key: string;
    readonly operator: "Equal";
    readonly value: string;
    readonly effect: "NoSchedule";
}

/** The checked common settings of a pool. */
export interface ResolvedNodePool {
    /** The parsed node version, when given. */
    readonly version?: KubernetesVersion;
    /** The Sysbox installer release when the runtime is on. */
    readonly sysbox?: SysboxInstallerRelease;
    /** All node labels (user labels, {@link CVM_NODE_LABEL}, `sysbox-install=yes` when the runtime is on). */
    readonly labels: Readonly<Record<string, string>>;
    /** The labels without `sysbox-install` (the shells add it through {@link SYSBOX_INSTALL_LABEL}'s stash). */
    readonly baseLabels: Readonly<Record<string, string>>;
    /** Keep `sysbox-install=yes` when the runtime is turned off ({@link CvmNodePoolCommonArgs.keepSysboxInstallLabel}). */
    readonly keepSysboxInstallLabel: boolean;
    /** The taint, when on. */
    readonly taint?: CvmTaint;
    /** The node selector of CVM pods for this pool. */
    readonly nodeSelector: Readonly<Record<string, string>>;
    /** The tolerations CVM pods need for this pool. */
    readonly tolerations: readonly CvmToleration[];
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredSize: number;
}

function assertCount(field: string, value: unknown, min: number): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
        fail(field, value, `must be a whole number ≥ ${min}`, `set ${field} to e.g. ${min + 1}`);
    }
    return value;
}

/**
 * A pool's label map: the shared label rules ({@link assertLabels}), and `sysbox-runtime` / `crio-runtime` /
 * `sysbox-install` refused (the installer or cvmkit sets them).
 */
export function assertPoolLabels(field: string, labels: unknown): Readonly<Record<string, string>> {
    assertOptionalObject(field, labels);
    for (const [key, value] of Object.entries(labels ?? {})) {
        if (INSTALLER_MANAGED_LABELS.includes(key)) {
            fail(
                `${field}.${key}`,
                value,
                "the Sysbox installer sets this label itself; a pool label breaks its node update (AKS refuses it, nestybox/sysbox#816)",
                `remove ${key} from the pool labels; turn the runtime on with sysboxRuntime.enabled=true`,
            );
        }
        if (key === SYSBOX_INSTALL_LABEL) {
            fail(
                `${field}.${key}`,
                value,
                `cvmkit sets ${SYSBOX_INSTALL_LABEL}=yes itself when the Sysbox runtime is on`,
                "remove the label and set sysboxRuntime.enabled=true instead",
            );
        }
    }
    return assertLabels(field, labels);
}

/**
 * Checks the settings every CVM pool shares and derives labels, taint, node selector and tolerations.
 * Throws a {@link CvmkitConfigError} naming field, value and fix.
 *
 * @param args the pool args.
 * @param opts `versionRequired`: the pool cannot work without a version (EKS custom AMIs are per minor).
 */
export function resolveNodePool(
    args: CvmNodePoolCommonArgs,
    opts: { readonly versionRequired?: boolean; readonly versionField?: string } = {},
): ResolvedNodePool {
    const versionField = opts.versionField ?? "kubernetesVersion";
    let version: KubernetesVersion | undefined;
    if (args.kubernetesVersion === undefined || args.kubernetesVersion === "") {
        if (opts.versionRequired) {
            fail(
                versionField,
                args.kubernetesVersion,
                "is required: the node image is chosen per Kubernetes minor",
                'pass the cluster\'s Kubernetes version, e.g. "1.33"',
            );
        }
    } else {
        version = parseKubernetesVersion(args.kubernetesVersion, versionField);
        assertCvmKubernetesVersion(version, versionField);
    }

    const runtime = args.sysboxRuntime;
    if (runtime !== undefined && (typeof runtime !== "object" || runtime === null)) {
        fail(
            "sysboxRuntime",
            runtime,
            "must be an object",
            "pass { enabled: true } or leave it out for the supervisor mode",
        );
    }
    let sysbox: SysboxInstallerRelease | undefined;
    if (runtime?.enabled) {
        sysbox =
            runtime.installerTag === undefined
                ? version
                    ? defaultInstallerFor(version)
                    : DEFAULT_SYSBOX_INSTALLER
                : findInstallerRelease(runtime.installerTag);
        if (version) assertInstallerSupports(sysbox, version, versionField);
    }

    const userLabels = assertPoolLabels("labels", args.labels);
    const labels: Record<string, string> = {
        ...userLabels,
        [CVM_NODE_LABEL]: CVM_NODE_LABEL_VALUE,
    };
    const baseLabels = { ...labels };
    if (sysbox) labels[SYSBOX_INSTALL_LABEL] = "yes";
    const keep = args.keepSysboxInstallLabel ?? true;
    if (typeof keep !== "boolean") {
        fail(
            "keepSysboxInstallLabel",
            keep,
            "must be true or false",
            "leave it out to keep the label when the runtime is turned off, or pass false to drop it",
        );
    }

    let taint: CvmTaint | undefined;
    if (args.taint !== undefined && args.taint !== false) {
        const t: CvmTaintArgs = args.taint === true ? {} : args.taint;
        if (typeof t !== "object" || t === null) {
            fail("taint", args.taint, "must be true, false or { key, value }", "pass taint: true");
        }
        const key = t.key ?? CVM_TAINT_KEY;
        const value = t.value ?? "true";
        assertLabelKey("taint.key", key);
        if (INSTALLER_MANAGED_LABELS.includes(key)) {
            fail(
                "taint.key",
                key,
                "the Sysbox installer manages this taint itself",
                `use "${CVM_TAINT_KEY}"`,
            );
        }
        assertLabelValue("taint.value", value);
        taint = { key, value, effect: "NoSchedule" };
    }

    const minSize = assertCount("minSize", args.minSize ?? 1, 0);
    const maxSize = assertCount("maxSize", args.maxSize ?? Math.max(3, minSize), 1);
    const desiredSize = assertCount("desiredSize", args.desiredSize ?? Math.max(minSize, 1), 0);
    if (minSize > maxSize) {
        fail("minSize", minSize, `is larger than maxSize (${maxSize})`, "make minSize ≤ maxSize");
    }
    if (desiredSize < minSize || desiredSize > maxSize) {
        fail(
            "desiredSize",
            desiredSize,
            `must lie between minSize (${minSize}) and maxSize (${maxSize})`,
            "adjust desiredSize, minSize or maxSize",
        );
    }

    return {
        ...(version ? { version } : {}),
        ...(sysbox ? { sysbox } : {}),
        labels,
        baseLabels,
        keepSysboxInstallLabel: keep,
        ...(taint ? { taint } : {}),
        nodeSelector: { [CVM_NODE_LABEL]: CVM_NODE_LABEL_VALUE },
        tolerations: taint
            ? [{ key: taint.key, operator: "Equal", value: taint.value, effect: "NoSchedule" }]
            : [],
        minSize,
        maxSize,
        desiredSize,
    };
}

/** The smallest node disk cvmkit accepts, in GB or GiB as the cloud counts it: workspace images are large. */
export const MIN_CVM_NODE_DISK = 30;

/**
 * A node disk size: a whole number, at least {@link MIN_CVM_NODE_DISK}. `disk` names it as the cloud does
 * ("boot disk", "OS disk", "root volume"), `unit` is the cloud's unit, `suggested` the pool's default.
 */
export function assertCvmDiskSize(
    field: string,
    value: unknown,
    disk: string,
    unit: "GB" | "GiB",
    suggested: number,
): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < MIN_CVM_NODE_DISK) {
        fail(
            field,
            value,
            `CVM nodes need ${/^[aeiou]/i.test(disk) ? "an" : "a"} ${disk} of at least ${MIN_CVM_NODE_DISK} ${unit} (workspace images are large)`,
            `use ${suggested} or more`,
        );
    }
    return value;
}

/** Throws unless `value` is one of `allowed`; `refused` maps known-bad values to the reason. */
export function assertChoice<T extends string>(
    field: string,
    value: unknown,
    allowed: readonly T[],
    refused: Readonly<Record<string, string>>,
    fix: string,
): T {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) {
        return value as T;
    }
    const key = typeof value === "string" ? value : "";
    const reason =
        refused[key] ??
        Object.entries(refused).find(([k]) => key.toLowerCase().startsWith(k.toLowerCase()))?.[1];
    fail(field, value, reason ?? `must be one of ${allowed.join(", ")}`, fix);
}
