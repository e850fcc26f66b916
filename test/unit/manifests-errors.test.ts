import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    CvmConfig,
    CvmkitConfigError,
    CvmkitConfigErrors,
    renderManifests,
    resolveConfig,
} from "../../lib";
import { asConfig, BAD_CONFIGS } from "../support/bad-configs";

function expectConfigError(fn: () => unknown, field: string, shows: string): CvmkitConfigError {
    let caught: unknown;
    try {
        fn();
    } catch (err) {
        caught = err;
    }
    assert.ok(
        caught instanceof CvmkitConfigError,
        `expected a CvmkitConfigError, got ${String(caught)}`,
    );
    assert.equal(caught.name, "CvmkitConfigError");
    assert.equal(caught.field, field);
    assert.ok(caught.message.startsWith(`${field}: `), caught.message);
    assert.ok(
        caught.message.includes(`(got ${shows}`),
        `message shows the value: ${caught.message}`,
    );
    assert.ok(caught.message.includes(". Fix: "), caught.message);
    assert.ok(caught.fix.length > 5 && caught.message.endsWith(`Fix: ${caught.fix}`));
    return caught;
}

describe("invalid configs", () => {
    it("has at least 20 of them", () => {
        assert.ok(BAD_CONFIGS.length >= 20, `only ${BAD_CONFIGS.length}`);
        assert.equal(new Set(BAD_CONFIGS.map((b) => b.title)).size, BAD_CONFIGS.length);
    });

    for (const bad of BAD_CONFIGS) {
        it(`${bad.title} → ${bad.field}`, () => {
            const err = expectConfigError(
                () => renderManifests(asConfig(bad)),
                bad.field,
                bad.shows,
            );
            // resolveConfig is the same gate.
            assert.throws(() => resolveConfig(asConfig(bad)), { message: err.message });
        });
    }

    it("a missing kubernetesVersion", () => {
        expectConfigError(() => renderManifests({} as CvmConfig), "kubernetesVersion", "nothing");
    });

    it("a config that is not an object", () => {
        expectConfigError(() => renderManifests(null as unknown as CvmConfig), "config", "null");
        expectConfigError(() => renderManifests([] as unknown as CvmConfig), "config", "[]");
    });

    it("long values are shortened in the message", () => {
        const err = expectConfigError(
            () => renderManifests({ kubernetesVersion: "1.30", namespace: "x".repeat(300) }),
            "namespace",
            `"${"x".repeat(116)}...`,
        );
        assert.equal(err.value, "x".repeat(300));
        assert.ok(err.message.length < 400);
    });

    it("never shows the value of a credential field, only its name", () => {
        const kubeconfig = "apiVersion: v1\nusers:\n- name: u\n  user:\n    token: s3cr3t-token";
        for (const field of ["kubeconfig", "cluster.kubeconfig", "users[0].token"]) {
            const err = new CvmkitConfigError(field, kubeconfig, "is not a setting", "remove it");
            assert.ok(!err.message.includes("s3cr3t"), err.message);
            assert.ok(!err.message.includes("apiVersion"), err.message);
            assert.match(
                err.message,
                new RegExp(
                    `^${field.replace(/[.[\]]/g, "\\$&")}: is not a setting \\(got a value not shown: it is a credential\\)\\. Fix: remove it$`,
                ),
            );
        }
        // other fields show their value
        const plain = new CvmkitConfigError("namespace", "Bad_Name", "invalid", "rename it");
        assert.match(plain.message, /\(got "Bad_Name"\)/);
    });

    it("reports every problem at once, in the order the settings are documented", () => {
        let err: unknown;
        try {
            renderManifests({
                kubernetesVersion: "latest",
                namespace: "BAD",
                supervisor: { requests: { cpu: "-1" } },
                tolerations: [{ key: "a", effect: "NoSchedule", tolerationSeconds: 5 }],
            } as CvmConfig);
        } catch (e) {
            err = e;
        }
        // still a CvmkitConfigError naming the first problem, with all of them in `errors`
        assert.ok(err instanceof CvmkitConfigError && err instanceof CvmkitConfigErrors);
        assert.equal(err.name, "CvmkitConfigError");
        assert.equal(err.field, "kubernetesVersion");
        assert.match(err.message, /^kubernetesVersion: .*\(got "latest"\)/);
        assert.deepEqual(
            err.errors.map((e) => e.field),
            [
                "kubernetesVersion",
                "namespace",
                "supervisor.requests.cpu",
                "tolerations[0].tolerationSeconds",
            ],
        );
        const lines = err.message.split("\n");
        assert.equal(lines.length, 4);
        assert.match(lines[1]!, /^namespace: not a valid namespace name .*\(got "BAD"\)\. Fix: /);
        assert.match(
            lines[3]!,
            /^tolerations\[0\]\.tolerationSeconds: Kubernetes accepts tolerationSeconds only with effect "NoExecute" \(got 5\)/,
        );
    });

    it("accepts the valid neighbours of the rejected values", () => {
        const ok: CvmConfig[] = [
            { kubernetesVersion: "1.33", namespace: "c".repeat(63) },
            { kubernetesVersion: "1.33", labels: { "example.com/team": "a.b_c-d" } },
            { kubernetesVersion: "1.33", nodeSelector: { "cvmkit.dev/cvm": "" } },
            { kubernetesVersion: "1.33", tolerations: [{ operator: "Exists" }] },
            { kubernetesVersion: "1.33", admissionPolicyActions: ["Deny", "Audit"] },
            {
                kubernetesVersion: "1.33",
                supervisor: { requests: { cpu: "500m", memory: "1.5Gi" } },
            },
            {
                kubernetesVersion: "1.33",
                supervisor: {
                    image: `ghcr.io/coder/envbox@sha256:${"a".repeat(64)}`,
                    allowedImages: ["localhost:5000/envbox:dev"],
                },
            },
        ];
        for (const config of ok) {
            assert.doesNotThrow(() => renderManifests(config), JSON.stringify(config));
        }
    });
});
