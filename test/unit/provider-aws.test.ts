/**
 * `cvmkit:aws:SysboxNodeGroup` and `CvmStack` with `cloud: "aws"` built through the component provider
 * (`CvmkitProvider.construct`, as `pulumi-resource-cvmkit` does for a Python, Go or YAML program): the inputs
 * arrive as the engine sends them (plain values, with `pulumi.Output`s at their own places inside objects), and
 * the resources registered are those of the TypeScript component with the same arguments.
 */
import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { SysboxNodeGroupArgs } from "../../lib/aws";
import type * as Provider from "../../lib/provider";
import { AWS_POOL_TYPE, CVM_STACK_TYPE_TOKEN } from "../../lib/provider/shapes";
import type { AwsStackArgs } from "../../lib/stack/args";
import { installMocks, MockRecorder, Recorded, settle, valueOf } from "./stack-mocks";
import { unknownOutput } from "../support/engine-outputs";

let rec: MockRecorder;
let provider: typeof Provider;
let aws: typeof import("../../lib/aws");
let stack: typeof import("../../lib/stack");

before(async () => {
    rec = await installMocks();
    provider = await import("../../lib/provider/index.js");
    aws = await import("../../lib/aws/index.js");
    stack = await import("../../lib/stack/index.js");
});
beforeEach(() => rec.reset());

/** Switches the mocks to a preview (unknown values allowed) or back (the SDK's unit-test switch). */
function setPreview(preview: boolean): void {
    (pulumi.runtime as unknown as { _setIsDryRun(v: boolean): void })._setIsDryRun(preview);
}

/**
 * What each registration is, independent of the recorder's bookkeeping, by type and name (registration order
 * follows promise timing, which differs between the two paths).
 */
function registrations(): unknown[] {
    const key = (r: Recorded): string => `${r.type}::${r.name}`;
    const sorted = [...rec.resources].sort((a, b) => key(a).localeCompare(key(b)));
    return sorted.map((r) => ({
        type: r.type,
        name: r.name,
        custom: r.custom,
        inputs: r.inputs,
        provider: r.provider,
        parent: r.parent,
        dependencies: [...r.dependencies].sort(),
        ignoreChanges: [...r.ignoreChanges].sort(),
    }));
}

/** Runs `build`, waits for every registration, and returns them with the invokes; then forgets them. */
async function recorded(build: () => Promise<unknown>): Promise<{
    resources: unknown[];
    invokes: unknown[];
}> {
    rec.reset();
    await build();
    await settle(rec);
    const invokes = rec.calls.map((c) => ({ ...c }));
    invokes.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const out = { resources: registrations(), invokes };
    rec.reset();
    return out;
}

const SUBNETS = ["subnet-1", "subnet-2"];
const CLUSTER = {
    clusterName: "prod",
    endpoint: "https://prod.eks.example",
    certificateAuthorityData: "Q0E=",
    kubernetesVersion: "1.33",
    serviceIpv4Cidr: "172.20.0.0/16",
};

/**
 * Node group args in TypeScript. The CA is a secret, as an `aws.eks.Cluster` output is: the provider must pass
 * it on as an Output, so the user data computed from it stays secret.
 */
function poolArgs(): SysboxNodeGroupArgs {
    return {
        cluster: {
            ...CLUSTER,
            certificateAuthorityData: pulumi.secret(CLUSTER.certificateAuthorityData),
        },
        subnetIds: SUBNETS,
        instanceTypes: ["m6i.2xlarge"],
        sysboxRuntime: { enabled: true },
        taint: true,
        labels: { team: "cvm" },
        minSize: 2,
        diskSizeGiB: 200,
        capacityType: "SPOT",
        kubeletExtraArgs: "--max-pods=58",
        tags: { env: "prod" },
    };
}

/** {@link poolArgs} as the engine sends them: Outputs at Input paths, and a known one at a plain path. */
function engineInputs(): pulumi.Inputs {
    return {
        ...poolArgs(),
        cluster: {
            ...CLUSTER,
            clusterName: pulumi.output(CLUSTER.clusterName),
            endpoint: pulumi.output(CLUSTER.endpoint),
            certificateAuthorityData: pulumi.secret(CLUSTER.certificateAuthorityData),
        },
        subnetIds: pulumi.output(SUBNETS),
        // a known Output where the TypeScript type takes a plain value: resolved before the checks
        diskSizeGiB: pulumi.output(200),
    };
}

/** The recorded inputs of the one resource of `type` in `resources`. */
function inputsOf(resources: unknown[], type: string): Record<string, unknown> {
    const found = resources.filter((r) => (r as { type: string }).type === type);
    assert.equal(found.length, 1, type);
    return (found[0] as { inputs: Record<string, unknown> }).inputs;
}

