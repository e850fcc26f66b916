/**
 * 4b. The real-engine measurement on a real node: `pulumi up` of the top-level program and of its hand-written
 * peer until the DaemonSets are ready on the node. It needs the real-node harness (`startControlPlane({ nodes })`
 * with `test/e2e/support/node.ts` and `node-specs.ts`), which this tree does not have yet; until it has, the
 * section reports that it was not measured (it is no failure: nothing is broken, there is nothing to run).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type NodeResult = { readonly notMeasured: string };

/** The compiled node harness, when this tree has it. */
const HARNESS = path.resolve(__dirname, "..", "test", "e2e", "support", "node-specs.js");

export async function benchNode(log: (s: string) => void): Promise<NodeResult> {
    const reason = fs.existsSync(HARNESS)
        ? "the real-node harness is in this tree, but bench/node.ts does not drive it yet"
        : "the real-node harness (test/e2e/support/node.ts, node-specs.ts) is not in this tree";
    log(`  node: not measured: ${reason}`);
    return Promise.resolve({ notMeasured: reason });
}
