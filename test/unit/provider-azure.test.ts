/**
 * `cvmkit:azure:SysboxNodePool` and `CvmStack` with `cloud: "azure"` served by the component provider, under the
 * recording mocks: inputs shaped as the engine sends them (plain values, Outputs of other resources at their
 * place) register exactly what the TypeScript components register with the same arguments; an Output is
 * passed on at a `pulumi.Input` path and must be known elsewhere; bad input is cvmkit's field/value/fix
 * message as a `pulumi.InputPropertyError`, with nothing registered.
 */
import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type * as Provider from "../../lib/provider";
import type { AksClusterInfo, SysboxNodePoolArgs } from "../../lib/azure/rules";
import type { AzureStackArgs } from "../../lib/stack/args";
import { COMPONENTS } from "../../lib/provider/schema";
import { AZURE_POOL_TYPE, CVM_STACK_TYPE_TOKEN } from "../../lib/provider/shapes";
import { sources } from "../support/provider-schema";
import { installMocks, MockRecorder, Recorded, settle, valueOf } from "./stack-mocks";
import { unknownOutput } from "../support/engine-outputs";

let rec: MockRecorder;
let provider: Provider.CvmkitProvider;
let azure: typeof import("../../lib/azure");
let stack: typeof import("../../lib/stack");
/** The outputs of an AKS cluster created once (not part of what the tests compare). */
let aks: AksClusterInfo;

before(async () => {
    rec = await installMocks();
    const p = await import("../../lib/provider/index.js");
    provider = new p.CvmkitProvider("0.0.0-test");
    azure = await import("../../lib/azure/index.js");
    stack = await import("../../lib/stack/index.js");
    const cluster = new azure.Cluster("aks", {
        resourceGroupName: "rg",
        kubernetesVersion: "1.33",
        azurePolicy: true,
    });
    aks = {
        resourceGroupName: cluster.resourceGroupName,
        clusterName: cluster.clusterName,
        clusterId: cluster.clusterId,
        kubernetesVersion: cluster.kubernetesVersion,
        azurePolicyEnabled: cluster.azurePolicyEnabled,
    };
    await valueOf(cluster.kubeconfig);
    await settle(rec);
});
beforeEach(() => rec.reset());

/** What a registration sends, order-independent: the comparison of a provider run with a TypeScript run. */
function snapshot(resources: readonly Recorded[]): unknown[] {
    return resources
        .map((r) => ({
            type: r.type,
            name: r.name,
            custom: r.custom,
            provider: r.provider,
            parent: r.parent,
            dependencies: [...r.dependencies].sort(),
            ignoreChanges: [...r.ignoreChanges].sort(),
            inputs: r.inputs,
        }))
        .sort((a, b) => `${a.type}::${a.name}`.localeCompare(`${b.type}::${b.name}`));
}

/** Every schema output of `token` read from a TypeScript component (Outputs awaited, resources by URN). */
async function outputValues(token: string, values: Record<string, unknown>): Promise<unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(COMPONENTS[token]!.resource.properties)) {
        const v = values[key];
        out[key] = pulumi.Resource.isInstance(v)
            ? await valueOf(v.urn)
            : pulumi.Output.isInstance(v)
              ? await valueOf(v)
              : v;
    }
    return out;
}

/** Runs `build` and returns what it registered (and the component's schema outputs). */
async function run(
    token: string,
    build: () => Promise<Record<string, unknown>>,
): Promise<{ resources: unknown[]; outputs: unknown }> {
    rec.reset();
    const outputs = await outputValues(token, await build());
    await settle(rec);
    return { resources: snapshot(rec.resources), outputs };
}

/** The pool args, with the cluster (Outputs of the AKS cluster) and a subnet given as an Output. */
function poolArgs(): SysboxNodePoolArgs {
    return {
        cluster: aks,
        agentPoolName: "sysbox",
        vmSize: "Standard_D8s_v5",
        osSKU: "Ubuntu2204",
        osDiskSizeGB: 256,
        kubernetesVersion: "1.33",
        sysboxRuntime: { enabled: true },
        labels: { team: "cvm" },
        taint: { key: "cvm", value: "only" },
        minSize: 1,
        maxSize: 4,
        desiredSize: 2,
        availabilityZones: ["1", "2"],
        vnetSubnetID: pulumi.output(aks.clusterId!).apply((id) => `${id}/subnets/cvm`),
        tags: { env: "test" },
        azurePolicy: { effect: "Deny", excludedNamespaces: ["kube-system", "monitoring"] },
    };
}

/** Construct through the provider, with `inputs` as the engine hands them over. */
async function construct(
    name: string,
    type: string,
    inputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
    const result = await provider.construct(name, type, inputs as pulumi.Inputs, {});
    return result.state as Record<string, unknown>;
}

