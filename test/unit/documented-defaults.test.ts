/**
 * The documented defaults of the public config types are the real ones: every `@default` of CvmConfig (and its
 * sections), the CvmCluster and lifecycle args, the stack args and each cloud's pool args is read from the source
 * and compared with what the resolvers (and, where the default is applied by the component, the registered
 * resource) do when the option is left out. The compat pool options have their own test (compat-defaults).
 */
import assert from "node:assert/strict";
import { before, describe } from "node:test";
import { defaultInstallerFor, parseKubernetesVersion } from "../../lib/compat";
import { DEFAULTS, resolveConfig, SYSBOX_INSTALLER_REPOSITORY } from "../../lib";
import { resolveLifecycle } from "../../lib/kubernetes/lifecycle";
import * as awsRules from "../../lib/aws/rules";
import * as gcpRules from "../../lib/gcp/rules";
import * as azureRules from "../../lib/azure/rules";
import { planStack } from "../../lib/stack/cvm-stack";
import { Expected, testDocumentedDefaults } from "../support/documented-defaults";
import { installMocks, MockRecorder, settle } from "./stack-mocks";

const V = "1.33";
const base = resolveConfig({ kubernetesVersion: V });
const sysbox = resolveConfig({ kubernetesVersion: V, sysboxRuntime: { enabled: true } }).sysbox!;
const engines = resolveConfig({
    kubernetesVersion: V,
    policyEngines: { gatekeeper: true, kyverno: true },
});

