/**
 * `cvmkit/provider`: the Pulumi component provider that serves cvmkit's components to every Pulumi language
 * (the `pulumi-resource-cvmkit` plugin) and its package schema. The package root does not load it.
 *
 * @packageDocumentation
 */
export { CvmkitProvider } from "./provider";
export { packageSchema, PACKAGE_NAME } from "./schema";
export { serve } from "./serve";
