import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { AKS_KUBECONFIG, installMocks, MockRecorder, settle, valueOf } from "./stack-mocks";

let rec: MockRecorder;
let azure: typeof import("../../lib/azure");

before(async () => {
    rec = await installMocks();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    azure = require("../../lib/azure") as typeof import("../../lib/azure");
});
beforeEach(() => rec.reset());

describe("cvmkit/azure", () => {
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
                value: [
                    "kube-system",
                    "gatekeeper-system",
                    "azure-arc",
                    "azure-extensions-usage-system",
                    "cvm-workspaces",
                ],
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
