#!/usr/bin/env node
/**
 * Entry point of the `pulumi-resource-cvmkit` plugin (the launcher in provider/ runs it with the repository's
 * Node 22; the npm package installs it as the `pulumi-resource-cvmkit` bin): serves {@link CvmkitProvider}
 * over Pulumi's provider protocol. On a Node.js older than cvmkit's minimum it says so and exits 1, before
 * the engine sees a half-started plugin.
 */
import { assertSupportedNode, UnsupportedNodeError } from "../compat/node-runtime";

try {
    assertSupportedNode();
} catch (err) {
    if (!(err instanceof UnsupportedNodeError)) throw err;
    process.stderr.write(`pulumi-resource-cvmkit: ${err.message}\n`);
    process.exit(1);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serve } = require("./serve") as typeof import("./serve");
serve();
