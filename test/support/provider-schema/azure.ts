import type { ComponentSource } from "./index";

/** Schema type token → [source file, exported TypeScript type]: the types of `cvmkit/azure` and its CvmStack shapes. */
export const AZURE_SOURCES: Readonly<Record<string, readonly [string, string]>> = {};

export const AZURE_COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {};
