import type { CpuArchitecture, GpuVendor } from "./hardware";

/**
 * GCP machine type names (`e2-standard-4`, `n2-custom-6-24576`, `c4a-standard-8`) and accelerator types →
 * vCPUs, architecture and GPU vendor. Pure rules read from the naming scheme.
 */

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
