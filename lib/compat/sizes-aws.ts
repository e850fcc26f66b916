import type { CpuArchitecture, GpuVendor } from "./hardware";

/**
 * AWS instance type names (`m6i.xlarge`, `m7g.metal`, `hpc6a.48xlarge`) → vCPUs, architecture and GPU
 * vendor. Pure rules read from the naming scheme; `undefined` when a name does not say.
 */

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