describe("documented defaults of CvmConfig", () => {
    const expected: Record<string, Expected> = {
        "SupervisorConfig.image": { literal: base.supervisor.image },
        "SupervisorConfig.allowedImages": { literal: base.supervisor.allowedImages },
        "SupervisorConfig.caching": { literal: base.supervisor.caching },
        "SupervisorConfig.command": { literal: base.supervisor.command },
        "SupervisorConfig.pinCommand": { literal: base.supervisor.pinCommand },
        "SupervisorConfig.writableKernelPaths": { literal: base.supervisor.writableKernelPaths },
        "SupervisorConfig.requests": { literal: base.supervisor.requests },
        "SupervisorConfig.limits": { literal: base.supervisor.limits },
        "SupervisorConfig.prePull": { literal: base.supervisor.prePull },
        "SysboxRuntimeConfig.enabled": { literal: base.sysbox !== undefined },
        "SysboxRuntimeConfig.installerTag": {
            words: "the newest release that supports the cluster's minor (`v0.7.1-0` for 1.32–1.35, `v0.6.7-0` for 1.29–1.31, …; see `SYSBOX_INSTALLER_RELEASES`)",
            check: () => {
                assert.equal(sysbox.release, defaultInstallerFor(parseKubernetesVersion(V)));
                for (const [minor, tag] of [
                    ["1.32", "v0.7.1-0"],
                    ["1.35", "v0.7.1-0"],
                    ["1.29", "v0.6.7-0"],
                    ["1.31", "v0.6.7-0"],
                ] as const) {
                    const r = resolveConfig({
                        kubernetesVersion: minor,
                        sysboxRuntime: { enabled: true },
                    });
                    assert.equal(r.sysbox?.release.tag, tag, minor);
                }
            },
        },
        "SysboxRuntimeConfig.installerRepository": {
            literal: sysbox.image.slice(0, sysbox.image.lastIndexOf(":")),
        },
        "SysboxRuntimeConfig.installerNamespace": { literal: sysbox.namespace },
        "SysboxRuntimeConfig.mgrConfig": { literal: sysbox.mgrConfig },
        "SysboxRuntimeConfig.fsConfig": { literal: sysbox.fsConfig },
        "SysboxRuntimeConfig.workspaceImage": { literal: sysbox.workspaceImage },
        "SysboxRuntimeConfig.userNamespaces": {
            literal: DEFAULTS.userNamespaces,
        },
        "SysboxRuntimeConfig.cleanupNodes": { literal: base.sysboxCleanup !== undefined },
        "GatekeeperConstraintRef.excludedNamespaces": {
            literal: [...new Set(engines.gatekeeper!.map((c) => c.excludedNamespaces).flat())],
        },
        "GatekeeperConfig.constraints": {
            words: "the gatekeeper-library samples `K8sPSPPrivilegedContainer/psp-privileged-container` and `K8sPSPHostFilesystem/psp-host-filesystem`",
            check: () =>
                assert.deepEqual(
                    engines.gatekeeper!.map((c) => `${c.kind}/${c.name}`),
                    [
                        "K8sPSPPrivilegedContainer/psp-privileged-container",
                        "K8sPSPHostFilesystem/psp-host-filesystem",
                    ],
                ),
        },
        "KyvernoConfig.apiVersion": { literal: engines.kyverno!.apiVersion },
        "KyvernoConfig.exceptionNamespace": {
            words: "the CVM namespace",
            check: () => assert.equal(engines.kyverno!.exceptionNamespace, engines.namespace),
        },
        "KyvernoConfig.policies": {
            words: "`disallow-privileged-containers` and `disallow-host-path` with their autogen rules, and `podsecurity-subrule-baseline` (rule `baseline` and its autogen rules, `podSecurity: true`)",
            check: () => {
                const policies = engines.kyverno!.policies;
                assert.deepEqual(
                    policies.map((p) => [p.policyName, p.podSecurity]),
                    [
                        ["disallow-privileged-containers", false],
                        ["disallow-host-path", false],
                        ["podsecurity-subrule-baseline", true],
                    ],
                );
                assert.ok(policies[2]!.ruleNames.includes("baseline"));
                for (const p of policies) {
                    assert.ok(
                        p.ruleNames.some((r) => r.startsWith("autogen-")),
                        p.policyName,
                    );
                }
            },
        },
        "PolicyEnginesConfig.gatekeeper": { literal: base.gatekeeper !== undefined },
        "PolicyEnginesConfig.kyverno": { literal: base.kyverno !== undefined },
        "NetworkPolicyConfig.enabled": { literal: base.networkPolicy !== undefined },
        "NetworkPolicyConfig.ingressFromNamespaces": {
            literal: base.networkPolicy!.ingressFromNamespaces,
        },
        "NetworkPolicyConfig.denyEgressTo": {
            literal: base.networkPolicy!.denyEgressTo.map((d) => d.cidr),
        },
        "CvmConfig.namespace": { literal: base.namespace },
        "CvmConfig.supervisor": {
            words: "see {@link SupervisorConfig}",
            check: () => assert.equal(base.supervisor.image, DEFAULTS.supervisorImage),
        },
        "CvmConfig.sysboxRuntime": {
            words: "off",
            check: () => assert.equal(base.sysbox, undefined),
        },
        "CvmConfig.policyEngines": {
            words: "none",
            check: () => {
                assert.equal(base.gatekeeper, undefined);
                assert.equal(base.kyverno, undefined);
            },
        },
        "CvmConfig.networkPolicy": {
            words: "on; see {@link NetworkPolicyConfig}",
            check: () => assert.ok(base.networkPolicy),
        },
        "CvmConfig.nodeSelector": {
            words: "{} (any Linux node)",
            check: () => assert.deepEqual(base.nodeSelector, {}),
        },
        "CvmConfig.tolerations": { literal: base.tolerations },
        "CvmConfig.labels": { literal: base.labels },
        "CvmConfig.admissionPolicyActions": { literal: base.admissionPolicyActions },
    };
    testDocumentedDefaults(
        "lib/manifests/config.ts",
        [
            "SupervisorConfig",
            "SysboxRuntimeConfig",
            "GatekeeperConstraintRef",
            "GatekeeperConfig",
            "KyvernoConfig",
            "PolicyEnginesConfig",
            "NetworkPolicyConfig",
            "CvmConfig",
        ],
        expected,
    );
});

