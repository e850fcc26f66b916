import { CvmkitConfigError } from "./errors";
import { MIN_CVM_NODE_CPUS } from "./nodes";

/**
 * vCPU count, architecture and GPU vendor from cloud machine size names — pure rules, no API calls.
 *
 * The rules read the naming schemes of AWS instance types (`m6i.xlarge`), GCP machine types
 * (`e2-standard-4`, `n2-custom-6-24576`) and Azure VM sizes (`Standard_D4s_v5`). They return
 * `undefined` instead of guessing when a name does not follow the scheme; callers then ask for
 * an explicit vCPU count.
 */

/** The clouds whose size names cvmkit reads. */
export type SizeCloud = "aws" | "gcp" | "azure";

/** GPU vendor of a size or accelerator. */
export type GpuVendor = "nvidia" | "amd";

/** CPU architecture as Kubernetes names it. */
export type CpuArchitecture = "amd64" | "arm64";

// ---------------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------------

/** An AWS instance type split into its parts: `m6gd.2xlarge` → family `m`, generation 6, attributes `gd`. */
export interface AwsInstanceType {
    /** The whole family before the dot, e.g. `m6gd`, `p6-b200`, `c7i-flex`. */
    readonly family: string;
    /** The series letters, e.g. `m`, `inf`, `hpc`. */
    readonly series: string;
    /** The generation number. */
    readonly generation: number;
    /** The attribute letters after the generation, e.g. `gd`, `i`, `dn`. */
    readonly attributes: string;
    /** The size after the dot, e.g. `2xlarge`, `metal`, `metal-24xl`. */
    readonly size: string;
}

const AWS_TYPE = /^([a-z]+)(\d+)([a-z]*)((?:-[a-z0-9]+)*)\.([a-z0-9-]+)$/;

/** Splits an AWS instance type; `undefined` when it does not follow `<family>.<size>`. */
export function parseAwsInstanceType(type: string): AwsInstanceType | undefined {
    const match = AWS_TYPE.exec(String(type).trim().toLowerCase());
    if (!match) return undefined;
    return {
        family: `${match[1]}${match[2]}${match[3]}${match[4]}`,
        series: match[1]!,
        generation: Number(match[2]),
        attributes: match[3]!,
        size: match[5]!,
    };
}

/** vCPUs of `.metal` sizes (no number in the name) for common families. */
const AWS_METAL_VCPUS: Readonly<Record<string, number>> = {
    m5: 96,
    m5d: 96,
    m5n: 96,
    m5dn: 96,
    m5zn: 48,
    c5: 96,
    c5d: 96,
    c5n: 72,
    r5: 96,
    r5d: 96,
    r5b: 96,
    r5n: 96,
    i3: 72,
    i3en: 96,
    z1d: 48,
    m6i: 128,
    m6id: 128,
    c6i: 128,
    c6id: 128,
    r6i: 128,
    r6id: 128,
    m6a: 192,
    c6a: 192,
    r6a: 192,
    m6g: 64,
    m6gd: 64,
    c6g: 64,
    c6gd: 64,
    c6gn: 64,
    r6g: 64,
    r6gd: 64,
    m7g: 64,
    m7gd: 64,
    c7g: 64,
    c7gd: 64,
    r7g: 64,
    r7gd: 64,
    m8g: 192,
    c8g: 192,
    r8g: 192,
    g4dn: 96,
    a1: 16,
};

/** Families whose x86 vCPU count is half the usual (SMT off): vCPUs = 2 × the `N` of `Nxlarge`. */
const AWS_NO_SMT_X86 = /^hpc\d+[a-z]*$/;

/** True when the instance type is a Graviton (arm64) type: `a1`, or attributes starting with `g` (`m6g`, `c7gn`, `is4gen`, `g5g`). */
function awsIsGraviton(t: AwsInstanceType): boolean {
    return t.family === "a1" || t.attributes.startsWith("g");
}

/**
 * vCPUs of an AWS instance type from its size suffix: `nano`/`micro`/`small`/`medium` 2, `large` 2,
 * `xlarge` 4, `Nxlarge` 4·N, `metal-Nxl` 4·N, with the known exceptions: `t2.nano|micro|small` have 1,
 * Graviton `medium` has 1 (no SMT, so `a1.medium`, `m6g.medium` = 1), x86 `hpc*` families have SMT off
 * (`hpc6a.48xlarge` = 96), and `metal` comes from a table of common families.
 *
 * @returns the vCPU count, or `undefined` when the name does not say it.
 */
