import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { ContractRow, contractTable, runIsolated } from "../support/contract";
import { AKS_KUBECONFIG, installMocks, MockRecorder, settle, valueOf } from "./stack-mocks";
import { CvmkitConfigError, resolveConfig } from "../../lib";
import { AzurePolicyExclusionArgs, resolveNodePoolArgs } from "../../lib/azure/rules";

let rec: MockRecorder;
let azure: typeof import("../../lib/azure");

before(async () => {
    rec = await installMocks();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    azure = require("../../lib/azure") as typeof import("../../lib/azure");
});
beforeEach(() => rec.reset());

describe("cvmkit/azure", () => {
    it("refuses the CVM namespaces the config refuses, with the same reason", () => {
        const withPolicy = (azurePolicy: AzurePolicyExclusionArgs) =>
            resolveNodePoolArgs({
                cluster: { resourceGroupName: "rg", clusterName: "aks", clusterId: "/sub/rg/aks" },
                vmSize: "Standard_B8ms",
                kubernetesVersion: "1.33",
                azurePolicy,
            });
        const reasonOf = (f: () => unknown, field: string): string => {
            try {
                f();
            } catch (err) {
                assert.ok(err instanceof CvmkitConfigError, String(err));
                assert.equal(err.field, field);
                return err.reason;
            }
            assert.fail(`${field}: accepted`);
        };
        for (const ns of ["kube-system", "kube-cvm", "default", "a".repeat(70), "CVM"]) {
            const expected = reasonOf(
                () => resolveConfig({ kubernetesVersion: "1.33", namespace: ns }),
                "namespace",
            );
            const got = reasonOf(
                () => withPolicy({ enabled: true, cvmNamespace: ns }),
                "azurePolicy.cvmNamespace",
            );
            assert.equal(got, expected, ns);
        }
        // the installer and the initiative's own exclusions may be system namespaces, but must be names
        assert.doesNotThrow(() => withPolicy({ enabled: true, installerNamespace: "kube-system" }));
        assert.equal(
            reasonOf(
                () => withPolicy({ enabled: true, excludedNamespaces: ["x".repeat(64)] }),
                "azurePolicy.excludedNamespaces[0]",
            ),
            "not a valid namespace name (RFC 1123 label, at most 63 characters)",
        );
    });
    it("creates an AKS cluster and an Ubuntu agent pool with the baseline exclusion", async () => {
        const cluster = new azure.Cluster("aks", {
            resourceGroupName: "rg",
            kubernetesVersion: "1.33",
            azurePolicy: true,
        });
        const pool = new azure.SysboxNodePool("cvm", {
            cluster,
            vmSize: "Standard_B8ms",
            osSKU: "Ubuntu2204",
            kubernetesVersion: "1.33",
            sysboxRuntime: { enabled: true },
            taint: true,
            minSize: 1,
            maxSize: 4,
            azurePolicy: { enabled: true, cvmNamespace: "cvm-workspaces" },
        });
        assert.equal(await valueOf(cluster.kubeconfig), AKS_KUBECONFIG);
        assert.equal(await pulumi.isSecret(cluster.kubeconfig), true);
        await valueOf(pool.agentPoolName);
        await settle(rec);

        const mc = rec.one("azure-native:containerservice:ManagedCluster");
        assert.equal(mc.inputs["kubernetesVersion"], "1.33");
        assert.deepEqual(mc.inputs["addonProfiles"], { azurepolicy: { enabled: true } });
        const system = (mc.inputs["agentPoolProfiles"] as Record<string, unknown>[])[0]!;
        assert.equal(system["mode"], "System");
        assert.equal(system["osSKU"], "Ubuntu");

        const ap = rec.one("azure-native:containerservice:AgentPool");
        assert.equal(ap.inputs["resourceGroupName"], "rg");
        assert.equal(ap.inputs["resourceName"], "aks-aks");
        assert.equal(ap.inputs["agentPoolName"], "cvm");
        assert.equal(ap.inputs["osType"], "Linux");
        assert.equal(ap.inputs["osSKU"], "Ubuntu2204");
        assert.equal(ap.inputs["vmSize"], "Standard_B8ms");
        assert.equal(ap.inputs["mode"], "User");
        assert.equal(ap.inputs["orchestratorVersion"], "1.33");
        assert.equal(ap.inputs["enableAutoScaling"], true);
        assert.equal(ap.inputs["minCount"], 1);
        assert.equal(ap.inputs["maxCount"], 4);
        assert.deepEqual(ap.inputs["nodeLabels"], {
            "cvmkit.dev/cvm-node": "true",
            "sysbox-install": "yes",
        });
        assert.deepEqual(ap.inputs["nodeTaints"], ["cvmkit.dev/cvm-node=true:NoSchedule"]);

        const pa = rec.one("azure-native:authorization:PolicyAssignment");
        assert.equal(pa.inputs["policyDefinitionId"], azure.POD_SECURITY_BASELINE_INITIATIVE);
        assert.equal(
            pa.inputs["policyDefinitionId"],
            "/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d",
        );
        assert.equal(pa.inputs["scope"], "aks-id");
        assert.deepEqual(pa.inputs["parameters"], {
            effect: { value: "Audit" },
            excludedNamespaces: {
                value: ["kube-system", "gatekeeper-system", "azure-arc", "cvm-workspaces"],
            },
        });
    });

    it("defaults to Standard_D4s_v5 / Ubuntu, no policy assignment, fixed count without autoscaling", async () => {
        new azure.SysboxNodePool("plain", {
            cluster: { resourceGroupName: "rg", clusterName: "aks" },
            minSize: 2,
            maxSize: 2,
        });
        await settle(rec);
        const ap = rec.one("azure-native:containerservice:AgentPool");
        assert.equal(ap.inputs["vmSize"], "Standard_D4s_v5");
        assert.equal(ap.inputs["osSKU"], "Ubuntu");
        assert.equal(ap.inputs["orchestratorVersion"], undefined);
        assert.equal(ap.inputs["enableAutoScaling"], false);
        assert.equal(ap.inputs["count"], 2);
        assert.deepEqual(ap.inputs["nodeTaints"], []);
        assert.equal(rec.resources.filter((r) => r.type.includes("PolicyAssignment")).length, 0);
    });

    it("finds an existing cluster and reads its add-on state", async () => {
        const cluster = new azure.Cluster("prod", {
            resourceGroupName: "rg",
            existing: { name: "prod" },
        });
        assert.equal(await valueOf(cluster.kubernetesVersion), "1.33.1");
        assert.equal(await valueOf(cluster.azurePolicyEnabled), true);
        assert.match(await valueOf(cluster.clusterId), /managedClusters\/prod$/);
        await settle(rec);
        assert.equal(rec.custom().length, 0);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Contract table: the rules AKS, Azure Policy and azure-native apply, asserted on the recorded inputs.

const AKS_SOURCES = {
    ossku: "Azure/azure-rest-api-specs pull/38610 (Ubuntu2404 in OSSKU from 2025-10-01); @pulumi/azure-native containerservice/agentPool.d.ts (API 2025-09-01)",
    osVersions:
        "https://learn.microsoft.com/azure/aks/upgrade-os-version (Ubuntu: 22.04 on 1.25–1.34, 24.04 from 1.35)",
    versions:
        "https://learn.microsoft.com/rest/api/aks/managed-clusters/create-or-update (kubernetesVersion: major.minor.patch or major.minor)",
    policy: "Azure/azure-policy built-in-policies/policySetDefinitions/Kubernetes/Kubernetes_PSPBaselineStandard.json (excludedNamespaces defaultValue)",
    aad: "https://azure.github.io/kubelogin/concepts/login-modes.html; Azure/AKS releases 2022-07-31 (AAD clusters return exec kubeconfigs for kubelogin)",
    skew: "https://kubernetes.io/releases/version-skew-policy/#kubelet",
};

function agentPool(r: MockRecorder): Record<string, unknown> {
    return r.one("azure-native:containerservice:AgentPool").inputs;
}
function exclusions(r: MockRecorder): string[] {
    const pa = r.one("azure-native:authorization:PolicyAssignment");
    return (pa.inputs["parameters"] as { excludedNamespaces: { value: string[] } })
        .excludedNamespaces.value;
}
const BARE = { resourceGroupName: "rg", clusterName: "aks", clusterId: "/id" };
const execOf = (kubeconfig: string) =>
    (parse(kubeconfig) as { users: { user: { exec: { command: string; args: string[] } } }[] })
        .users[0]!.user.exec;

const AZURE_CONTRACT: ContractRow[] = [
    {
        edge: "default args",
        rule: "osSKU Ubuntu (the SKU follows the Kubernetes version), no version, no policy assignment",
        source: AKS_SOURCES.osVersions,
        build: () => new azure.SysboxNodePool("cvm", { cluster: BARE }),
        check: (r) => {
            assert.equal(agentPool(r)["osSKU"], "Ubuntu");
            assert.equal(agentPool(r)["orchestratorVersion"], undefined);
            assert.equal(r.resources.filter((x) => x.type.includes("PolicyAssignment")).length, 0);
        },
    },
    {
        edge: "osSKU per version (Ubuntu2404)",
        rule: "Ubuntu2404 is refused: the API version azure-native 3.28 sends has no such OSSKU",
        source: AKS_SOURCES.ossku,
        build: () => {
            assert.throws(
                () =>
                    new azure.SysboxNodePool("x", { cluster: BARE, osSKU: "Ubuntu2404" as never }),
                /osSKU: the AgentPool OSSKU enum has Ubuntu2404 only from API version 2025-10-01.*2025-09-01.*\(got "Ubuntu2404"\)\. Fix: use osSKU "Ubuntu" \(24\.04 on Kubernetes 1\.35\+/,
            );
            const enums = fs.readFileSync(
                path.join(
                    require.resolve("@pulumi/azure-native/package.json"),
                    "..",
                    "types",
                    "enums",
                    "containerservice",
                    "index.d.ts",
                ),
                "utf8",
            );
            const ossku = enums.slice(enums.indexOf("export declare const OSSKU"));
            assert.doesNotMatch(ossku.slice(0, ossku.indexOf("};")), /Ubuntu2404/);
            assert.match(
                fs.readFileSync(
                    path.join(
                        require.resolve("@pulumi/azure-native/package.json"),
                        "..",
                        "containerservice",
                        "agentPool.js",
                    ),
                    "utf8",
                ),
                /Uses Azure REST API version 2025-09-01/,
            );
        },
        check: (r) => assert.deepEqual(r.resources, []),
    },
    {
        edge: "osSKU per version (Ubuntu2204)",
        rule: "Ubuntu2204 needs Kubernetes 1.25+; on 1.33 it is sent as is",
        source: AKS_SOURCES.osVersions,
        build: () => {
            assert.throws(
                () =>
                    new azure.SysboxNodePool("x", {
                        cluster: BARE,
                        osSKU: "Ubuntu2204",
                        kubernetesVersion: "1.24",
                    }),
                /kubernetesVersion: osSKU Ubuntu2204 needs Kubernetes 1\.25 or newer on AKS, not 1\.24/,
            );
            new azure.SysboxNodePool("cvm", {
                cluster: BARE,
                osSKU: "Ubuntu2204",
                kubernetesVersion: "1.33",
            });
        },
        check: (r) => assert.equal(agentPool(r)["osSKU"], "Ubuntu2204"),
    },
    {
        edge: "v-prefixed versions",
        rule: "AKS takes major.minor[.patch]: v1.33.2 → 1.33.2 (cluster and system pool), v1.33 → 1.33",
        source: AKS_SOURCES.versions,
        build: () =>
            new azure.SysboxNodePool("cvm", {
                cluster: new azure.Cluster("aks", {
                    resourceGroupName: "rg",
                    kubernetesVersion: "v1.33.2",
                }),
                kubernetesVersion: "v1.33",
            }),
        check: (r) => {
            const mc = r.one("azure-native:containerservice:ManagedCluster").inputs;
            assert.equal(mc["kubernetesVersion"], "1.33.2");
            const system = (mc["agentPoolProfiles"] as Record<string, unknown>[])[0]!;
            assert.equal(system["orchestratorVersion"], "1.33.2");
            assert.equal(agentPool(r)["orchestratorVersion"], "1.33");
        },
    },
    {
        edge: "existing cluster with Azure Policy",
        rule: "the looked-up add-on turns the exclusion on: the initiative's defaults plus the CVM namespace",
        source: AKS_SOURCES.policy,
        build: () =>
            new azure.SysboxNodePool("cvm", {
                cluster: new azure.Cluster("prod", {
                    resourceGroupName: "rg",
                    existing: { name: "prod" },
                }),
            }),
        check: (r) => {
            assert.deepEqual(exclusions(r), [
                "kube-system",
                "gatekeeper-system",
                "azure-arc",
                "cvm-workspaces",
            ]);
            const pa = r.one("azure-native:authorization:PolicyAssignment");
            assert.match(String(pa.inputs["scope"]), /managedClusters\/prod$/);
        },
    },
    {
        edge: "existing cluster without Azure Policy",
        rule: "no add-on, no assignment",
        source: AKS_SOURCES.policy,
        build: () =>
            new azure.SysboxNodePool("cvm", {
                cluster: new azure.Cluster("np", {
                    resourceGroupName: "rg",
                    existing: { name: "no-policy" },
                }),
            }),
        check: (r) => {
            assert.equal(r.resources.filter((x) => x.type.includes("PolicyAssignment")).length, 0);
            assert.equal(agentPool(r)["osSKU"], "Ubuntu");
        },
    },
    {
        edge: "installer namespace",
        rule: "the Sysbox installer's namespace is excluded too (privileged DaemonSet with host paths)",
        source: AKS_SOURCES.policy,
        build: () => {
            assert.deepEqual(azure.BASELINE_DEFAULT_EXCLUDED_NAMESPACES, [
                "kube-system",
                "gatekeeper-system",
                "azure-arc",
            ]);
            new azure.SysboxNodePool("cvm", {
                cluster: BARE,
                azurePolicy: { enabled: true, installerNamespace: "sysbox-system" },
            });
        },
        check: (r) =>
            assert.deepEqual(exclusions(r), [
                "kube-system",
                "gatekeeper-system",
                "azure-arc",
                "sysbox-system",
                "cvm-workspaces",
            ]),
    },
    {
        edge: "AAD",
        rule: "an Entra ID cluster's kubeconfig logs in with kubelogin azurecli, never the hanging device code",
        source: AKS_SOURCES.aad,
        build: async () => {
            const c = new azure.Cluster("aad", {
                resourceGroupName: "rg",
                existing: { name: "aad" },
            });
            assert.equal(await valueOf(c.aadEnabled), true);
            assert.deepEqual(execOf(await valueOf(c.kubeconfig)), {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "kubelogin",
                args: [
                    "get-token",
                    "--login",
                    "azurecli",
                    "--server-id",
                    "6dae42f8-4368-4678-94ff-3960e28e3630",
                ],
            });
            const spn = new azure.Cluster("spn", {
                resourceGroupName: "rg",
                existing: { name: "aad" },
                kubeloginMode: "spn",
            });
            assert.deepEqual(execOf(await valueOf(spn.kubeconfig)).args, [
                "get-token",
                "--login",
                "spn",
                "--server-id",
                "6dae42f8-4368-4678-94ff-3960e28e3630",
                "--environment",
                "AzurePublicCloud",
                "--tenant-id",
                "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ]);
            const plain = new azure.Cluster("plain", {
                resourceGroupName: "rg",
                existing: { name: "prod" },
            });
            assert.equal(
                await valueOf(plain.kubeconfig),
                AKS_KUBECONFIG,
                "non-AAD kubeconfigs are untouched",
            );
        },
        check: () => undefined,
    },
    {
        edge: "AAD (caller-supplied kubeconfig)",
        rule: "a given kubeconfig is used as is and no credentials are listed",
        source: AKS_SOURCES.aad,
        build: async () => {
            const c = new azure.Cluster("own", {
                resourceGroupName: "rg",
                existing: { name: "aad" },
                kubeconfig: "apiVersion: v1\nkind: Config\n",
            });
            assert.equal(await valueOf(c.kubeconfig), "apiVersion: v1\nkind: Config\n");
            assert.equal(await pulumi.isSecret(c.kubeconfig), true);
        },
        check: (r) =>
            assert.deepEqual(
                r.calls.map((c) => c.token),
                ["azure-native:containerservice:getManagedCluster"],
            ),
    },
];

contractTable("Azure (AKS)", AZURE_CONTRACT, () => rec, settle);

describe("cvmkit/azure refusals that need the looked-up cluster", () => {
    it("an orchestratorVersion newer than the looked-up control plane fails the deployment", () => {
        const run = runIsolated(
            "azure",
            `new cvmkit.SysboxNodePool("cvm", { cluster: new cvmkit.Cluster("prod", { resourceGroupName: "rg", existing: { name: "prod" } }), kubernetesVersion: "1.34" });`,
        );
        assert.ok(
            run.errors.some((e) =>
                /kubernetesVersion: the nodes would run Kubernetes 1\.34, newer than the control plane \(1\.33\)/.test(
                    e,
                ),
            ),
            run.errors.join("\n"),
        );
        assert.ok(!run.types.includes("azure-native:containerservice:AgentPool"));
    });

    it("rejects a bad kubelogin mode before anything is registered", () => {
        assert.throws(
            () =>
                new azure.Cluster("x", {
                    resourceGroupName: "rg",
                    existing: { name: "aad" },
                    kubeloginMode: "browser" as never,
                }),
            /kubeloginMode: not a kubelogin login mode .*\(got "browser"\)/,
        );
    });
});
