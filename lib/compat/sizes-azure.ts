import type { CpuArchitecture, GpuVendor } from "./hardware";

/**
 * Azure VM size names (`Standard_D4s_v5`, `Standard_E8-4ds_v5`, `Standard_NC24ads_A100_v4`) → vCPUs,
 * architecture and GPU vendor. Pure rules read from the naming scheme.
 */

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