export function awsInstanceVcpus(type: string): number | undefined {
    const t = parseAwsInstanceType(type);
    if (!t) return undefined;
    const graviton = awsIsGraviton(t);
    const size = t.size;
    if (["nano", "micro", "small", "medium"].includes(size)) {
        if (t.family === "t2" && size !== "medium") return 1;
        if (t.family === "t1" || t.family === "m1" || t.family === "m3") return undefined;
        if (graviton && size === "medium") return 1;
        return 2;
    }
    if (size === "metal") {
        return AWS_METAL_VCPUS[t.family];
    }
    const metalXl = /^metal-(\d+)xl$/.exec(size);
    const xlarge = /^(\d*)xlarge$/.exec(size);
    let n: number;
    if (size === "large") {
        n = 0.5;
    } else if (xlarge) {
        n = xlarge[1] === "" ? 1 : Number(xlarge[1]);
    } else if (metalXl) {
        n = Number(metalXl[1]);
    } else {
        return undefined;
    }
    if (!graviton && AWS_NO_SMT_X86.test(t.family)) {
        return Math.max(1, Math.round(2 * n));
    }
    return Math.round(4 * n);
}

/** Architecture of an AWS instance type: arm64 for Graviton families, amd64 otherwise. */
export function awsInstanceArchitecture(type: string): CpuArchitecture | undefined {
    const t = parseAwsInstanceType(type);
    if (!t) return undefined;
    if (t.series === "mac") return undefined;
    return awsIsGraviton(t) ? "arm64" : "amd64";
}

/**
 * GPU vendor of an AWS instance type: the `p*` and `g*` / `gr*` families carry NVIDIA GPUs, except
 * `g4ad` (AMD Radeon Pro).
 */
export function awsInstanceGpu(type: string): GpuVendor | undefined {
    const t = parseAwsInstanceType(type);
    if (!t) return undefined;
    if (t.family === "g4ad") return "amd";
    if (t.series === "p" || t.series === "g" || t.series === "gr") return "nvidia";
    return undefined;
}

// ---------------------------------------------------------------------------------------------
// GCP
// ---------------------------------------------------------------------------------------------

/** Shared-core GCP machine types: the vCPUs Compute Engine reports. */
const GCP_SHARED_CORE: Readonly<Record<string, number>> = {
    "e2-micro": 2,
    "e2-small": 2,
    "e2-medium": 2,
    "f1-micro": 1,
    "g1-small": 1,
};

/** GCP machine-series prefixes that carry NVIDIA GPUs (A2, A3, A4, A4X, G2, G4). */
const GCP_GPU_SERIES = /^(a2|a3|a4|a4x|g2|g4)-/;
/** GCP Arm machine series (Tau T2A, Axion C4A / N4A / A4X). */
const GCP_ARM_SERIES = /^(t2a|c4a|n4a|a4x)-/;

/**
 * vCPUs of a GCP machine type: the trailing number of `<series>-<type>-<N>` (`e2-standard-4` → 4,
 * `n2-highmem-8` → 8, `c3-standard-4-lssd` → 4), the first number of custom types
 * (`n2-custom-6-24576`, `custom-6-24576`, `-ext` variants → 6), 2 for shared-core E2 types
 * (`e2-medium`; 1 for `f1-micro`/`g1-small`).
 *
 * @returns the vCPU count, or `undefined` for names without a vCPU count (GPU-bundled `a2-highgpu-1g`, TPUs).
 */
export function gcpMachineVcpus(type: string): number | undefined {
    const name = String(type).trim().toLowerCase();
    if (name in GCP_SHARED_CORE) return GCP_SHARED_CORE[name];
    if (/^e2-custom-(micro|small|medium)-\d+$/.test(name)) return 2;
    const custom = /^(?:[a-z0-9]+-)?custom-(\d+)-\d+(?:-ext)?$/.exec(name);
    if (custom) return Number(custom[1]);
    const standard = /^[a-z][a-z0-9]*-[a-z]+-(\d+)(?:-(?:lssd|highlssd|standardlssd|metal))?$/.exec(
        name,
    );
    if (standard) return Number(standard[1]);
    return undefined;
}

/** Architecture of a GCP machine type (arm64 for T2A, C4A, N4A, A4X; amd64 otherwise). */
export function gcpMachineArchitecture(type: string): CpuArchitecture {
    return GCP_ARM_SERIES.test(String(type).trim().toLowerCase()) ? "arm64" : "amd64";
}

