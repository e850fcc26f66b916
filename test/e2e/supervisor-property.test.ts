/**
 * Property test of the supervisor exception on a real kube-apiserver: seeded random mutations of cvmkit's
 * supervisor template (every caching mode) — add a probe or hook, flip `readOnly`, add an env var, a volume,
 * a container, change a path, add subPath / subPathExpr / propagation, change the command or image, drop
 * `privileged`, share the process namespace, … — are sent as server-side dry-run creates into the CVM
 * namespace of that mode, where cvmkit's ValidatingAdmissionPolicy runs. Each answer must agree with the one
 * definition (`supervisorViolations`): admitted ⇒ the pod still is the supervisor; refused by cvmkit's policy
 * ⇒ it is not. Refusals by the API's own validation (422, e.g. a duplicate mount path) are counted apart.
 *
 * Fixed seed and bounded count: `CVMKIT_PROPERTY_SEED` / `CVMKIT_PROPERTY_COUNT` override them.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Container, Pod, Volume } from "kubernetes-types/core/v1";
import { resolveConfig } from "../../lib/manifests";
import { supervisorDefinition, supervisorViolations } from "../../lib/manifests/supervisor";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, TypedObject } from "./support/kube";
import { MODES, modeRendered } from "./support/supervisor-cases";

const SEED = Number(process.env["CVMKIT_PROPERTY_SEED"] ?? 20261208);
const COUNT = Number(process.env["CVMKIT_PROPERTY_COUNT"] ?? 300);

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

type Mutation = (p: Pod, r: Rng) => string;
interface Rng {
    pick<T>(xs: readonly T[]): T;
    n: number;
}

const sup = (p: Pod): Container => p.spec!.containers[0]!;
const anyContainer = (p: Pod, r: Rng): Container => r.pick(p.spec!.containers);
const EXEC = { exec: { command: ["sh", "-c", "id"] } };
const PATHS = [
    "/var/lib/docker",
    "/home/coder",
    "/home/x/y",
    "/etc/ssl",
    "/usr/bin",
    "/var/lib/coder",
    "/opt",
];
const HOST_PATHS = [
    "/usr/src",
    "/lib/modules",
    "/var/run",
    "/var/lib",
    "/etc",
    "/",
    "/lib/modules/",
];
const ENV = [
    "LD_PRELOAD",
    "LD_LIBRARY_PATH",
    "BASH_ENV",
    "ENV",
    "CODER_DEBUG",
    "HTTP_PROXY",
    "FOO",
    "CODER_MOUNTS",
];

const MUTATIONS: Record<string, Mutation> = {
    "exec probe": (p, r) => {
        const probe = r.pick(["livenessProbe", "readinessProbe", "startupProbe"] as const);
        anyContainer(p, r)[probe] = EXEC;
        return probe;
    },
    "httpGet probe": (p, r) => {
        anyContainer(p, r).readinessProbe = { httpGet: { port: 8080, path: "/" } };
        return "readinessProbe.httpGet";
    },
    "exec hook": (p, r) => {
        const hook = r.pick(["postStart", "preStop"] as const);
        anyContainer(p, r).lifecycle = { [hook]: EXEC };
        return hook;
    },
    "flip readOnly": (p, r) => {
        const m = r.pick(sup(p).volumeMounts!);
        m.readOnly = !m.readOnly;
        return `${m.name} readOnly=${m.readOnly}`;
    },
    "unset readOnly": (p, r) => {
        const m = r.pick(sup(p).volumeMounts!);
        delete m.readOnly;
        return `${m.name} readOnly unset`;
    },
    "env var": (p, r) => {
        const name = r.pick(ENV);
        const value =
            name === "CODER_MOUNTS"
                ? r.pick(["/lib/modules:/m", "/var/lib/sysbox:/s", "/home/coder:/h", ""])
                : "/tmp/x";
        const c = anyContainer(p, r);
        c.env = [...(c.env ?? []), { name, value }];
        return `${name}=${value}`;
    },
    envFrom: (p, r) => {
        anyContainer(p, r).envFrom = [{ configMapRef: { name: "x" } }];
        return "envFrom";
    },
    volume: (p, r) => {
        const name = `v${r.n}`;
        const kind = r.pick([
            "emptyDir",
            "configMap",
            "persistentVolumeClaim",
            "secret",
            "projected",
        ]);
        const v: Volume = { name };
        if (kind === "emptyDir") v.emptyDir = {};
        if (kind === "configMap") v.configMap = { name: "c" };
        if (kind === "persistentVolumeClaim") v.persistentVolumeClaim = { claimName: "pvc" };
        if (kind === "secret") v.secret = { secretName: "s" };
        if (kind === "projected") v.projected = { sources: [{ configMap: { name: "c" } }] };
        p.spec!.volumes = [...(p.spec!.volumes ?? []), v];
        const mountPath = `${r.pick(PATHS)}`;
        const c = anyContainer(p, r);
        c.volumeMounts = [...(c.volumeMounts ?? []), { name, mountPath }];
        return `${kind} at ${mountPath}`;
    },
    "hostPath volume": (p, r) => {
        const name = r.pick(["usr-src", "lib-modules", "host-var-run", `h${r.n}`]);
        const path = r.pick(HOST_PATHS);
        const existing = p.spec!.volumes!.find((v) => v.name === name);
        if (existing) existing.hostPath = { path };
        else p.spec!.volumes!.push({ name, hostPath: { path } });
        return `${name} hostPath ${path}`;
    },
    "change mountPath": (p, r) => {
        const m = r.pick(sup(p).volumeMounts!);
        m.mountPath = r.pick([...PATHS, "/host", "/lib/modules", "/usr/src"]);
        return `${m.name} at ${m.mountPath}`;
    },
    subPath: (p, r) => {
        const m = r.pick(sup(p).volumeMounts!);
        if (r.pick([true, false])) m.subPath = "kernel";
        else m.subPathExpr = "$(CODER_CPUS)";
        return `${m.name} subPath`;
    },
    propagation: (p, r) => {
        const m = r.pick(sup(p).volumeMounts!);
        m.mountPropagation = r.pick(["None", "HostToContainer"]);
        return `${m.name} ${m.mountPropagation}`;
    },
    container: (p, r) => {
        const clone = structuredClone(sup(p));
        clone.name = `c${r.n}`;
        const shape = r.pick(["supervisor", "shell", "other image", "unprivileged"]);
        if (shape === "shell") clone.command = ["sh"];
        if (shape === "other image") clone.image = "docker.io/library/busybox:1.36";
        if (shape === "unprivileged") delete clone.securityContext;
        if (r.pick([true, false])) p.spec!.containers.push(clone);
        else p.spec!.initContainers = [...(p.spec!.initContainers ?? []), clone];
        return `container (${shape})`;
    },
    command: (p, r) => {
        const c = anyContainer(p, r);
        const shape = r.pick(["sh", "args", "unset", "same"]);
        if (shape === "sh") c.command = ["sh", "-c", "id"];
        if (shape === "args") c.args = ["--debug"];
        if (shape === "unset") delete c.command;
        return `command ${shape}`;
    },
    "drop privileged": (p, r) => {
        delete anyContainer(p, r).securityContext;
        return "unprivileged";
    },
    image: (p, r) => {
        anyContainer(p, r).image = r.pick([
            "ghcr.io/coder/envbox:0.6.7",
            "ghcr.io/coder/envbox:0.6.6",
            "docker.io/library/busybox:1.36",
        ]);
        return "image";
    },
    shareProcessNamespace: (p) => {
        p.spec!.shareProcessNamespace = true;
        return "shareProcessNamespace";
    },
    stdin: (p, r) => {
        const c = anyContainer(p, r);
        c[r.pick(["stdin", "tty"] as const)] = true;
        return "stdin/tty";
    },
    "resources (benign)": (p) => {
        sup(p).resources = {
            requests: { cpu: "500m", memory: "1Gi" },
            limits: { cpu: "2", memory: "4Gi" },
        };
        return "resources";
    },
};

describe("property: random mutations of the supervisor template are refused or still the supervisor", () => {
    let cp: ControlPlane;
    let kube: Kube;

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
        for (const obj of modeRendered.flatMap((r) => r.objects)) {
            const res = await kube.apply(obj as TypedObject);
            assert.ok(res.status < 300, `apply ${obj.kind}/${obj.metadata.name}: ${res.status}`);
        }
        for (const { namespace } of MODES) {
            await kube.waitFor(`the policy of ${namespace}`, async () => {
                const probe = structuredClone(modeRendered[0]!.supervisorPodTemplate);
                const r = await kube.create(
                    {
                        apiVersion: "v1",
                        kind: "Pod",
                        metadata: { name: "probe", namespace },
                        spec: { ...probe.spec!, hostPID: true },
                    } as TypedObject,
                    true,
                );
                return r.status === 403;
            });
        }
    });
    after(async () => {
        await cp?.stop();
    });

    it(`seed ${SEED}, ${COUNT} mutated pods: the apiserver's answer agrees with the definition`, async (t) => {
        const rand = prng(SEED);
        const keys = Object.keys(MUTATIONS);
        const tally = { admitted: 0, refused: 0, invalid: 0 };
        const started = Date.now();
        for (let i = 0; i < COUNT; i++) {
            const mode = i % MODES.length;
            const rng: Rng = { pick: (xs) => xs[Math.floor(rand() * xs.length)]!, n: i };
            const template = modeRendered[mode]!.supervisorPodTemplate;
            const pod: Pod = structuredClone({
                apiVersion: "v1",
                kind: "Pod",
                metadata: {
                    ...template.metadata,
                    name: `m-${i}`,
                    namespace: MODES[mode]!.namespace,
                },
                spec: template.spec,
            });
            const applied: string[] = [];
            const steps = 1 + Math.floor(rand() * 3);
            for (let s = 0; s < steps; s++) {
                const k = rng.pick(keys);
                applied.push(`${k}: ${MUTATIONS[k]!(pod, rng)}`);
            }
            const def = supervisorDefinition(
                resolveConfig({
                    kubernetesVersion: "1.35",
                    supervisor: { caching: MODES[mode]!.caching },
                }).supervisor,
            );
            const violations = supervisorViolations(def, pod.spec!);
            const r = await kube.create(pod as TypedObject, true);
            const what = `#${i} [${MODES[mode]!.caching}] ${applied.join("; ")} → HTTP ${r.status} ${r.body.message ?? ""}; definition: ${JSON.stringify(violations)}`;
            if (r.status === 422) {
                tally.invalid++;
                continue;
            }
            if (r.status === 201) {
                tally.admitted++;
                assert.deepEqual(violations, [], `admitted but not the supervisor: ${what}`);
            } else {
                tally.refused++;
                assert.equal(r.status, 403, what);
                assert.match(
                    r.body.message ?? "",
                    /ValidatingAdmissionPolicy 'cvmkit-cvm-[a-z]+-privileged-allowlist'/,
                    what,
                );
                assert.notDeepEqual(
                    violations,
                    [],
                    `refused but the definition admits it: ${what}`,
                );
            }
        }
        t.diagnostic(`seed ${SEED}: ${JSON.stringify(tally)} in ${Date.now() - started} ms`);
        assert.ok(
            tally.admitted >= COUNT / 20 && tally.refused >= COUNT / 3,
            JSON.stringify(tally),
        );
    });
});