/** Asserts `p` rejects with an InputPropertyError for `path` whose reason matches `reason`. */
async function rejectsAt(p: Promise<unknown>, path: string, reason: RegExp): Promise<void> {
    await assert.rejects(p, (err: unknown) => {
        assert.ok(pulumi.InputPropertyError.isInstance(err), String(err));
        assert.equal(err.propertyPath, path);
        assert.match(err.reason, reason);
        return true;
    });
}

describe("cvmkit:azure:SysboxNodePool through the provider", () => {
    it("registers the same resources with the same inputs as new SysboxNodePool", async () => {
        const ts = await run(AZURE_POOL_TYPE, async () => {
            const pool = new azure.SysboxNodePool("cvm", poolArgs());
            return pool as unknown as Record<string, unknown>;
        });
        const served = await run(AZURE_POOL_TYPE, () =>
            construct("cvm", AZURE_POOL_TYPE, { ...poolArgs() }),
        );
        assert.deepEqual(served, ts);

        // what was compared is the real pool: the Outputs kept their values and their dependencies
        const byType = (t: string) =>
            ts.resources.filter((r) => (r as { type: string }).type === t) as Recorded[];
        const [ap] = byType("azure-native:containerservice:AgentPool");
        assert.ok(ap);
        assert.equal(ap.inputs["resourceGroupName"], "rg");
        assert.equal(ap.inputs["resourceName"], "aks-aks");
        assert.equal(ap.inputs["vnetSubnetID"], "aks-id/subnets/cvm");
        assert.equal(ap.inputs["vmSize"], "Standard_D8s_v5");
        assert.equal(ap.inputs["osSKU"], "Ubuntu2204");
        assert.deepEqual(ap.inputs["nodeTaints"], ["cvm=only:NoSchedule"]);
        assert.ok(
            ap.dependencies.some((u) =>
                u.endsWith("azure-native:containerservice:ManagedCluster::aks"),
            ),
            `the agent pool depends on the cluster: ${ap.dependencies.join(", ")}`,
        );
        // the add-on state is an Output: the assignment follows it once known
        const [pa] = byType("azure-native:authorization:PolicyAssignment");
        assert.ok(pa, "the baseline assignment is registered");
        assert.deepEqual(pa.inputs["parameters"], {
            effect: { value: "Deny" },
            excludedNamespaces: { value: ["kube-system", "monitoring", "cvm-workspaces"] },
        });
        assert.deepEqual(ts.outputs, {
            agentPoolName: "sysbox",
            nodeSelector: { "cvmkit.dev/cvm-node": "true" },
            tolerations: [{ key: "cvm", operator: "Equal", value: "only", effect: "NoSchedule" }],
            policyAssignmentId: "cvm-pod-security-baseline-id",
        });
    });

    it("passes an Output unknown at preview on at a pulumi.Input path", async () => {
        rec.reset();
        const inputs = { ...poolArgs(), cluster: { ...aks, clusterName: unknownOutput<string>() } };
        const state = await construct("u", AZURE_POOL_TYPE, inputs);
        assert.equal(await valueOf(state["agentPoolName"] as pulumi.Output<string>), "sysbox");
        await settle(rec);
        const ap = rec.one("azure-native:containerservice:AgentPool", "u");
        // the agent pool is registered with the rest of its inputs; the cluster name is left to the engine
        assert.equal(ap.inputs["resourceGroupName"], "rg");
        // sent as unknown (which the mock monitor leaves out), not refused and not resolved
        assert.equal(ap.inputs["resourceName"], undefined);
        assert.equal(ap.inputs["vmSize"], "Standard_D8s_v5");
    });

    it("refuses an Output unknown at preview at a plain path, naming every such path", async () => {
        rec.reset();
        await rejectsAt(
            construct("u", AZURE_POOL_TYPE, { ...poolArgs(), vmSize: unknownOutput<string>() }),
            "vmSize",
            /^vmSize is not known at preview .*Fix: /s,
        );
        await rejectsAt(
            construct("u", AZURE_POOL_TYPE, {
                ...poolArgs(),
                vmSize: unknownOutput<string>(),
                azurePolicy: { effect: unknownOutput<string>() },
            }),
            "vmSize, azurePolicy.effect",
            /^vmSize, azurePolicy\.effect are not known at preview/,
        );
        // a known Output at a plain path is resolved to its value
        const state = await construct("k", AZURE_POOL_TYPE, {
            ...poolArgs(),
            agentPoolName: pulumi.output("known"),
        });
        assert.equal(await valueOf(state["agentPoolName"] as pulumi.Output<string>), "known");
        await settle(rec);
        assert.deepEqual(
            rec.resources.map((r) => `${r.type}::${r.name}`).filter((n) => n.includes("::u")),
            [],
            "nothing registered for the refused pools",
        );
    });

    for (const [field, value, reason] of [
        ["vmSize", "Standard_D2s_v5", /vCPU/],
        ["osSKU", "AzureLinux", /Azure Linux/],
        ["osType", "Windows", /Linux-only/],
        ["agentPoolName", "CVM_Pool", /lower-case/],
        ["osDiskSizeGB", 16, /at least 30 GB/],
    ] as const) {
        it(`refuses ${field} ${JSON.stringify(value)} with cvmkit's message, nothing registered`, async () => {
            rec.reset();
            await rejectsAt(
                construct("bad", AZURE_POOL_TYPE, { ...poolArgs(), [field]: value }),
                field,
                new RegExp(
                    `^${field}: .*${reason.source}.*\\(got ${JSON.stringify(JSON.stringify(value)).slice(1, -1)}\\)\\. Fix: `,
                    "s",
                ),
            );
            await settle(rec);
            assert.deepEqual(rec.resources, []);
        });
    }
});