/** GPU vendor of a GCP machine type (A2, A3, A4, G2, G4 bundle NVIDIA GPUs). */
export function gcpMachineGpu(type: string): GpuVendor | undefined {
    return GCP_GPU_SERIES.test(String(type).trim().toLowerCase()) ? "nvidia" : undefined;
}

/** GPU vendor of a GCP accelerator type (`nvidia-tesla-t4`, `nvidia-l4`, …; TPUs are not GPUs). */
export function gcpAcceleratorGpu(acceleratorType: string): GpuVendor | undefined {
    const name = String(acceleratorType).trim().toLowerCase();
    const last = name.split("/").pop() ?? name;
    if (last.startsWith("nvidia-")) return "nvidia";
    if (/(^|-)amd-|radeon|instinct|(^|-)mi\d{3}/.test(last)) return "amd";
    return undefined;
}

// ---------------------------------------------------------------------------------------------
// Azure
// ---------------------------------------------------------------------------------------------

/** An Azure VM size split into its parts: `Standard_E8-4ds_v5` → family `E`, vCPUs 8, constrained 4. */
export interface AzureVmSize {
    /** The family letters, upper-case, e.g. `D`, `NC`, `DC`, `HB`. */
    readonly family: string;
    /** The number after the family (the vCPU count for most families). */
    readonly number: number;
    /** The active vCPUs of a constrained-core size (`E8-4ds_v5` → 4). */
    readonly constrained?: number;
    /** Lower-case feature letters after the number, e.g. `ads`, `ps`, `ms`. */
    readonly features: string;
    /** Accelerator / sub-family tokens between features and version, e.g. `A100`, `T4`, `V620`. */
    readonly accelerator: string;
    /** The version (`v5`), if any. */
    readonly version?: number;
    /** Promo sizes (`_Promo`). */
    readonly promo: boolean;
}

const AZURE_SIZE =
    /^(?:standard_|basic_)?([a-z]+?)(\d+)(?:-(\d+))?([a-z]*)((?:_[a-z0-9]+)*?)(?:_v(\d+))?(_promo)?$/i;

/** Splits an Azure VM size; `undefined` when it does not follow the naming scheme. */
export function parseAzureVmSize(size: string): AzureVmSize | undefined {
    const match = AZURE_SIZE.exec(String(size).trim());
    if (!match) return undefined;
    return {
        family: match[1]!.toUpperCase(),
        number: Number(match[2]),
        ...(match[3] ? { constrained: Number(match[3]) } : {}),
        features: match[4]!.toLowerCase(),
        accelerator: match[5]!.replace(/^_/, "").toUpperCase(),
        ...(match[6] ? { version: Number(match[6]) } : {}),
        promo: Boolean(match[7]),
    };
}

/** Sizes whose number is not the vCPU count: classic A, D/DS v1–v2, G/GS. */
const AZURE_LEGACY_VCPUS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
    A: { 0: 1, 1: 1, 2: 2, 3: 4, 4: 8, 5: 2, 6: 4, 7: 8, 8: 8, 9: 16, 10: 8, 11: 16 },
    D: { 1: 1, 2: 2, 3: 4, 4: 8, 5: 16, 11: 2, 12: 4, 13: 8, 14: 16, 15: 20 },
    DS: { 1: 1, 2: 2, 3: 4, 4: 8, 5: 16, 11: 2, 12: 4, 13: 8, 14: 16, 15: 20 },
    G: { 1: 2, 2: 4, 3: 8, 4: 16, 5: 32 },
    GS: { 1: 2, 2: 4, 3: 8, 4: 16, 5: 32 },
};

/**
 * vCPUs of an Azure VM size: the number after the family (`Standard_D4s_v5` → 4, `Standard_B8ms` → 8,
 * `Standard_E16ads_v5` → 16, `Standard_D2_v3` → 2), the active vCPUs of constrained sizes
 * (`Standard_E8-4ds_v5` → 4), and a table for the legacy families whose number is not a vCPU count
 * (classic A0–A11, D/DS v1–v2 such as `Standard_DS3_v2` → 4, G/GS).
 *
 * @returns the vCPU count, or `undefined` when the name does not say it.
 */
