/**
 * How the provider turns the engine's inputs into a component's TypeScript arguments: Outputs at the
 * `pulumi.Input` paths pass through (unknown, secret and with their dependencies), Outputs elsewhere are
 * awaited, unknown ones are one error naming every path, and a kubeconfig that a YAML program handed over
 * as a parsed object becomes its JSON text again, still secret.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { resolveInputs } from "../../lib/provider/resolve-inputs";
import { engineOutput } from "../support/engine-outputs";

/** An Output as the engine sends one: known or not, secret or not. */
const out = (
    value: unknown,
    opts: { known?: boolean; secret?: boolean } = {},
): pulumi.Output<unknown> => engineOutput(value, opts);

const valueOf = (o: unknown): Promise<unknown> =>
    new Promise((resolve) => (o as pulumi.Output<unknown>).apply(resolve));

describe("resolveInputs", () => {
    it("keeps Outputs at Input paths, awaits them elsewhere, deep in objects and arrays", async () => {
        const endpoint = out(undefined, { known: false });
        const subnets = out(["subnet-a"]);
        const args = await resolveInputs(
            {
                cluster: { clusterName: out("lab"), endpoint },
                instanceTypes: [out("m6i.xlarge"), "m6i.2xlarge"],
                labels: out({ team: "a" }),
                subnetIds: subnets,
                diskSizeGiB: 200,
            },
            ["cluster.endpoint", "cluster.clusterName", "subnetIds"],
        );
        const cluster = args.cluster as Record<string, unknown>;
        assert.equal(
            cluster.endpoint,
            endpoint,
            "an unknown Output at an Input path is passed on as it is",
        );
        assert.ok(pulumi.Output.isInstance(cluster.clusterName));
        assert.equal(args.subnetIds, subnets);
        assert.deepEqual(args.instanceTypes, ["m6i.xlarge", "m6i.2xlarge"]);
        assert.deepEqual(args.labels, { team: "a" });
        assert.equal(args.diskSizeGiB, 200);
    });

    it("array element paths ([]) keep each element's Output", async () => {
        const arn = out("arn:aws:iam::1:role/admin");
        const args = await resolveInputs({ cluster: { adminPrincipalArns: [arn, "arn:x"] } }, [
            "cluster.adminPrincipalArns[]",
        ]);
        const arns = (args.cluster as { adminPrincipalArns: unknown[] }).adminPrincipalArns;
        assert.equal(arns[0], arn);
        assert.equal(arns[1], "arn:x");
    });

    it("names every plain field that is unknown at preview in one error", async () => {
        await assert.rejects(
            resolveInputs(
                {
                    namespace: out(undefined, { known: false }),
                    supervisor: { image: out(undefined, { known: false }) },
                    kubeconfig: out(undefined, { known: false }),
                },
                [],
                ["kubeconfig"],
            ),
            (err: unknown) => {
                assert.ok(pulumi.InputPropertyError.isInstance(err), String(err));
                assert.equal(err.propertyPath, "namespace, supervisor.image");
                assert.match(
                    err.reason,
                    /^namespace, supervisor\.image are not known at preview .*Fix: /,
                );
                return true;
            },
        );
    });

    it("a kubeconfig handed over as a parsed object becomes JSON text, still secret", async () => {
        const kubeconfig = { apiVersion: "v1", clusters: [] };
        const args = await resolveInputs(
            { kubeconfig: out(kubeconfig, { secret: true }) },
            [],
            ["kubeconfig"],
        );
        const o = args.kubeconfig as pulumi.Output<string>;
        assert.ok(pulumi.Output.isInstance(o));
        assert.equal(await valueOf(o), JSON.stringify(kubeconfig));
        assert.equal(await (o as unknown as { isSecret: Promise<boolean> }).isSecret, true);
        // a plain string is kept as it is
        const plain = await resolveInputs({ kubeconfig: "apiVersion: v1" }, [], ["kubeconfig"]);
        assert.equal(plain.kubeconfig, "apiVersion: v1");
    });
});
