import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PodSpec } from "kubernetes-types/core/v1";
import { resolveConfig } from "../../lib/manifests";
import { supervisorDefinition, supervisorViolations } from "../../lib/manifests/supervisor";
import { KubernetesObject, renderManifests } from "../../lib";
import { cidrContains, parseIp } from "../../lib/compat";
import type { KubeClient } from "../../lib/client/client";
import { checkBaseline, checkNetworkPolicies } from "../../lib/doctor/security-checks";

function client(get: Record<string, unknown>, dryRun: (body: unknown) => number): KubeClient {
    return {
        server: "https://stub",
        get: (p) =>
            Promise.resolve(
                p in get ? { status: 200, body: get[p] } : { status: 404, body: {} },
            ) as never,
        dryRunCreate: (_p, body) =>
            Promise.resolve({ status: dryRun(body), body: { message: "denied" } }) as never,
    };
}

const NP_PATH = "/apis/networking.k8s.io/v1/namespaces/cvm-workspaces/networkpolicies";
const v = (minor: number) => ({ major: 1, minor, raw: `1.${minor}` });

describe("cidrContains / parseIp", () => {
    for (const [cidr, ip, inside] of [
        ["0.0.0.0/0", "169.254.169.254", true],
        ["169.254.169.254/32", "169.254.169.254", true],
        ["169.254.0.0/16", "169.254.170.2", true],
        ["10.0.0.0/8", "169.254.169.254", false],
        ["::/0", "fd00:ec2::254", true],
        ["fd00:ec2::254/128", "fd00:ec2::254", true],
        ["fd00:ec2::/32", "fd00:ec2:0:0:0:0:0:23", true],
        ["fd00::/8", "169.254.169.254", false],
    ] as const) {
        it(`${ip} in ${cidr}: ${inside}`, () => assert.equal(cidrContains(cidr, ip), inside));
    }
    it("refuses what is not an address", () => {
        for (const bad of ["256.1.1.1", "1.2.3", "fd00:::1", "1::2::3", "x"]) {
            assert.equal(parseIp(bad), undefined, bad);
        }
    });
});

describe("checkNetworkPolicies", () => {
    const rendered = renderManifests({ kubernetesVersion: "1.35" });
    const nps = rendered.objects.filter((o: KubernetesObject) => o.kind === "NetworkPolicy");

    it("cvmkit's own policies: isolated both ways, every metadata endpoint blocked", async () => {
        const f = await checkNetworkPolicies(
            client({ [NP_PATH]: { items: nps } }, () => 201),
            "cvm-workspaces",
        );
        assert.deepEqual(
            f.map((x) => `${x.check}:${x.status}`),
            ["network.policies:ok", "network.metadata:ok"],
        );
        assert.match(f[1]!.message, /169\.254\.169\.254\/32, fd00:ec2::254\/128/);
    });

    it("no policies: a warning for both", async () => {
        const f = await checkNetworkPolicies(
            client({ [NP_PATH]: { items: [] } }, () => 201),
            "cvm-workspaces",
        );
        assert.deepEqual(
            f.map((x) => `${x.check}:${x.status}`),
            ["network.policies:warn", "network.metadata:warn"],
        );
        assert.match(f[0]!.message, /ingress and egress/);
    });

    it("another policy that allows all egress re-opens the metadata endpoints", async () => {
        const allowAll = {
            metadata: { name: "allow-all" },
            spec: {
                podSelector: { matchLabels: { app: "x" } },
                policyTypes: ["Egress"],
                egress: [{}],
            },
        };
        const f = await checkNetworkPolicies(
            client({ [NP_PATH]: { items: [...nps, allowAll] } }, () => 201),
            "cvm-workspaces",
        );
        assert.equal(f[1]!.status, "warn");
        assert.match(f[1]!.message, /169\.254\.169\.254, fd00:ec2::254/);
    });
});

describe("checkBaseline", () => {
    it("every escape pod rejected: ok each", async () => {
        const f = await checkBaseline(
            client({}, () => 403),
            v(35),
            "cvm-workspaces",
            undefined,
        );
        assert.equal(f.length, 18);
        assert.ok(f.every((x) => x.check === "admission.baseline" && x.status === "ok"));
        assert.match(f[5]!.message, /the supervisor image with hostPID is rejected/);
        assert.match(
            f[6]!.message,
            /an exec liveness probe in the privileged supervisor is rejected/,
        );
        assert.match(f[17]!.message, /CODER_MOUNTS passing \/lib\/modules/);
    });

    it("admitted on 1.27: a warning saying what is open and how a policy engine closes it", async () => {
        const f = await checkBaseline(
            client({}, () => 201),
            v(27),
            "cvm-workspaces",
            undefined,
        );
        assert.ok(f.every((x) => x.status === "warn"));
        assert.match(f[0]!.remedy!, /1\.25–1\.29 cannot scope admission by image/);
        assert.match(f[0]!.remedy!, /Gatekeeper or Kyverno/);
    });

    it("admitted on 1.35: deploy cvmkit's policy", async () => {
        const f = await checkBaseline(
            client({}, () => 201),
            v(35),
            "cvm-workspaces",
            undefined,
        );
        assert.match(f[0]!.remedy!, /ValidatingAdmissionPolicy/);
    });

    it("dry-runs are sent for the known escapes, the supervisor image included", async () => {
        const sent: unknown[] = [];
        await checkBaseline(
            client({}, (b) => (sent.push(b), 403)),
            v(35),
            "cvm-workspaces",
            "mirror.example.com/envbox:1",
        );
        const specs = sent.map((b) => (b as { spec: Record<string, unknown> }).spec);
        assert.equal(specs[0]!["hostPID"], true);
        assert.equal(specs[1]!["hostNetwork"], true);
        const last = specs[5] as { hostPID: boolean; containers: { image: string }[] };
        assert.equal(last.hostPID, true);
        assert.equal(last.containers[0]!.image, "mirror.example.com/envbox:1");
    });

    it("one pod per way around the supervisor exception, each the template but for one edit", async () => {
        const sent: { spec: PodSpec }[] = [];
        await checkBaseline(
            client({}, (b) => (sent.push(b as { spec: PodSpec }), 403)),
            v(35),
            "cvm-workspaces",
            "mirror.example.com/envbox:1",
        );
        const classes = sent.slice(6).map((b) => b.spec);
        assert.equal(classes.length, 12);
        const def = supervisorDefinition(
            resolveConfig({
                kubernetesVersion: "1.35",
                supervisor: { image: "mirror.example.com/envbox:1" },
            }).supervisor,
        );
        // every class pod breaks the supervisor definition (the template itself does not)
        for (const spec of classes) assert.notDeepEqual(supervisorViolations(def, spec), []);
        assert.equal(classes[0]!.containers[0]!.livenessProbe!.exec!.command![0], "sh");
        assert.equal(classes[2]!.containers[0]!.securityContext, undefined);
    });
});