export function azureVmVcpus(size: string): number | undefined {
    const s = parseAzureVmSize(size);
    if (!s) return undefined;
    if (s.constrained !== undefined) return s.constrained;
    const legacy = AZURE_LEGACY_VCPUS[s.family];
    const version = s.version ?? 1;
    if (legacy && (s.family !== "A" || s.version === undefined) && version <= 2) {
        if (s.family === "A" && s.features !== "") return undefined;
        return legacy[s.number];
    }
    return s.number;
}

/** Architecture of an Azure VM size: a `p` in the features means an Arm (Ampere / Cobalt) size (`Standard_D4ps_v5`). */
export function azureVmArchitecture(size: string): CpuArchitecture | undefined {
    const s = parseAzureVmSize(size);
    if (!s) return undefined;
    return s.features.includes("p") ? "arm64" : "amd64";
}

/**
 * GPU vendor of an Azure VM size: the N-series (NC, ND, NV, NG, NCC) carry GPUs; AMD for `NVv4` (`NV*as_v4`),
 * `NGads_V620`, `NV*ads_V710` and `MI300X` sizes, NVIDIA otherwise.
 */
export function azureVmGpu(size: string): GpuVendor | undefined {
    const s = parseAzureVmSize(size);
    if (!s || !s.family.startsWith("N")) return undefined;
    if (/V620|V710|MI\d{3}/.test(s.accelerator)) return "amd";
    if (s.family === "NG") return "amd";
    if (s.family === "NV" && s.version === 4) return "amd";
    return "nvidia";
}

// ---------------------------------------------------------------------------------------------
// One check for node pools
// ---------------------------------------------------------------------------------------------

/** What {@link checkCvmMachineSize} found. */
export interface MachineSizeInfo {
    /** vCPUs per node (from the name, or the override). */
    readonly vcpus: number;
    /** CPU architecture, when the name says it. */
    readonly architecture?: CpuArchitecture;
}

const CLOUD_WORD: Readonly<Record<SizeCloud, string>> = {
    aws: "instance type",
    gcp: "machine type",
    azure: "VM size",
};

const EXAMPLE_SIZE: Readonly<Record<SizeCloud, string>> = {
    aws: '"m6i.xlarge" (4 vCPU) or "m7g.xlarge" (arm64)',
    gcp: '"e2-standard-4" or "n2-standard-8"',
    azure: '"Standard_D4s_v5" or "Standard_B8ms"',
};

/** Reads the vCPUs of a size for a cloud. */
export function machineVcpus(cloud: SizeCloud, size: string): number | undefined {
    switch (cloud) {
        case "aws":
            return awsInstanceVcpus(size);
        case "gcp":
            return gcpMachineVcpus(size);
        case "azure":
            return azureVmVcpus(size);
        default: {
            const exhaustive: never = cloud;
            return exhaustive;
        }
    }
}

/** Reads the GPU vendor of a size for a cloud. */
export function machineGpu(cloud: SizeCloud, size: string): GpuVendor | undefined {
    switch (cloud) {
        case "aws":
            return awsInstanceGpu(size);
        case "gcp":
            return gcpMachineGpu(size);
        case "azure":
            return azureVmGpu(size);
        default: {
            const exhaustive: never = cloud;
            return exhaustive;
        }
    }
}

/** Reads the architecture of a size for a cloud. */
export function machineArchitecture(cloud: SizeCloud, size: string): CpuArchitecture | undefined {
    switch (cloud) {
        case "aws":
            return awsInstanceArchitecture(size);
        case "gcp":
            return gcpMachineArchitecture(size);
        case "azure":
            return azureVmArchitecture(size);
        default: {
            const exhaustive: never = cloud;
            return exhaustive;
        }
    }
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
export function checkCvmMachineSize(
    cloud: SizeCloud,
    size: string,
    field: string,
    vcpus?: number,
    vcpusField = "vcpus",
): MachineSizeInfo {
    const word = CLOUD_WORD[cloud];
    if (typeof size !== "string" || size.trim() === "") {
        throw new CvmkitConfigError(
            field,
            size,
            `an ${word} name is required`,
            `pass a size with ${MIN_CVM_NODE_CPUS}+ vCPU, e.g. ${EXAMPLE_SIZE[cloud]}`,
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
                `set ${vcpusField} to the size's vCPU count (${MIN_CVM_NODE_CPUS} or more), or use a size such as ${EXAMPLE_SIZE[cloud]}`,
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
            `use a larger size, e.g. ${EXAMPLE_SIZE[cloud]}`,
        );
    }
    return architecture ? { vcpus: count, architecture } : { vcpus: count };
}
