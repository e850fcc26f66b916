/**
 * The nodes of the e2e cluster and the stand-in images they run, derived from cvmkit's own code:
 * - the CVM node is labelled and tainted exactly as `planStack` labels and taints each cloud's CVM pool
 *   (AWS, GCP and Azure plan the same labels and taint; `cvmPoolPlan` checks that and returns them), and
 *   has a containerd runtime handler named like the `sysbox-runc` RuntimeClass's handler — runc underneath,
 *   not Sysbox (Sysbox cannot be built or run here);
 * - optionally a second CVM node without that handler (what a node looks like whose Sysbox install is
 *   missing), and a plain node with no labels and no taint.
 * - the images: cvmkit's probe program (tools/toolchain/node-images/probe) packed under the image names
 *   cvmkit's manifests use (supervisor, Sysbox installer, workspace, pause). Only the program is a stand-in;
 *   the pod specs are cvmkit's.
 */
import type { CvmTaint, ResolvedNodePool } from "../../../lib/compat";
import { SYSBOX_RUNTIME_CLASS, type RenderedManifests } from "../../../lib/manifests";
import { planStack } from "../../../lib/stack/cvm-stack";
import type { NodeImage, NodeSpec } from "./node";

/** The CVM pool's labels and taint as `planStack` plans them, identical for every cloud (else it throws). */
export function cvmPoolPlan(): {
    labels: Readonly<Record<string, string>>;
    taint: CvmTaint;
    pool: ResolvedNodePool;
} {
    const cvm = { sysboxRuntime: { enabled: true } };
    const pools = [
        planStack({
            cloud: "aws",
            cluster: { existing: { name: "e2e" } },
            nodePool: { taint: true },
            cvm,
        }),
        planStack({
            cloud: "gcp",
            cluster: { existing: { name: "e2e", location: "us-central1" } },
            nodePool: { taint: true },
            cvm,
        }),
        planStack({
            cloud: "azure",
            cluster: { resourceGroupName: "rg", existing: { name: "e2e" } },
            nodePool: { taint: true },
            cvm,
        }),
    ].map((p) => p.pool);
    const first = pools[0];
    if (!first?.taint) throw new Error("planStack planned no CVM pool taint");
    for (const p of pools) {
        if (JSON.stringify(p?.labels) !== JSON.stringify(first.labels)) {
            throw new Error(
                `clouds plan different pool labels: ${JSON.stringify(pools.map((x) => x?.labels))}`,
            );
        }
        if (JSON.stringify(p?.taint) !== JSON.stringify(first.taint)) {
            throw new Error(
                `clouds plan different pool taints: ${JSON.stringify(pools.map((x) => x?.taint))}`,
            );
        }
    }
    return { labels: first.labels, taint: first.taint, pool: first };
}

export const CVM_NODE = "cvm-node";
export const CVM_NODE_NO_HANDLER = "cvm-node-nohandler";
export const PLAIN_NODE = "plain-node";

/**
 * The e2e nodes: `cvm-node` (pool labels + taint, the `sysbox-runc` handler, NetworkPolicies enforced by
 * kube-router), `plain-node`, and with `noHandlerNode` also `cvm-node-nohandler` (pool labels + taint, no
 * `sysbox-runc` handler).
 */
export function e2eNodeSpecs(opts: { noHandlerNode?: boolean } = {}): NodeSpec[] {
    const { labels, taint } = cvmPoolPlan();
    const cvm: NodeSpec = {
        name: CVM_NODE,
        labels,
        taints: [taint],
        runtimeHandlers: [SYSBOX_RUNTIME_CLASS],
        networkPolicy: true,
    };
    const specs: NodeSpec[] = [cvm];
    if (opts.noHandlerNode) specs.push({ name: CVM_NODE_NO_HANDLER, labels, taints: [taint] });
    specs.push({ name: PLAIN_NODE });
    return specs;
}

/**
 * The stand-in images for what `rendered` deploys and templates: the supervisor image (the probe also at
 * the supervisor command's path), the Sysbox installer and workspace images, and the pause image of the
 * pre-pull DaemonSet.
 */
export function standInImages(rendered: RenderedManifests): NodeImage[] {
    const c = rendered.config;
    const images: NodeImage[] = [
        {
            names: [c.supervisor.image],
            programPaths: c.supervisor.command.length > 0 ? [c.supervisor.command[0]!] : [],
        },
    ];
    const sysboxImages = new Set<string>();
    if (rendered.installerImage) sysboxImages.add(rendered.installerImage);
    if (c.sysbox?.workspaceImage) sysboxImages.add(c.sysbox.workspaceImage);
    for (const o of rendered.objects) {
        const spec = (
            o as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }
        ).spec?.template?.spec;
        for (const ct of spec?.containers ?? []) {
            if (ct.image && !ct.image.includes("pause")) sysboxImages.add(ct.image);
        }
    }
    sysboxImages.delete(c.supervisor.image);
    if (sysboxImages.size > 0) {
        images.push({ names: [...sysboxImages] });
    }
    const pauses = new Set<string>();
    for (const o of rendered.objects) {
        const spec = (
            o as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }
        ).spec?.template?.spec;
        for (const ct of spec?.containers ?? [])
            if (ct.image?.includes("pause")) pauses.add(ct.image);
    }
    if (pauses.size > 0) images.push({ names: [...pauses], pause: true });
    return images;
}