describe("DEFAULTS is what the resolvers fill in", () => {
    // the table the docs are checked against above is the one the code reads
    const expected: Record<string, Expected> = {
        "SupervisorConfig.image": { literal: DEFAULTS.supervisorImage },
        "SupervisorConfig.caching": { literal: DEFAULTS.caching },
        "SupervisorConfig.command": { literal: DEFAULTS.supervisorCommand },
        "SupervisorConfig.pinCommand": { literal: DEFAULTS.pinCommand },
        "SupervisorConfig.writableKernelPaths": { literal: DEFAULTS.writableKernelPaths },
        "SupervisorConfig.requests": { literal: DEFAULTS.requests },
        "SupervisorConfig.limits": { literal: DEFAULTS.limits },
        "SupervisorConfig.prePull": { literal: DEFAULTS.prePull },
        "SysboxRuntimeConfig.installerRepository": { literal: DEFAULTS.installerRepository },
        "SysboxRuntimeConfig.installerNamespace": { literal: DEFAULTS.installerNamespace },
        "SysboxRuntimeConfig.workspaceImage": { literal: DEFAULTS.workspaceImage },
        "SysboxRuntimeConfig.userNamespaces": { literal: DEFAULTS.userNamespaces },
        "GatekeeperConstraintRef.excludedNamespaces": { literal: DEFAULTS.gatekeeperExcluded },
        "CvmConfig.namespace": { literal: DEFAULTS.namespace },
        "CvmConfig.admissionPolicyActions": { literal: DEFAULTS.admissionPolicyActions },
    };
    assert.equal(DEFAULTS.installerRepository, SYSBOX_INSTALLER_REPOSITORY);
    testDocumentedDefaults(
        "lib/manifests/config.ts",
        ["SupervisorConfig", "SysboxRuntimeConfig", "GatekeeperConstraintRef", "CvmConfig"],
        expected,
        // checked against the resolved config above; DEFAULTS has no entry of their own
        new Set([
            "SupervisorConfig.allowedImages",
            "SysboxRuntimeConfig.enabled",
            "SysboxRuntimeConfig.installerTag",
            "SysboxRuntimeConfig.mgrConfig",
            "SysboxRuntimeConfig.fsConfig",
            "SysboxRuntimeConfig.cleanupNodes",
            "CvmConfig.supervisor",
            "CvmConfig.sysboxRuntime",
            "CvmConfig.policyEngines",
            "CvmConfig.networkPolicy",
            "CvmConfig.nodeSelector",
            "CvmConfig.tolerations",
            "CvmConfig.labels",
        ]),
    );
});

describe("documented defaults of the CvmCluster and lifecycle args", () => {
    const lifecycle = resolveLifecycle({});
    testDocumentedDefaults("lib/kubernetes/lifecycle.ts", ["LifecycleArgs"], {
        "LifecycleArgs.namespaceDeletionPolicy": { literal: lifecycle.namespaceDeletionPolicy },
        "LifecycleArgs.forceNamespaceDeletion": { literal: lifecycle.forceNamespaceDeletion },
        "LifecycleArgs.keepPreviousNamespace": { literal: lifecycle.keepPreviousNamespace },
    });
});

let rec: MockRecorder;
let aws: typeof import("../../lib/aws");
let gcp: typeof import("../../lib/gcp");
let azure: typeof import("../../lib/azure");
let stack: typeof import("../../lib/stack");

before(async () => {
    rec = await installMocks();
    /* eslint-disable @typescript-eslint/no-require-imports */
    aws = require("../../lib/aws") as typeof import("../../lib/aws");
    gcp = require("../../lib/gcp") as typeof import("../../lib/gcp");
    azure = require("../../lib/azure") as typeof import("../../lib/azure");
    stack = require("../../lib/stack") as typeof import("../../lib/stack");
    /* eslint-enable @typescript-eslint/no-require-imports */
});

/** The inputs of the one resource of `type` that building `make` registers. */
async function inputsOf(type: string, make: () => unknown): Promise<Record<string, unknown>> {
    rec.reset();
    make();
    await settle(rec);
    return rec.one(type).inputs;
}

