import type { ComponentSource } from "./index";

/** Schema type token → [source file, exported TypeScript type]: the types of `cvmkit/aws` and its CvmStack shapes. */
export const AWS_SOURCES: Readonly<Record<string, readonly [string, string]>> = {};

export const AWS_COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {};
