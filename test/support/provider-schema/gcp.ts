import type { ComponentSource } from "./index";

/** Schema type token → [source file, exported TypeScript type]: the types of `cvmkit/gcp` and its CvmStack shapes. */
export const GCP_SOURCES: Readonly<Record<string, readonly [string, string]>> = {};

export const GCP_COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = {};