const eks = {
    clusterName: "c",
    endpoint: "https://e",
    certificateAuthorityData: "Q0E=",
    subnetIds: ["subnet-1"],
    kubernetesVersion: V,
};
const gke = { clusterName: "c", location: "europe-west1-b" };
const aks = { resourceGroupName: "rg", clusterName: "c", clusterId: "/id" };

describe("documented defaults of the AWS node group args", () => {
    const ng = awsRules.resolveNodeGroupArgs({ cluster: eks });
    // with the version from the cluster info, the image is decided once the control plane version is known
    const image = (version: string, args: Partial<awsRules.SysboxNodeGroupArgs> = {}) =>
        awsRules.resolveNodeImage(
            args,
            awsRules.resolveNodeGroupArgs({
                cluster: { ...eks, kubernetesVersion: version },
                ...args,
            }),
            parseKubernetesVersion(version),
            "kubernetesVersion",
        );
    testDocumentedDefaults("lib/aws/rules.ts", ["SysboxNodeGroupArgs"], {
        "SysboxNodeGroupArgs.kubernetesVersion": {
            words: "the cluster's `kubernetesVersion` (required when the cluster info has none)",
            check: () => {
                assert.equal(ng.version, undefined, "no version of its own");
                assert.equal(image(V).version.minor, 33);
                assert.throws(
                    () =>
                        awsRules.resolveNodeGroupArgs({
                            cluster: { ...eks, kubernetesVersion: undefined },
                        }),
                    /kubernetesVersion/,
                );
            },
        },
        "SysboxNodeGroupArgs.instanceTypes": { literal: ng.instanceTypes },
        "SysboxNodeGroupArgs.amiFamily": {
            words: '"Ubuntu2204" on 1.29+, "Ubuntu2004" below',
            check: () => {
                assert.equal(image(V).amiFamily, "Ubuntu2204");
                assert.equal(image("1.29").amiFamily, "Ubuntu2204");
                assert.equal(image("1.28").amiFamily, "Ubuntu2004");
            },
        },
        "SysboxNodeGroupArgs.amiId": {
            words: "the image `/aws/service/canonical/ubuntu/eks/…/ami-id` named at the first `up`, kept",
            check: () =>
                assert.match(
                    image(V).amiParameter,
                    /^\/aws\/service\/canonical\/ubuntu\/eks\/.*\/ami-id$/,
                ),
        },
        "SysboxNodeGroupArgs.architecture": {
            words: "read from the instance types (Graviton → arm64)",
            check: () => {
                assert.equal(ng.architecture, "amd64");
                const arm = awsRules.resolveNodeGroupArgs({
                    cluster: eks,
                    instanceTypes: ["m7g.xlarge"],
                });
                assert.equal(arm.architecture, "arm64");
            },
        },
        "SysboxNodeGroupArgs.subnetIds": {
            words: "`cluster.subnetIds`",
            check: async () => {
                const inputs = await inputsOf(
                    "aws:eks/nodeGroup:NodeGroup",
                    () => new aws.SysboxNodeGroup("d", { cluster: eks }),
                );
                assert.deepEqual(inputs["subnetIds"], eks.subnetIds);
            },
        },
        "SysboxNodeGroupArgs.nodeRoleArn": {
            words: "a role with those three policies is created",
            check: async () => {
                rec.reset();
                new aws.SysboxNodeGroup("d", { cluster: eks });
                await settle(rec);
                assert.equal(rec.resources.filter((r) => r.type === "aws:iam/role:Role").length, 1);
                assert.equal(
                    rec.resources.filter(
                        (r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    ).length,
                    aws.NODE_ROLE_POLICIES.length,
                );
                assert.equal(aws.NODE_ROLE_POLICIES.length, 3);
            },
        },
        "SysboxNodeGroupArgs.diskSizeGiB": { literal: ng.diskSizeGiB },
        "SysboxNodeGroupArgs.capacityType": { literal: ng.capacityType },
        "SysboxNodeGroupArgs.kubeletExtraArgs": {
            words: "none",
            check: () => {
                const data = awsRules.bootstrapUserData({
                    clusterName: "c",
                    endpoint: "https://e",
                    certificateAuthorityData: "Q0E=",
                    labels: {},
                } as Parameters<typeof awsRules.bootstrapUserData>[0]);
                assert.ok(!/--kubelet-extra-args[^\n]*--[a-z-]+=[^\n]*--[a-z]/.test(data), data);
            },
        },
        "SysboxNodeGroupArgs.tags": {
            words: "{}",
            check: async () => {
                const inputs = await inputsOf(
                    "aws:eks/nodeGroup:NodeGroup",
                    () => new aws.SysboxNodeGroup("d", { cluster: eks }),
                );
                assert.ok(
                    inputs["tags"] === undefined ||
                        Object.keys(inputs["tags"] as object).length === 0,
                );
            },
        },
        "SysboxNodeGroupArgs.metadataHopLimit": { literal: ng.metadataHopLimit },
    });
});

describe("documented defaults of the GCP node pool args", () => {
    const np = gcpRules.resolveNodePoolArgs({ cluster: gke });
    const nodeConfig = async (): Promise<Record<string, unknown>> => {
        const inputs = await inputsOf(
            "gcp:container/nodePool:NodePool",
            () => new gcp.SysboxNodePool("d", { cluster: gke }),
        );
        return inputs["nodeConfig"] as Record<string, unknown>;
    };
    testDocumentedDefaults("lib/gcp/rules.ts", ["SysboxNodePoolArgs"], {
        "SysboxNodePoolArgs.machineType": { literal: np.machineType },
        "SysboxNodePoolArgs.imageType": { literal: np.imageType },
        "SysboxNodePoolArgs.diskSizeGb": { literal: np.diskSizeGb },
        "SysboxNodePoolArgs.diskType": { literal: np.diskType },
        "SysboxNodePoolArgs.guestAccelerators": {
            words: "none",
            check: async () => assert.deepEqual((await nodeConfig())["guestAccelerators"], []),
        },
        "SysboxNodePoolArgs.spot": { actual: async () => (await nodeConfig())["spot"] ?? false },
        "SysboxNodePoolArgs.serviceAccount": {
            words: "the Compute Engine default service account",
            check: async () => assert.equal((await nodeConfig())["serviceAccount"], undefined),
        },
        "SysboxNodePoolArgs.oauthScopes": {
            actual: async () => (await nodeConfig())["oauthScopes"],
        },
        "SysboxNodePoolArgs.nodeLocations": {
            words: "the cluster's zones",
            check: async () => {
                const inputs = await inputsOf(
                    "gcp:container/nodePool:NodePool",
                    () => new gcp.SysboxNodePool("d", { cluster: gke }),
                );
                assert.equal(inputs["nodeLocations"], undefined);
            },
        },
        "SysboxNodePoolArgs.autoUpgrade": { literal: np.autoUpgrade },
        "SysboxNodePoolArgs.minSize": { literal: np.minSize },
        "SysboxNodePoolArgs.maxSize": {
            words: "3, or minSize when that is larger",
            check: () => {
                assert.equal(np.maxSize, 3);
                assert.equal(gcpRules.resolveNodePoolArgs({ cluster: gke, minSize: 5 }).maxSize, 5);
            },
        },
        "SysboxNodePoolArgs.desiredSize": {
            words: "minSize, at least 1",
            check: () => {
                assert.equal(
                    gcpRules.resolveNodePoolArgs({ cluster: gke, minSize: 2 }).desiredSize,
                    2,
                );
                assert.equal(
                    gcpRules.resolveNodePoolArgs({ cluster: gke, minSize: 0 }).desiredSize,
                    1,
                );
            },
        },
    });
});

describe("documented defaults of the Azure pool args", () => {
    const ap = azureRules.resolveNodePoolArgs({ cluster: aks });
    const agentPool = (): Promise<Record<string, unknown>> =>
        inputsOf(
            "azure-native:containerservice:AgentPool",
            () => new azure.SysboxNodePool("d", { cluster: aks }),
        );
    const policy = azureRules.resolveNodePoolArgs({
        cluster: aks,
        azurePolicy: { enabled: true },
    }).azurePolicy!;
    testDocumentedDefaults(
        "lib/azure/rules.ts",
        ["SysboxNodePoolArgs", "AzurePolicyExclusionArgs"],
        {
            "SysboxNodePoolArgs.agentPoolName": { literal: ap.agentPoolName },
            "SysboxNodePoolArgs.vmSize": { literal: ap.vmSize },
            "SysboxNodePoolArgs.osType": {
                actual: async () => (await agentPool())["osType"],
            },
            "SysboxNodePoolArgs.osSKU": { literal: ap.osSKU },
            "SysboxNodePoolArgs.osDiskSizeGB": { literal: ap.osDiskSizeGB },
            "SysboxNodePoolArgs.availabilityZones": {
                words: "none",
                check: async () => {
                    const inputs = await agentPool();
                    assert.equal(inputs["availabilityZones"], undefined);
                },
            },
            "SysboxNodePoolArgs.vnetSubnetID": {
                words: "the cluster's",
                check: async () => {
                    const inputs = await agentPool();
                    assert.equal(inputs["vnetSubnetID"], undefined);
                },
            },
            "SysboxNodePoolArgs.azurePolicy": {
                words: "off, unless the cluster's add-on is on (`cluster.azurePolicyEnabled`; see `enabled`)",
                check: () => assert.equal(ap.azurePolicy, undefined),
            },
            "SysboxNodePoolArgs.tags": {
                words: "{}",
                check: async () => {
                    const inputs = await agentPool();
                    assert.ok(
                        inputs["tags"] === undefined ||
                            Object.keys(inputs["tags"] as object).length === 0,
                    );
                },
            },
            "AzurePolicyExclusionArgs.enabled": {
                words: "the cluster's add-on state (`cluster.azurePolicyEnabled`, which a {@link Cluster} looks up), else off",
                check: () => {
                    assert.equal(ap.azurePolicy, undefined);
                    const on = azureRules.resolveNodePoolArgs({
                        cluster: { ...aks, azurePolicyEnabled: true },
                    });
                    assert.ok(on.azurePolicy);
                },
            },
            "AzurePolicyExclusionArgs.cvmNamespace": {
                words: '"cvm-workspaces"',
                check: () => {
                    assert.equal(DEFAULTS.namespace, "cvm-workspaces");
                    assert.ok(policy.excludedNamespaces.includes(DEFAULTS.namespace));
                },
            },
            "AzurePolicyExclusionArgs.installerNamespace": {
                words: '"kube-system" (among the initiative\'s defaults)',
                check: () => {
                    assert.ok(policy.excludedNamespaces.includes("kube-system"));
                    assert.ok(
                        azureRules.BASELINE_DEFAULT_EXCLUDED_NAMESPACES.includes("kube-system"),
                    );
                },
            },
            "AzurePolicyExclusionArgs.effect": { literal: policy.effect },
            "AzurePolicyExclusionArgs.excludedNamespaces": {
                words: "the initiative's defaults: kube-system, gatekeeper-system, azure-arc",
                check: () => {
                    for (const ns of ["kube-system", "gatekeeper-system", "azure-arc"]) {
                        assert.ok(policy.excludedNamespaces.includes(ns), ns);
                    }
                    assert.ok(policy.excludedNamespaces.includes(DEFAULTS.namespace));
                },
            },
        },
    );
});

describe("documented defaults of the stack args", () => {
    const existingProvider = (
        more: Record<string, unknown> = {},
    ): Promise<Record<string, unknown>> =>
        inputsOf(
            "pulumi:providers:kubernetes",
            () => new stack.CvmStack("s", { cloud: "existing", kubernetesVersion: V, ...more }),
        );
    testDocumentedDefaults(
        "lib/stack/args.ts",
        [
            "StackCommonArgs",
            "AwsStackNodePoolArgs",
            "AwsStackArgs",
            "GcpStackArgs",
            "AzureStackArgs",
            "ExistingStackArgs",
        ],
        {
            "StackCommonArgs.cvm": {
                words: "supervisor mode in namespace `cvm-workspaces`",
                check: () => {
                    const plan = planStack({ cloud: "existing", kubernetesVersion: V });
                    const config = resolveConfig({ kubernetesVersion: V, ...plan.cvm } as never);
                    assert.equal(config.sysbox, undefined);
                    assert.equal(config.namespace, "cvm-workspaces");
                },
            },
            "AwsStackNodePoolArgs.kubernetesVersion": {
                words: "the cluster's `kubernetesVersion` (for an existing cluster: the looked-up control plane version)",
                check: () => {
                    const plan = planStack({
                        cloud: "aws",
                        cluster: { kubernetesVersion: V, subnetIds: ["a", "b"] },
                    });
                    assert.equal(plan.poolArgs?.["kubernetesVersion"], V);
                },
            },
            "AwsStackArgs.nodePool": {
                words: "one m6i.xlarge node, Ubuntu 22.04",
                check: () => {
                    const plan = planStack({
                        cloud: "aws",
                        cluster: { kubernetesVersion: V, subnetIds: ["a", "b"] },
                    });
                    assert.equal(plan.pool?.desiredSize, 1);
                    const ng = awsRules.resolveNodeGroupArgs({
                        ...plan.poolArgs,
                        cluster: eks,
                    } as never);
                    assert.deepEqual(ng.instanceTypes, ["m6i.xlarge"]);
                    assert.equal(
                        awsRules.UBUNTU_AMI_FAMILIES[
                            awsRules.resolveNodeImage({}, ng, parseKubernetesVersion(V), "v")
                                .amiFamily
                        ].release,
                        "22.04",
                    );
                },
            },
            "GcpStackArgs.nodePool": {
                words: "one e2-standard-4 node, UBUNTU_CONTAINERD",
                check: () => {
                    const plan = planStack({
                        cloud: "gcp",
                        cluster: { kubernetesVersion: V, location: "europe-west1-b" },
                    });
                    assert.equal(plan.pool?.desiredSize, 1);
                    const np = gcpRules.resolveNodePoolArgs({
                        ...plan.poolArgs,
                        cluster: gke,
                    } as never);
                    assert.equal(np.machineType, "e2-standard-4");
                    assert.equal(np.imageType, "UBUNTU_CONTAINERD");
                },
            },
            "AzureStackArgs.nodePool": {
                words: "one Standard_D4s_v5 node, osSKU Ubuntu",
                check: () => {
                    const plan = planStack({
                        cloud: "azure",
                        cluster: { resourceGroupName: "rg", kubernetesVersion: V },
                    });
                    assert.equal(plan.pool?.desiredSize, 1);
                    const ap = azureRules.resolveNodePoolArgs({
                        ...plan.poolArgs,
                        cluster: aks,
                    } as never);
                    assert.equal(ap.vmSize, "Standard_D4s_v5");
                    assert.equal(ap.osSKU, "Ubuntu");
                },
            },
            // no kubeconfig or context on the provider: it reads $KUBECONFIG or ~/.kube/config, current context
            "ExistingStackArgs.kubeconfig": {
                words: "`$KUBECONFIG` or `~/.kube/config`",
                check: async () =>
                    assert.equal((await existingProvider())["kubeconfig"], undefined),
            },
            "ExistingStackArgs.context": {
                words: "the current context",
                check: async () => assert.equal((await existingProvider())["context"], undefined),
            },
            "ExistingStackArgs.kubernetesVersion": {
                words: "read from the cluster's `/version`",
                check: () =>
                    assert.equal(planStack({ cloud: "existing" }).kubernetesVersion, undefined),
            },
            "ExistingStackArgs.clusterName": {
                words: 'the context, or "existing"',
                check: async () => {
                    assert.equal((await existingProvider())["clusterIdentifier"], "existing");
                    const withContext = await existingProvider({ context: "ctx" });
                    assert.equal(withContext["clusterIdentifier"], "ctx");
                },
            },
        },
    );
});
