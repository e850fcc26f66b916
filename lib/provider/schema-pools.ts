import type {
    CpuArchitecture,
    CvmNodePoolCommonArgs,
    CvmTaintArgs,
    NodePoolSysboxArgs,
} from "../compat";
import {
    bool,
    boolOr,
    EnumTypeSpec,
    enumType,
    int,
    ObjectTypeSpec,
    objectType,
    PropertySpec,
    ref,
    str,
    stringMap,
} from "./spec";

/**
 * The schema of what the three cloud node pools share (`CvmNodePoolCommonArgs` of `lib/compat/node-pools.ts`):
 * the Sysbox settings, the taint, scaling and the vCPU escape hatch. The cloud files spread
 * {@link POOL_COMMON_INPUTS} into their pool's inputs.
 */

/** Type tokens of the shared pool types. */
export const POOL_T = {
    sysbox: "cvmkit:index:NodePoolSysbox",
    taint: "cvmkit:index:CvmTaint",
    architecture: "cvmkit:index:CpuArchitecture",
} as const;

export const POOL_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {
    [POOL_T.sysbox]: objectType<NodePoolSysboxArgs>("The Sysbox runtime on a pool's nodes.", {
        enabled: bool(
            "Label the nodes sysbox-install=yes and enforce the installer's Kubernetes range. Match sysboxRuntime.enabled of the CvmCluster. Default false.",
        ),
        installerTag: str(
            'The installer tag whose Kubernetes range is enforced. Default "v0.7.1-0".',
        ),
    }),
    [POOL_T.taint]: objectType<CvmTaintArgs>(
        "The taint that keeps other workloads off CVM nodes.",
        {
            key: str('Taint key. Default "cvmkit.dev/cvm-node".'),
            value: str('Taint value. Default "true".'),
        },
    ),
    [POOL_T.architecture]: enumType<CpuArchitecture>("CPU architecture of the nodes.", {
        amd64: "x86-64.",
        arm64: "64-bit Arm (Graviton, Tau T2A, Ampere).",
    }),
};

/** The inputs every cloud pool has, with the same meaning and defaults. */
export const POOL_COMMON_INPUTS: { readonly [K in keyof CvmNodePoolCommonArgs]-?: PropertySpec } = {
    kubernetesVersion: str(
        "The nodes' Kubernetes version (1.33, 1.33.2, …): 1.18 or newer, inside the Sysbox installer's range when the runtime is on.",
    ),
    sysboxRuntime: ref(POOL_T.sysbox, "The Sysbox runtime on this pool's nodes. Default off."),
    labels: stringMap(
        "Extra node labels (sysbox-runtime and crio-runtime are refused: the installer sets them). Default {}.",
    ),
    taint: boolOr(
        POOL_T.taint,
        "Taint the nodes cvmkit.dev/cvm-node=true:NoSchedule (or the given key/value) so only CVM pods run there. Default false.",
    ),
    vcpus: int(
        "vCPUs per node, for sizes whose name does not say it. Default: read from the size name.",
    ),
    minSize: int("Minimum number of nodes. Default 1."),
    maxSize: int("Maximum number of nodes. Default 3, or minSize when that is larger."),
    desiredSize: int("Number of nodes at creation. Default minSize, at least 1."),
};
