/** The least-privilege pieces of the manifests: NetworkPolicies, the PSP below 1.25, pinned command, warnings. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubernetesObject, renderManifests } from "../../lib";
import { main } from "../../lib/cli/main";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const at = (o: unknown): any => o;
const find = (objects: readonly KubernetesObject[], kind: string, name?: string) =>
    at(objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name)));

describe("NetworkPolicies of the CVM namespace", () => {
    it("ingress only from the namespace; egress anywhere but the metadata endpoints (WireServer DNS only)", () => {
        const out = renderManifests({ kubernetesVersion: "1.35" });
        const ingress = find(out.objects, "NetworkPolicy", "cvmkit-ingress");
        assert.deepEqual(ingress.spec, {
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: {} }] }],
        });
        const egress = find(out.objects, "NetworkPolicy", "cvmkit-egress");
        assert.deepEqual(egress.spec, {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                { to: [{ namespaceSelector: {} }] },
                {
                    to: [
                        {
                            ipBlock: {
                                cidr: "0.0.0.0/0",
                                except: [
                                    "169.254.169.254/32",
                                    "169.254.170.2/32",
                                    "169.254.170.23/32",
                                    "168.63.129.16/32",
                                ],
                            },
                        },
                        {
                            ipBlock: {
                                cidr: "::/0",
                                except: ["fd00:ec2::254/128", "fd00:ec2::23/128"],
                            },
                        },
                    ],
                },
                {
                    to: [{ ipBlock: { cidr: "168.63.129.16/32" } }],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ],
        });
    });

    it("an ingress allow-list and extra denied CIDRs; off when disabled", () => {
        const out = renderManifests({
            kubernetesVersion: "1.30",
            networkPolicy: {
                ingressFromNamespaces: ["coder"],
                denyEgressTo: ["10.0.0.0/8", "fd00:1::/64"],
            },
        });
        const ingress = find(out.objects, "NetworkPolicy", "cvmkit-ingress");
        assert.deepEqual(ingress.spec.ingress[0].from[1], {
            namespaceSelector: {
                matchExpressions: [
                    { key: "kubernetes.io/metadata.name", operator: "In", values: ["coder"] },
                ],
            },
        });
        const egress = find(out.objects, "NetworkPolicy", "cvmkit-egress");
        assert.ok(egress.spec.egress[1].to[0].ipBlock.except.includes("10.0.0.0/8"));
        assert.ok(egress.spec.egress[1].to[1].ipBlock.except.includes("fd00:1::/64"));
        const off = renderManifests({
            kubernetesVersion: "1.30",
            networkPolicy: { enabled: false },
        });
        assert.equal(off.objects.filter((o) => o.kind === "NetworkPolicy").length, 0);
    });
});

describe("PodSecurityPolicy below 1.25: no host namespaces or ports for the supervisor", () => {
    for (const v of ["1.18", "1.24"]) {
        it(`${v}: privileged, but no host network, PID, IPC or ports, no unsafe sysctls`, () => {
            const out = renderManifests({
                kubernetesVersion: v,
                supervisor: { caching: "cached" },
            });
            const psp = find(out.objects, "PodSecurityPolicy", "cvmkit-privileged");
            assert.equal(psp.spec.privileged, true);
            assert.equal(psp.spec.hostNetwork, false);
            assert.equal(psp.spec.hostPID, false);
            assert.equal(psp.spec.hostIPC, false);
            // PSP allows no host port unless hostPorts lists a range.
            assert.equal(psp.spec.hostPorts, undefined);
            assert.deepEqual(psp.spec.allowedUnsafeSysctls, undefined, "no unsafe sysctls");
        });
    }
});

describe("supervisor command pin and floating image tags", () => {
    const rules = (o: readonly KubernetesObject[]) =>
        find(o, "ValidatingAdmissionPolicy").spec.validations.map(
            (v: { message: string }) => v.message,
        ) as string[];

    it("pinCommand (default) adds the command rule; false drops it", () => {
        const on = rules(renderManifests({ kubernetesVersion: "1.35" }).objects);
        const off = rules(
            renderManifests({ kubernetesVersion: "1.35", supervisor: { pinCommand: false } })
                .objects,
        );
        const pin = (m: string) =>
            /must run exactly command|remove the exec handler|reads no input|environment variables|CODER_MOUNTS/.test(
                m,
            );
        assert.equal(on.filter(pin).length, 10, "five rules for containers and initContainers");
        assert.equal(off.filter(pin).length, 0);
        assert.equal(on.length - off.length, 10);
    });

    it(":latest or untagged supervisor images render, with a warning (CLI: on stderr)", async () => {
        const out = renderManifests({
            kubernetesVersion: "1.35",
            supervisor: {
                image: "ghcr.io/coder/envbox:latest",
                allowedImages: ["mirror.example.com/envbox"],
            },
        });
        assert.deepEqual(out.config.warnings, [
            "supervisor image ghcr.io/coder/envbox:latest has no pinned tag (untagged or :latest): the allow-list then admits whatever that tag points to; pin a release tag or a digest",
            "supervisor image mirror.example.com/envbox has no pinned tag (untagged or :latest): the allow-list then admits whatever that tag points to; pin a release tag or a digest",
        ]);
        assert.deepEqual(renderManifests({ kubernetesVersion: "1.35" }).config.warnings, []);
        const pinned = renderManifests({
            kubernetesVersion: "1.35",
            supervisor: {
                image: `ghcr.io/coder/envbox@sha256:${"a".repeat(64)}`,
                allowedImages: ["localhost:5000/envbox:1"],
            },
        });
        assert.deepEqual(pinned.config.warnings, []);
        const r = await main(["render", "--supervisor-image", "ghcr.io/coder/envbox:latest"]);
        assert.equal(r.exitCode, 0);
        assert.match(
            r.stderr,
            /^cvmkit: warning: supervisor image ghcr\.io\/coder\/envbox:latest has no pinned tag/,
        );
    });
});
