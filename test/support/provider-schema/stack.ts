import type { ComponentSource } from "./index";

/** Schema type token → [source file, exported TypeScript type]: CvmStack's own types. */
export const STACK_SOURCES: Readonly<Record<string, readonly [string, string]>> = {
    "cvmkit:index:StackCloud": ["lib/stack/args.ts", "StackCloud"],
    "cvmkit:index:StackCvm": ["lib/stack/args.ts", "StackCvmArgs"],
};

export const STACK_COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {
    "cvmkit:index:CvmStack": {
        args: ["lib/stack/args.ts", "CvmStackArgs"],
        component: ["lib/stack/cvm-stack.ts", "CvmStack"],
        extraOutputs: ["provider"],
    },
};