describe("CvmStack with cloud azure through the provider", () => {
    const cases: Record<string, () => AzureStackArgs> = {
        "a new cluster with Azure Policy": () => ({
            cloud: "azure",
            cluster: {
                resourceGroupName: pulumi.output("rg"),
                kubernetesVersion: "1.33",
                location: pulumi.output("westeurope"),
                azurePolicy: true,
                systemNodeCount: 2,
                tags: { env: "test" },
            },
            nodePool: {
                vmSize: "Standard_D8s_v5",
                taint: true,
                maxSize: 3,
                vnetSubnetID: pulumi.output("/subscriptions/sub/subnets/cvm"),
            },
            cvm: { namespace: "cvms", sysboxRuntime: { enabled: true } },
        }),
        "an existing cluster": () => ({
            cloud: "azure",
            cluster: { resourceGroupName: "rg", existing: { name: pulumi.output("prod") } },
            // the version, so that CvmCluster need not read /version (the mocked kubeconfig reaches nothing)
            nodePool: {
                kubernetesVersion: "1.33",
                osSKU: "Ubuntu2204",
                azurePolicy: { effect: "Deny" },
            },
        }),
    };

    for (const [what, args] of Object.entries(cases)) {
        it(`${what}: registers the same resources as the TypeScript CvmStack`, async () => {
            const ts = await run(
                CVM_STACK_TYPE_TOKEN,
                async () => new stack.CvmStack("s", args()) as unknown as Record<string, unknown>,
            );
            const served = await run(CVM_STACK_TYPE_TOKEN, () =>
                construct("s", CVM_STACK_TYPE_TOKEN, { ...args() }),
            );
            assert.deepEqual(served, ts);
            const types = new Set(ts.resources.map((r) => (r as { type: string }).type));
            for (const t of [
                "cvmkit:azure:Cluster",
                "cvmkit:azure:SysboxNodePool",
                "azure-native:containerservice:AgentPool",
                "azure-native:authorization:PolicyAssignment",
                "cvmkit:kubernetes:CvmCluster",
                "pulumi:providers:kubernetes",
            ])
                assert.ok(types.has(t), `${t} is registered`);
        });
    }

    it("a bad nodePool field is an InputPropertyError at its stack path, nothing registered", async () => {
        rec.reset();
        await rejectsAt(
            construct("bad", CVM_STACK_TYPE_TOKEN, {
                ...cases["a new cluster with Azure Policy"]!(),
                nodePool: { osSKU: "Windows" },
            }),
            "nodePool.osSKU",
            /^nodePool\.osSKU: .*\(got "Windows"\)\. Fix: /s,
        );
        await settle(rec);
        assert.deepEqual(rec.resources, []);
    });

    it("an Output unknown at preview at a plain stack path is refused, naming its path", async () => {
        rec.reset();
        const args = cases["a new cluster with Azure Policy"]!();
        await rejectsAt(
            construct("u", CVM_STACK_TYPE_TOKEN, {
                ...args,
                cluster: { ...args.cluster, kubernetesVersion: unknownOutput<string>() },
                nodePool: { vmSize: unknownOutput<string>() },
            }),
            "cluster.kubernetesVersion, nodePool.vmSize",
            /^cluster\.kubernetesVersion, nodePool\.vmSize are not known at preview/,
        );
        await settle(rec);
        assert.deepEqual(rec.resources, []);
    });

    it("the azure pulumi.Input paths of the stack are those of AzureStackArgs", () => {
        const src = sources();
        assert.deepEqual(
            [...COMPONENTS[CVM_STACK_TYPE_TOKEN]!.inputPathsBy!.paths["azure"]!].sort(),
            src.inputPathsOf(src.typeOf("lib/stack/args.ts", "AzureStackArgs")),
        );
    });
});
