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
 * {@link poolCommonInputs} (of their own module) into their pool's inputs.
 */

/** The modules with a node pool; each gets its own copy of the shared pool types. */
export type PoolModule = "aws" | "gcp" | "azure";

/**
 * Type tokens of the shared pool types in `module`. Each cloud module has its own copy (one definition here):
 * the Go SDK makes a package per module, and a union member from another package is an import the Go code
 * generator adds but does not use (`taint: bool | CvmTaint` becomes `pulumi.Input`), which does not compile;
 * a shared `pools` package would also need the root package (`CvmStack`) and the cloud packages to import it.
 */
export function poolTokens(module: PoolModule) {
    return {
        sysbox: `cvmkit:${module}:NodePoolSysbox`,
        taint: `cvmkit:${module}:CvmTaint`,
        architecture: `cvmkit:${module}:CpuArchitecture`,
    } as const;
}

/** The shared pool types of `module`, under {@link poolTokens}. */
export function poolTypes(
    module: PoolModule,
): Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> {
    const t = poolTokens(module);
    return {
        [t.sysbox]: objectType<NodePoolSysboxArgs>("The Sysbox runtime on a pool's nodes.", {
            enabled: bool(
                "Label the nodes sysbox-install=yes and enforce the installer's Kubernetes range. Match sysboxRuntime.enabled of the CvmCluster. Default false.",
            ),
            installerTag: str(
                'The installer tag whose Kubernetes range is enforced. Default "v0.7.1-0".',
            ),
        }),
        [t.taint]: objectType<CvmTaintArgs>("The taint that keeps other workloads off CVM nodes.", {
            key: str('Taint key. Default "cvmkit.dev/cvm-node".'),
            value: str('Taint value. Default "true".'),
        }),
        [t.architecture]: enumType<CpuArchitecture>("CPU architecture of the nodes.", {
            amd64: "x86-64.",
            arm64: "64-bit Arm (Graviton, Tau T2A, Ampere).",
        }),
    };
}

/** The inputs every cloud pool has, with the same meaning and defaults (types of `module`). */
export function poolCommonInputs(module: PoolModule): {
    readonly [K in keyof CvmNodePoolCommonArgs]-?: PropertySpec;
} {
    const t = poolTokens(module);
    return {
        kubernetesVersion: str(
            "The nodes' Kubernetes version (1.33, 1.33.2, …): 1.18 or newer, inside the Sysbox installer's range when the runtime is on.",
        ),
        sysboxRuntime: ref(t.sysbox, "The Sysbox runtime on this pool's nodes. Default off."),
        labels: stringMap(
            "Extra node labels (sysbox-runtime and crio-runtime are refused: the installer sets them). Default {}.",
        ),
        taint: boolOr(
            t.taint,
            "Taint the nodes cvmkit.dev/cvm-node=true:NoSchedule (or the given key/value) so only CVM pods run there. Default false.",
        ),
        keepSysboxInstallLabel: bool(
            "With the Sysbox runtime off: keep sysbox-install=yes on a pool that carried it, so turning the runtime off changes no node (false drops it, in place). Default true.",
        ),
        vcpus: int(
            "vCPUs per node, for sizes whose name does not say it. Default: read from the size name.",
        ),
        minSize: int("Minimum number of nodes. Default 1."),
        maxSize: int("Maximum number of nodes. Default 3, or minSize when that is larger."),
        desiredSize: int("Number of nodes at creation. Default minSize, at least 1."),
    };
}
