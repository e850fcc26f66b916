import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { ContractRow, contractTable, runIsolated } from "../support/contract";
import { installMocks, MockRecorder, Recorded, settle, valueOf } from "./stack-mocks";

let rec: MockRecorder;
let stack: typeof import("../../lib/stack");
let planStack: typeof import("../../lib/stack/cvm-stack").planStack;

before(async () => {
    rec = await installMocks();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    stack = require("../../lib/stack") as typeof import("../../lib/stack");
    const internal =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("../../lib/stack/cvm-stack") as typeof import("../../lib/stack/cvm-stack");
    planStack = internal.planStack;
});
beforeEach(() => rec.reset());

const isKube = (r: Recorded) => r.type.startsWith("kubernetes:");

describe("CvmStack on AWS", () => {
    it("builds cluster → node group → provider → CvmCluster with only the real dependencies", async () => {
        const s = new stack.CvmStack("cvm", {
            cloud: "aws",
            cluster: { kubernetesVersion: "1.33", subnetIds: ["subnet-1", "subnet-2"] },
            nodePool: { instanceTypes: ["m6i.xlarge"], taint: true },
            cvm: { sysboxRuntime: { enabled: true }, namespace: "workspaces" },
        });
        assert.equal(await valueOf(s.kubernetesVersion), "1.33");
        assert.equal(await valueOf(s.runtimeClassName), "sysbox-runc");
        assert.equal(await valueOf(s.namespace), "workspaces");
        assert.equal(await valueOf(s.clusterName), "cvm-eks");
        assert.deepEqual(await valueOf(s.nodeSelector), {
            "kubernetes.io/os": "linux",
            "cvmkit.dev/cvm-node": "true",
        });
        assert.deepEqual(await valueOf(s.tolerations), [
            { key: "cvmkit.dev/cvm-node", operator: "Equal", value: "true", effect: "NoSchedule" },
        ]);
        const supervisor = await valueOf(s.supervisorPodTemplate);
        assert.equal(supervisor.spec?.nodeSelector?.["cvmkit.dev/cvm-node"], "true");
        const sysboxPod = await valueOf(s.sysboxPodTemplate);
        assert.equal(sysboxPod?.spec?.runtimeClassName, "sysbox-runc");
        assert.match((await valueOf(s.kubeconfig))!, /get-token/);
        assert.equal(await pulumi.isSecret(s.kubeconfig), true);
        await settle(rec);

        const stackUrn = rec.urnOf(rec.one("cvmkit:index:CvmStack"));
        const cvmCluster = rec.one("cvmkit:kubernetes:CvmCluster");
        const pool = rec.one("cvmkit:aws:SysboxNodeGroup");
        const awsCluster = rec.one("cvmkit:aws:Cluster");
        for (const child of [cvmCluster, pool, awsCluster]) {
            assert.equal(child.parent, stackUrn, `${child.type} is a child of the stack`);
        }
        // The pool joins the cluster created in the stack and carries sysbox-install=yes.
        const ng = rec.one("aws:eks/nodeGroup:NodeGroup");
        assert.equal(ng.inputs["clusterName"], "cvm-eks");
        assert.deepEqual(ng.inputs["labels"], {
            "cvmkit.dev/cvm-node": "true",
            "sysbox-install": "yes",
        });

        const provider = rec.one("pulumi:providers:kubernetes");
        assert.match(JSON.stringify(provider.inputs["kubeconfig"]), /get-token/);
        const providerRef = `${rec.urnOf(provider)}::${provider.name}-id`;

        const kube = rec.resources.filter(isKube);
        const daemonSets = kube.filter((r) => r.type === "kubernetes:apps/v1:DaemonSet");
        assert.deepEqual(
            daemonSets.map((d) => d.name).sort(),
            [
                "cvm-daemonset-kube-system-sysbox-deploy-k8s",
                "cvm-daemonset-workspaces-cvm-image-prepull",
            ].sort(),
        );
        const ngUrn = rec.urnOf(ng);
        for (const ds of daemonSets) {
            assert.ok(ds.dependencies.includes(ngUrn), `${ds.name} waits for the node group`);
        }
        const others = kube.filter((r) => r.type !== "kubernetes:apps/v1:DaemonSet");
        assert.ok(others.some((r) => r.type === "kubernetes:node.k8s.io/v1:RuntimeClass"));
        assert.ok(others.some((r) => r.type === "kubernetes:core/v1:Namespace"));
        for (const r of [...others, ...daemonSets]) {
            assert.equal(r.provider, providerRef, `${r.name} uses the stack's provider`);
        }
        for (const r of others) {
            const cloudDeps = r.dependencies.filter((u) => /::aws:|cvmkit:aws:/.test(u));
            assert.deepEqual(
                cloudDeps,
                [],
                `${r.type} ${r.name} does not wait for cloud resources`,
            );
        }
        // The component itself only hangs off the stack; it does not depend on the node pool.
        assert.deepEqual(
            cvmCluster.dependencies.filter((u) => /aws/.test(u)),
            [],
            "CvmCluster does not depend on the node group",
        );
    });
});

