/** Schema type token → [source file, exported TypeScript type]: the types the three cloud pools share. */
export const POOL_SOURCES: Readonly<Record<string, readonly [string, string]>> = {
    "cvmkit:index:NodePoolSysbox": ["lib/compat/node-pools.ts", "NodePoolSysboxArgs"],
    "cvmkit:index:CvmTaint": ["lib/compat/node-pools.ts", "CvmTaintArgs"],
    "cvmkit:index:CpuArchitecture": ["lib/compat/machine-sizes.ts", "CpuArchitecture"],
};
