/**
 * `cvmkit doctor`'s NetworkPolicy enforcement check (`network.policies`, cluster side) against a real
 * kube-apiserver: the upstream-shaped CNI DaemonSets of `test/support/cni-daemonsets.ts` are stored by the API
 * server (so they are valid objects) and read back by the doctor's own client. No controller runs, so no pod
 * is created; the check reads only DaemonSets, Cilium's ConfigMap and one node.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createClient } from "../../lib/client/client";
import { checkNetworkEnforcement } from "../../lib/doctor/network-enforcement";
import { CNI_DAEMONSETS } from "../support/cni-daemonsets";
import { startControlPlane, type ControlPlane } from "./support/control-plane";
import { Api } from "./support/fixtures-doctor";

let cp: ControlPlane;
let api: Api;

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** Server-side apply with strict field validation: an unknown or misplaced field fails the test. */
async function strictApply(o: Obj): Promise<void> {
    const collection = await api.collectionPath(o.apiVersion, o.kind, o.metadata.namespace);
    await api.must(
        "PATCH",
        `${collection}/${o.metadata.name}?fieldManager=cvmkit-e2e&force=true&fieldValidation=Strict`,
        o,
        "application/apply-patch+yaml",
    );
}

describe("network.policies against a real kube-apiserver", () => {
    before(async () => {
        cp = await startControlPlane({ controllerManager: false });
        api = new Api(cp);
    });
    after(async () => {
        await cp?.stop();
    });

    it("every CNI fixture is a valid DaemonSet the API server stores, each judged as in the unit cases", async () => {
        const client = await createClient({ kubeconfigData: cp.kubeconfig });
        const namespaces = new Set(
            Object.values(CNI_DAEMONSETS).map((d) => d.metadata!.namespace!),
        );
        for (const name of namespaces) {
            if (name === "kube-system") continue;
            await strictApply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
        }
        // one at a time: each alone, as the unit cases judge it
        const judged: Record<string, string> = {};
        for (const [key, d] of Object.entries(CNI_DAEMONSETS)) {
            const obj = d as Obj;
            await strictApply(obj);
            const f = await checkNetworkEnforcement(client);
            judged[key] = f.map((x) => `${x.status}${x.subject ? ` ${x.subject}` : ""}`).join(", ");
            await api.request(
                "DELETE",
                `${await api.collectionPath(obj.apiVersion, obj.kind, obj.metadata.namespace)}/${obj.metadata.name}`,
            );
        }
        assert.deepEqual(judged, {
            vpcCni114Off: "warn daemonset/kube-system/aws-node",
            vpcCniOn: "ok daemonset/kube-system/aws-node",
            vpcCni113: "warn daemonset/kube-system/aws-node",
            calicoPolicyOnly: "ok daemonset/kube-system/calico-node",
            calicoOperator: "ok daemonset/calico-system/calico-node",
            canal: "ok daemonset/kube-system/canal",
            cilium: "ok daemonset/kube-system/cilium",
            anetd: "ok daemonset/kube-system/anetd",
            gkeMetadata: "warn",
            aksNodeManager: "warn",
            azureNpm: "ok daemonset/kube-system/azure-npm",
            kubeRouter: "ok daemonset/kube-system/kube-router",
            antrea: "ok daemonset/kube-system/antrea-agent",
            weave: "ok daemonset/kube-system/weave-net",
            flannel: "warn daemonset/kube-flannel/kube-flannel-ds",
            kindnetOld: "warn daemonset/kube-system/kindnet",
            kindnetNew: "warn daemonset/kube-system/kindnet",
            kubeNetworkPolicies: "ok daemonset/kube-system/kube-network-policies",
            unknownCni: "warn",
        });
    });

    it("reads the CNI DaemonSets the API server stores: the VPC CNI agent off, then on; Cilium off beside Canal", async () => {
        const client = await createClient({ kubeconfigData: cp.kubeconfig });
        const enforcement = async () =>
            (await checkNetworkEnforcement(client)).map(
                (f) => `${f.status} ${f.subject ?? "-"}: ${f.message}`,
            );
        const apply = strictApply;
        const remove = async (o: Obj) =>
            api.request(
                "DELETE",
                `${await api.collectionPath(o.apiVersion, o.kind, o.metadata.namespace)}/${o.metadata.name}`,
            );
        const ds = (d: (typeof CNI_DAEMONSETS)[keyof typeof CNI_DAEMONSETS]) => d as Obj;
        const ciliumConfig: Obj & { data: Record<string, string> } = {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "cilium-config", namespace: "kube-system" },
            data: { "enable-policy": "never" },
        };
        try {
            // the v1.14.0 manifest: agent present, --enable-network-policy=false
            await apply(ds(CNI_DAEMONSETS.vpcCni114Off));
            const off = await checkNetworkEnforcement(client);
            assert.deepEqual(
                off.map((f) => [f.status, f.subject]),
                [["warn", "daemonset/kube-system/aws-node"]],
            );
            assert.match(
                off[0]!.remedy!,
                /aws eks create-addon \(or update-addon\) .*--addon-name vpc-cni .*'\{"enableNetworkPolicy":"true"\}'/,
            );
            // what the add-on's enableNetworkPolicy "true" renders: the same DaemonSet, agent on
            await apply(ds(CNI_DAEMONSETS.vpcCniOn));
            assert.deepEqual(await enforcement(), [
                "ok daemonset/kube-system/aws-node: Amazon VPC CNI enforces NetworkPolicies (aws-eks-nodeagent --enable-network-policy=true)",
            ]);
            await remove(ds(CNI_DAEMONSETS.vpcCniOn));
            await apply(ds(CNI_DAEMONSETS.canal));
            await apply(ds(CNI_DAEMONSETS.cilium));
            await apply(ciliumConfig);
            assert.deepEqual(await enforcement(), [
                "ok daemonset/kube-system/canal: Calico enforces NetworkPolicies (Canal: Flannel with Calico's calico-node)",
                "ok daemonset/kube-system/cilium: Cilium does not enforce NetworkPolicies (cilium-config enable-policy: never); they are enforced by Calico (daemonset/kube-system/canal)",
            ]);
        } finally {
            for (const o of [
                CNI_DAEMONSETS.vpcCniOn,
                CNI_DAEMONSETS.canal,
                CNI_DAEMONSETS.cilium,
            ]) {
                await remove(ds(o));
            }
            await remove(ciliumConfig);
        }
        assert.deepEqual(await enforcement(), [
            `warn -: ${"no DaemonSet of a known NetworkPolicy implementation runs"} (known: Amazon VPC CNI, GKE Dataplane V2, Cilium, Calico, Antrea, kube-router, Weave Net, kube-network-policies, Azure Network Policy Manager, Flannel, kindnet), so cvmkit's NetworkPolicies may be stored but not enforced`,
        ]);
    });
});
