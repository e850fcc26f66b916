/** The hardware vocabulary of the machine-size rules (`machine-sizes.ts`, `sizes-*.ts`). Types only. */

/** GPU vendor of a size or accelerator. */
export type GpuVendor = "nvidia" | "amd";

/**
 * CPU architecture as Kubernetes names it.
 *
 * - `amd64`: x86-64.
 * - `arm64`: 64-bit Arm (Graviton, Tau T2A, Ampere).
 */
export type CpuArchitecture = "amd64" | "arm64";