/** A secret as the mock monitor records it (the SDK's secret signature with the value). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

describe("cvmkit:aws:SysboxNodeGroup through the provider", () => {
    it("registers the same resources with the same inputs as new SysboxNodeGroup(...)", async () => {
        const p = new provider.CvmkitProvider("0.0.0-test");
        let state: pulumi.Inputs = {};
        const viaProvider = await recorded(async () => {
            const result = await p.construct("cvm", AWS_POOL_TYPE, engineInputs(), {});
            state = result.state;
            await valueOf(state["amiId"] as pulumi.Output<string>);
            await valueOf(state["nodeGroupName"] as pulumi.Output<string>);
        });
        const viaTypeScript = await recorded(async () => {
            const ng = new aws.SysboxNodeGroup("cvm", poolArgs());
            await valueOf(ng.amiId);
            await valueOf(ng.nodeGroupName);
        });

        assert.deepEqual(viaProvider, viaTypeScript);
        const types = viaProvider.resources.map((r) => (r as { type: string }).type);
        assert.deepEqual(types.sort(), [
            "aws:ec2/launchTemplate:LaunchTemplate",
            "aws:eks/nodeGroup:NodeGroup",
            "aws:iam/role:Role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "cvmkit:aws:SysboxNodeGroup",
            // the AMI pin, the sysbox-install label memory, the node-roll baseline and 8 sentinels
            ...Array<string>(11).fill("pulumi:index:Stash"),
        ]);
        // the Output values reached the node group, and the secret CA kept the user data secret
        const ng = inputsOf(viaProvider.resources, "aws:eks/nodeGroup:NodeGroup");
        assert.equal(ng["clusterName"], "prod");
        assert.deepEqual(ng["subnetIds"], SUBNETS);
        assert.equal(ng["capacityType"], "SPOT");
        const lt = inputsOf(viaProvider.resources, "aws:ec2/launchTemplate:LaunchTemplate");
        const userData = lt["userData"] as Record<string, string>;
        assert.equal(Object.values(userData)[0], SECRET_SIG);
        const script = Buffer.from(userData["value"]!, "base64").toString("utf8");
        assert.match(script, /--apiserver-endpoint https:\/\/prod\.eks\.example/);
        assert.match(script, /--b64-cluster-ca Q0E=/);
        assert.match(script, /--dns-cluster-ip 172\.20\.0\.10/);

        // the state carries the schema outputs
        assert.deepEqual(Object.keys(state).sort(), [
            "amiId",
            "amiParameter",
            "launchTemplateId",
            "nodeGroupName",
            "nodeRoleArn",
            "nodeSelector",
            "tolerations",
        ]);
        assert.equal(await valueOf(state["amiId"] as pulumi.Output<string>), "ami-0ubuntu");
        assert.equal(
            await valueOf(state["amiParameter"] as pulumi.Output<string>),
            "/aws/service/canonical/ubuntu/eks/22.04/1.33/stable/current/amd64/hvm/ebs-gp2/ami-id",
        );
        assert.deepEqual(await valueOf(state["nodeSelector"] as pulumi.Output<unknown>), {
            "cvmkit.dev/cvm-node": "true",
        });
    });

    it("passes an Output unknown at preview on at an Input path (cluster.endpoint)", async () => {
        const p = new provider.CvmkitProvider("0.0.0-test");
        const inputs = { ...engineInputs() };
        inputs["cluster"] = {
            ...(inputs["cluster"] as Record<string, unknown>),
            endpoint: unknownOutput(),
        };
        setPreview(true);
        try {
            const result = await p.construct("pending", AWS_POOL_TYPE, inputs, {});
            assert.equal(
                await valueOf(result.state["amiId"] as pulumi.Output<string>),
                "ami-0ubuntu",
            );
            await settle(rec);
        } finally {
            setPreview(false);
        }
        // everything is planned; only the user data, which needs the endpoint, is not known yet
        const ng = rec.one("aws:eks/nodeGroup:NodeGroup");
        assert.equal(ng.inputs["clusterName"], "prod");
        assert.deepEqual(ng.inputs["instanceTypes"], ["m6i.2xlarge"]);
        const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
        assert.equal(lt.inputs["imageId"], "ami-0ubuntu");
        // still secret (the CA is), its value unknown
        const userData = lt.inputs["userData"] as Record<string, unknown>;
        assert.equal(Object.values(userData)[0], SECRET_SIG);
        assert.ok(pulumi.isUnknown(userData["value"]), "userData is unknown at preview");
    });

    it("refuses an Output unknown at preview at a plain path (instanceTypes), naming it; nothing registered", async () => {
        const p = new provider.CvmkitProvider("0.0.0-test");
        await assert.rejects(
            p.construct(
                "u",
                AWS_POOL_TYPE,
                { ...engineInputs(), instanceTypes: unknownOutput() },
                {},
            ),
            (err: unknown) => {
                assert.ok(pulumi.InputPropertyError.isInstance(err), String(err));
                assert.equal(err.propertyPath, "instanceTypes");
                assert.match(err.reason, /^instanceTypes is not known at preview .* Fix: /s);
                return true;
            },
        );
        await settle(rec);
        assert.deepEqual(rec.resources, []);
        assert.deepEqual(rec.calls, []);
    });

    it("refuses a too small instance type with cvmkit's field/value/fix message; nothing registered", async () => {
        const p = new provider.CvmkitProvider("0.0.0-test");
        await assert.rejects(
            p.construct(
                "small",
                AWS_POOL_TYPE,
                { ...engineInputs(), instanceTypes: ["t3.small"] },
                {},
            ),
            (err: unknown) => {
                assert.ok(pulumi.InputPropertyError.isInstance(err), String(err));
                assert.equal(err.propertyPath, "instanceTypes[0]");
                assert.match(
                    err.reason,
                    /^instanceTypes\[0\]: .*vCPU.*\(got "t3\.small"\)\. Fix: /s,
                );
                return true;
            },
        );
        await settle(rec);
        assert.deepEqual(rec.resources, []);
        assert.deepEqual(rec.calls, []);
    });

    it("refuses a missing cluster the same way as TypeScript", async () => {
        const p = new provider.CvmkitProvider("0.0.0-test");
        const { cluster: _cluster, ...withoutCluster } = engineInputs();
        void _cluster;
        await assert.rejects(
            p.construct("nocluster", AWS_POOL_TYPE, withoutCluster, {}),
            (err: unknown) =>
                pulumi.InputPropertyError.isInstance(err) &&
                err.propertyPath === "cluster" &&
                /^cluster: is required \(got nothing\)\. Fix: pass a cvmkit\/aws Cluster/.test(
                    err.reason,
                ),
        );
        await settle(rec);
        assert.deepEqual(rec.resources, []);
    });
});

describe("CvmStack with cloud aws through the provider", () => {
    const ADMIN = "arn:aws:iam::123456789012:role/admin";
    const NODE_ROLE = "arn:aws:iam::1:role/n";
    const STACK_ARGS: AwsStackArgs = {
        cloud: "aws",
        cluster: {
            kubernetesVersion: "1.33",
            subnetIds: SUBNETS,
            region: "eu-west-1",
            adminPrincipalArns: [ADMIN],
        },
        nodePool: { instanceTypes: ["m6i.xlarge"], taint: true, nodeRoleArn: NODE_ROLE },
        cvm: { sysboxRuntime: { enabled: true }, namespace: "workspaces" },
    };

    it("registers the same resources with the same inputs as the TypeScript CvmStack", async () => {
        const p = new provider.CvmkitProvider("0.0.0-test");
        const inputs: pulumi.Inputs = {
            ...STACK_ARGS,
            cluster: {
                ...STACK_ARGS.cluster,
                subnetIds: pulumi.output(SUBNETS),
                adminPrincipalArns: [pulumi.output(ADMIN)],
                // a known Output at a plain path: resolved before the checks
                kubernetesVersion: pulumi.output("1.33"),
            },
            nodePool: { ...STACK_ARGS.nodePool, nodeRoleArn: pulumi.output(NODE_ROLE) },
        };
        let state: pulumi.Inputs = {};
        const viaProvider = await recorded(async () => {
            const result = await p.construct("cvm", CVM_STACK_TYPE_TOKEN, inputs, {});
            state = result.state;
            await valueOf(state["supervisorPodTemplate"] as pulumi.Output<unknown>);
            await valueOf(state["kubeconfig"] as pulumi.Output<string>);
        });
        const viaTypeScript = await recorded(async () => {
            const s = new stack.CvmStack("cvm", STACK_ARGS);
            await valueOf(s.supervisorPodTemplate);
            await valueOf(s.kubeconfig);
        });

        assert.deepEqual(viaProvider, viaTypeScript);
        const types = new Set(viaProvider.resources.map((r) => (r as { type: string }).type));
        for (const t of [
            "cvmkit:index:CvmStack",
            "cvmkit:aws:Cluster",
            "aws:eks/cluster:Cluster",
            "cvmkit:aws:SysboxNodeGroup",
            "aws:eks/nodeGroup:NodeGroup",
            "pulumi:providers:kubernetes",
            "cvmkit:kubernetes:CvmCluster",
            "kubernetes:node.k8s.io/v1:RuntimeClass",
        ]) {
            assert.ok(types.has(t), `${t} is registered`);
        }
        const ng = inputsOf(viaProvider.resources, "aws:eks/nodeGroup:NodeGroup");
        assert.equal(ng["nodeRoleArn"], NODE_ROLE);
        assert.deepEqual(ng["subnetIds"], SUBNETS);
        assert.equal(await valueOf(state["clusterName"] as pulumi.Output<string>), "cvm-eks");
        assert.equal(await valueOf(state["namespace"] as pulumi.Output<string>), "workspaces");
        // the Kubernetes provider resource is not an output of the schema (a resource reference no SDK can use as a provider)
        assert.equal(state["provider"], undefined);
    });
});
