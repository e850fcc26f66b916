import { CvmkitConfigError } from "./errors";
import type { CpuArchitecture, GpuVendor } from "./hardware";
import { MIN_CVM_NODE_CPUS } from "./nodes";
import { awsInstanceArchitecture, awsInstanceGpu, awsInstanceVcpus } from "./sizes-aws";
import { azureVmArchitecture, azureVmGpu, azureVmVcpus } from "./sizes-azure";
import { gcpMachineArchitecture, gcpMachineGpu, gcpMachineVcpus } from "./sizes-gcp";

/**
 * vCPU count, architecture and GPU vendor from cloud machine size names — pure rules, no API calls —
 * and the one node-size check every cloud's node pool runs. The naming schemes live one per cloud
 * (`sizes-aws.ts`, `sizes-gcp.ts`, `sizes-azure.ts`); {@link SIZE_RULES} is the one table that picks
 * a cloud's rules. The rules return `undefined` instead of guessing when a name does not follow the
 * scheme; callers then ask for an explicit vCPU count.
 */

/** The clouds whose size names cvmkit reads. */
export const SIZE_CLOUDS = ["aws", "gcp", "azure"] as const;

/** The clouds whose size names cvmkit reads. */
export type SizeCloud = (typeof SIZE_CLOUDS)[number];

// the hardware types live apart so the per-cloud size files can use them without importing this file
export type { CpuArchitecture, GpuVendor };

/** One cloud's size rules and the words its errors use. */
export interface SizeRules {
    /** What the cloud calls a size, e.g. `instance type`. */
    readonly word: string;
    /** Example sizes for error messages. */
    readonly example: string;
    /** vCPUs from the name, `undefined` when the name does not say. */
    readonly vcpus: (size: string) => number | undefined;
    /** Architecture from the name, `undefined` when the name does not say. */
    readonly architecture: (size: string) => CpuArchitecture | undefined;
    /** GPU vendor from the name, `undefined` for sizes without a GPU. */
    readonly gpu: (size: string) => GpuVendor | undefined;
}

/** The size rules of each cloud: the one dispatch table. */
export const SIZE_RULES: Readonly<Record<SizeCloud, SizeRules>> = {
    aws: {
        word: "instance type",
        example: '"m6i.xlarge" (4 vCPU) or "m7g.xlarge" (arm64)',
        vcpus: awsInstanceVcpus,
        architecture: awsInstanceArchitecture,
        gpu: awsInstanceGpu,
    },
    gcp: {
        word: "machine type",
        example: '"e2-standard-4" or "n2-standard-8"',
        vcpus: gcpMachineVcpus,
        architecture: gcpMachineArchitecture,
        gpu: gcpMachineGpu,
    },
    azure: {
        word: "VM size",
        example: '"Standard_D4s_v5" or "Standard_B8ms"',
        vcpus: azureVmVcpus,
        architecture: azureVmArchitecture,
        gpu: azureVmGpu,
    },
};

/** Reads the vCPUs of a size for a cloud. */
export function machineVcpus(cloud: SizeCloud, size: string): number | undefined {
    return SIZE_RULES[cloud].vcpus(size);
}

/** Reads the GPU vendor of a size for a cloud. */
export function machineGpu(cloud: SizeCloud, size: string): GpuVendor | undefined {
    return SIZE_RULES[cloud].gpu(size);
}

/** Reads the architecture of a size for a cloud. */
export function machineArchitecture(cloud: SizeCloud, size: string): CpuArchitecture | undefined {
    return SIZE_RULES[cloud].architecture(size);
}

/** What {@link assertCvmMachineSize} found. */
export interface MachineSizeInfo {
    /** vCPUs per node (from the name, or the override). */
    readonly vcpus: number;
    /** CPU architecture, when the name says it. */
    readonly architecture?: CpuArchitecture;
}

/**
 * Throws a {@link CvmkitConfigError} for a GPU on a managed cloud node pool: NVIDIA GPUs work in CVMs
 * on bare-metal clusters only (Coder CVM docs), AMD GPUs not at all.
 */
export function assertNoGpu(vendor: GpuVendor | undefined, field: string, value: string): void {
    if (vendor === "amd") {
        throw new CvmkitConfigError(
            field,
            value,
            "AMD GPUs are not supported in CVMs",
            "choose a size without an AMD GPU; run GPU workloads outside the CVM node pool",
        );
    }
    if (vendor === "nvidia") {
        throw new CvmkitConfigError(
            field,
            value,
            "NVIDIA GPUs work in CVMs on bare-metal clusters only, not on managed cloud node pools",
            "choose a size without a GPU for the CVM pool; put GPU workloads in a separate, non-CVM node pool",
        );
    }
}

/**
 * Checks a node size for CVMs: no GPU (see {@link assertNoGpu}), and at least
 * {@link MIN_CVM_NODE_CPUS} vCPUs — read from the name, or from `vcpus` when the name does not say it.
 *
 * @param cloud which naming scheme to read.
 * @param size the instance type / machine type / VM size.
 * @param field the input name, for the error message.
 * @param vcpus the escape hatch: the vCPU count for sizes the rules cannot read (ignored when the name says it).
 * @param vcpusField the input name of `vcpus`.
 */
export function assertCvmMachineSize(
    cloud: SizeCloud,
    size: string,
    field: string,
    vcpus?: number,
    vcpusField = "vcpus",
): MachineSizeInfo {
    const { word, example } = SIZE_RULES[cloud];
    if (typeof size !== "string" || size.trim() === "") {
        throw new CvmkitConfigError(
            field,
            size,
            `an ${word} name is required`,
            `pass a size with ${MIN_CVM_NODE_CPUS}+ vCPU, e.g. ${example}`,
        );
    }
    assertNoGpu(machineGpu(cloud, size), field, size);
    const fromName = machineVcpus(cloud, size);
    const architecture = machineArchitecture(cloud, size);
    let count = fromName;
    if (count === undefined) {
        if (vcpus === undefined) {
            throw new CvmkitConfigError(
                field,
                size,
                `cvmkit cannot read the vCPU count from this ${word} name`,
                `set ${vcpusField} to the size's vCPU count (${MIN_CVM_NODE_CPUS} or more), or use a size such as ${example}`,
            );
        }
        if (!Number.isInteger(vcpus) || vcpus < 1) {
            throw new CvmkitConfigError(
                vcpusField,
                vcpus,
                "must be a positive whole number",
                `set it to the vCPU count of ${size}`,
            );
        }
        count = vcpus;
    }
    if (count < MIN_CVM_NODE_CPUS) {
        const source = fromName === undefined ? `${vcpusField} says` : "the name says";
        throw new CvmkitConfigError(
            fromName === undefined ? vcpusField : field,
            fromName === undefined ? vcpus : size,
            `CVM nodes need at least ${MIN_CVM_NODE_CPUS} vCPU; ${size} has ${count} (${source})`,
            `use a larger size, e.g. ${example}`,
        );
    }
    return architecture ? { vcpus: count, architecture } : { vcpus: count };
}
