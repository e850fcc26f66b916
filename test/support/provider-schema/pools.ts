import type { PoolModule } from "../../../lib/provider/schema-pools";

/** Schema type token → [source file, exported TypeScript type]: the shared pool types, in each cloud module. */
export function poolSources(
    module: PoolModule,
): Readonly<Record<string, readonly [string, string]>> {
    return {
        [`cvmkit:${module}:NodePoolSysbox`]: ["lib/compat/node-pools.ts", "NodePoolSysboxArgs"],
        [`cvmkit:${module}:CvmTaint`]: ["lib/compat/node-pools.ts", "CvmTaintArgs"],
        [`cvmkit:${module}:CpuArchitecture`]: ["lib/compat/machine-sizes.ts", "CpuArchitecture"],
    };
}