describe("CvmStack on GCP, Azure and an existing cluster", () => {
    it("gcp: passes the cluster version to CvmCluster and the pool labels to the CVM selector", async () => {
        const s = new stack.CvmStack("g", {
            cloud: "gcp",
            cluster: { kubernetesVersion: "1.32", location: "europe-west1-b" },
            nodePool: { machineType: "e2-standard-8" },
            cvm: { sysboxRuntime: { enabled: true, installerTag: "v0.6.7-0" } },
        });
        assert.equal(await valueOf(s.kubernetesVersion), "1.32");
        await settle(rec);
        const np = rec.one("gcp:container/nodePool:NodePool");
        const nc = np.inputs["nodeConfig"] as { imageType: string; labels: Record<string, string> };
        assert.equal(nc.imageType, "UBUNTU_CONTAINERD");
        assert.equal(nc.labels["sysbox-install"], "yes");
        const ds = rec.one(
            "kubernetes:apps/v1:DaemonSet",
            "g-daemonset-kube-system-sysbox-deploy-k8s",
        );
        const image = JSON.stringify(ds.inputs["spec"]);
        assert.match(image, /sysbox-deploy-k8s:v0\.6\.7-0/);
        assert.equal(rec.resources.filter((r) => r.type.startsWith("aws:")).length, 0);
    });

    it("azure: turns on the baseline exclusion for a new cluster with Azure Policy, for the CVM namespace", async () => {
        const s = new stack.CvmStack("a", {
            cloud: "azure",
            cluster: { resourceGroupName: "rg", kubernetesVersion: "1.33", azurePolicy: true },
            cvm: { namespace: "cvms" },
        });
        assert.equal(await valueOf(s.kubernetesVersion), "1.33");
        assert.equal(await valueOf(s.runtimeClassName), undefined);
        await settle(rec);
        const pa = rec.one("azure-native:authorization:PolicyAssignment");
        const params = pa.inputs["parameters"] as { excludedNamespaces: { value: string[] } };
        assert.ok(params.excludedNamespaces.value.includes("cvms"));
        const ap = rec.one("azure-native:containerservice:AgentPool");
        assert.equal(ap.inputs["orchestratorVersion"], "1.33");
        assert.deepEqual(ap.inputs["nodeLabels"], { "cvmkit.dev/cvm-node": "true" });
        assert.equal(
            rec.resources.filter((r) => r.type === "kubernetes:apps/v1:DaemonSet").length,
            1,
        );
    });

    it("existing: no cloud resources, provider from the given kubeconfig and context", async () => {
        const s = new stack.CvmStack("e", {
            cloud: "existing",
            kubeconfig: "apiVersion: v1\nkind: Config\n",
            context: "lab",
            kubernetesVersion: "1.31",
        });
        assert.equal(await valueOf(s.kubernetesVersion), "1.31");
        assert.equal(await valueOf(s.clusterName), "lab");
        await settle(rec);
        const provider = rec.one("pulumi:providers:kubernetes");
        assert.equal(provider.inputs["context"], "lab");
        assert.equal(
            rec.resources.filter((r) =>
                /^(aws|gcp|azure-native):|cvmkit:(aws|gcp|azure):/.test(r.type),
            ).length,
            0,
        );
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Contract table: the cloud rules as the stack applies them (existing clusters, pools, regional GKE, Azure Policy).

const STACK_CONTRACT: ContractRow[] = [
    {
        edge: "existing cluster with a pool",
        rule: "an existing EKS cluster is looked up, not created; the pool's image follows its version",
        source: "https://kubernetes.io/releases/version-skew-policy/#kubelet; https://documentation.ubuntu.com/aws/en/latest/aws-how-to/instances/find-ubuntu-images/",
        build: () =>
            new stack.CvmStack("s", {
                cloud: "aws",
                cluster: { existing: { name: "prod-eks" } },
                nodePool: { kubernetesVersion: "1.32" },
            }),
        check: (r) => {
            assert.equal(r.resources.filter((x) => x.type === "aws:eks/cluster:Cluster").length, 0);
            assert.deepEqual(
                r.calls.map((c) => String(c.inputs["name"])).filter((n) => n.startsWith("/aws")),
                [
                    "/aws/service/canonical/ubuntu/eks/22.04/1.32/stable/current/amd64/hvm/ebs-gp2/ami-id",
                ],
            );
            assert.equal(r.one("aws:eks/nodeGroup:NodeGroup").inputs["clusterName"], "prod-eks");
        },
    },
    {
        edge: "existing cluster without a pool version",
        rule: "nodePool.kubernetesVersion is not required when the cluster is known: the plan leaves it to the lookup",
        source: "https://kubernetes.io/releases/version-skew-policy/#kubelet",
        build: () => {
            const plan = planStack({
                cloud: "aws",
                cluster: { existing: { name: "prod-eks" } },
            });
            assert.equal(plan.kubernetesVersion, undefined);
            assert.equal(plan.poolArgs?.["kubernetesVersion"], undefined);
            assert.ok(plan.pool, "the pool is planned");
        },
        check: (r) => assert.deepEqual(r.resources, []),
    },
    {
        edge: "existing cluster without a pool",
        rule: "nodePool false deploys only the Kubernetes side on the nodes the cluster has",
        source: "https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/ (CVM pods select the nodes by label)",
        build: () => {
            for (const args of [
                { cloud: "aws", cluster: { existing: { name: "prod-eks" } }, nodePool: false },
                {
                    cloud: "gcp",
                    cluster: { existing: { name: "std", location: "us-central1" } },
                    nodePool: false,
                },
                {
                    cloud: "azure",
                    cluster: { resourceGroupName: "rg", existing: { name: "prod" } },
                    nodePool: false,
                },
            ] as const) {
                const plan = planStack(args);
                assert.equal(plan.poolArgs, undefined, args.cloud);
                assert.equal(plan.pool, undefined, args.cloud);
                assert.equal(
                    plan.cvm.nodeSelector,
                    undefined,
                    `${args.cloud}: no pool label is required`,
                );
            }
            const run = runIsolated(
                "stack",
                'new cvmkit.CvmStack("s", { cloud: "aws", cluster: { existing: { name: "prod-eks" } }, nodePool: false });',
            );
            assert.ok(run.types.includes("cvmkit:aws:Cluster"));
            assert.ok(!run.types.includes("cvmkit:aws:SysboxNodeGroup"));
            assert.ok(!run.types.some((t) => t.startsWith("aws:")), run.types.join(", "));
            // Without a pool version the CvmCluster reads /version through the kubeconfig (unreachable here).
            assert.ok(
                run.errors.every((e) => /could not be read/.test(e)),
                run.errors.join("\n"),
            );
        },
        check: () => undefined,
    },
    {
        edge: "regional GKE",
        rule: "a regional stack pool counts total nodes",
        source: "https://www.pulumi.com/registry/packages/gcp/api-docs/container/nodepool/ (totalMinNodeCount/totalMaxNodeCount)",
        build: () =>
            new stack.CvmStack("g", {
                cloud: "gcp",
                cluster: { kubernetesVersion: "1.33", location: "europe-west1" },
                nodePool: { minSize: 3, maxSize: 3, desiredSize: 3 },
            }),
        check: (r) => {
            const np = r.one("gcp:container/nodePool:NodePool").inputs;
            assert.deepEqual(np["autoscaling"], {
                totalMinNodeCount: 3,
                totalMaxNodeCount: 3,
                locationPolicy: "BALANCED",
            });
            assert.equal(np["initialNodeCount"], 1);
        },
    },
    {
        edge: "existing AKS cluster with Azure Policy",
        rule: "the exclusion follows the looked-up add-on and covers the CVM and installer namespaces",
        source: "Azure/azure-policy built-in-policies/policySetDefinitions/Kubernetes/Kubernetes_PSPBaselineStandard.json",
        build: () =>
            new stack.CvmStack("a", {
                cloud: "azure",
                cluster: { resourceGroupName: "rg", existing: { name: "prod" } },
                nodePool: { kubernetesVersion: "1.33" },
                cvm: {
                    namespace: "cvms",
                    sysboxRuntime: { enabled: true, installerNamespace: "sysbox" },
                },
            }),
        check: (r) => {
            const pa = r.one("azure-native:authorization:PolicyAssignment");
            const params = pa.inputs["parameters"] as { excludedNamespaces: { value: string[] } };
            assert.deepEqual(params.excludedNamespaces.value, [
                "kube-system",
                "gatekeeper-system",
                "azure-arc",
                "sysbox",
                "cvms",
            ]);
        },
    },
];

contractTable("CvmStack", STACK_CONTRACT, () => rec, settle);

describe("CvmStack on AWS: the Sysbox runtime is not in the user data (issue 26)", () => {
    async function userDataOf(runtime: boolean): Promise<string> {
        rec.reset();
        new stack.CvmStack("cvm", {
            cloud: "aws",
            cluster: { kubernetesVersion: "1.33", subnetIds: ["subnet-1", "subnet-2"] },
            nodePool: { instanceTypes: ["m6i.xlarge"] },
            cvm: { sysboxRuntime: { enabled: runtime } },
        });
        await settle(rec);
        const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
        return Buffer.from(String(lt.inputs["userData"]), "base64").toString("utf8");
    }
    it("two stacks, runtime on and off, send the same user data (turning it on or off rolls no node)", async () => {
        const on = await userDataOf(true);
        const off = await userDataOf(false);
        assert.equal(on, off);
        assert.match(on, /--node-labels=cvmkit\.dev\/cvm-node=true'/);
    });
});
