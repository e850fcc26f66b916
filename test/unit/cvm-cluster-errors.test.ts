/**
 * Invalid CvmCluster args throw an InputPropertyError naming the field before anything is registered:
 * every `newResource` call (custom or component) is counted.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { CvmkitConfigError, renderManifests } from "../../lib";
import type * as Kube from "../../lib/kubernetes";
import { asConfig, BAD_CONFIGS } from "../support/bad-configs";
import { installRecordingMocks, Recorder, valueOf } from "../support/pulumi-mocks";

let rec: Recorder;
let kube: typeof Kube;

before(async () => {
    rec = await installRecordingMocks();
    kube = await import("../../lib/kubernetes/index.js");
});

function expectRejected(
    name: string,
    args: Record<string, unknown>,
    field: string,
    shows: string,
): void {
    let caught: unknown;
    try {
        new kube.CvmCluster(name, args as Kube.CvmClusterArgs);
    } catch (err) {
        caught = err;
    }
    assert.ok(
        pulumi.InputPropertyError.isInstance(caught),
        `InputPropertyError, got ${String(caught)}`,
    );
    assert.equal(caught.propertyPath, field);
    assert.ok(caught.reason.startsWith(`${field}: `), caught.reason);
    assert.ok(caught.reason.includes(`(got ${shows}`), caught.reason);
    assert.ok(caught.reason.includes(". Fix: "), caught.reason);
}

describe("CvmCluster with invalid args", () => {
    for (const [i, bad] of BAD_CONFIGS.entries()) {
        it(`${bad.title}: ${bad.field}, nothing registered`, async () => {
            // The same error as the pure renderer.
            let pure: unknown;
            try {
                renderManifests(asConfig(bad));
            } catch (err) {
                pure = err;
            }
            assert.ok(pure instanceof CvmkitConfigError);
            assert.equal(pure.field, bad.field);

            expectRejected(`bad-${i}`, bad.config, bad.field, bad.shows);
            if (bad.versionIndependent) {
                // Also before discovery, when kubernetesVersion is left out.
                const rest = { ...bad.config };
                delete rest.kubernetesVersion;
                expectRejected(`bad-${i}-nover`, rest, bad.field, bad.shows);
            }
            await rec.settle();
            assert.deepEqual(rec.calls, [], "no newResource call");
        });
    }

    it("the recorder sees registrations (the zero counts above can fail)", async () => {
        const cvm = new kube.CvmCluster("good", { kubernetesVersion: "1.30" });
        await valueOf(cvm.urn);
        await rec.settle();
        assert.ok(rec.calls.some((r) => r.type === "cvmkit:kubernetes:CvmCluster"));
        assert.ok(rec.calls.filter((r) => r.custom).length >= 5);
    });
});
