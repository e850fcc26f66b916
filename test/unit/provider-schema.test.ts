/**
 * The provider's package schema against the TypeScript types it serves, read with the TypeScript compiler
 * (the same types `tsc` checks): every schema object type has exactly the properties of its interface, with
 * the same required ones; every enum has exactly the members of its string union; every `$ref` resolves; and
 * a construct through the provider rejects bad input with cvmkit's field/value/fix message before anything
 * is registered. (The compiler also checks the property maps themselves: see `objectType` in lib/provider.)
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { CVM_CLUSTER_TYPE } from "../../lib/kubernetes/cvm-cluster";
import type * as Provider from "../../lib/provider";
import { CONSTRUCTORS } from "../../lib/provider/constructors";
import { COMPONENTS, packageSchema } from "../../lib/provider/schema";
import { KUBERNETES_SCHEMA_VERSION } from "../../lib/provider/spec";
import { unknownOutput } from "../support/engine-outputs";
import { installRecordingMocks, Recorder } from "../support/pulumi-mocks";
import { codeBlocks } from "../support/docs";
import {
    COMPONENT_SOURCES,
    Prop,
    REPO,
    Schema,
    SOURCES,
    Sources,
    sources,
} from "../support/provider-schema";

let src: Sources;
let schema: Schema;
before(() => {
    src = sources();
    schema = packageSchema("0.0.0-test") as unknown as Schema;
});

describe("provider schema against the TypeScript types", () => {
    it("every type of the schema has its TypeScript source, and back", () => {
        assert.deepEqual(Object.keys(schema.types).sort(), Object.keys(SOURCES).sort());
    });

    for (const [token, [file, name]] of Object.entries(SOURCES)) {
        it(`${token} = ${name}`, () => {
            const spec = schema.types[token]!;
            assert.ok(spec, `${token} is in the schema`);
            const type = src.typeOf(file, name);
            if (spec.enum) {
                assert.ok(type.isUnion(), `${name} is a union`);
                const members = type.types.map((t) => (t as { value?: string }).value).sort();
                assert.deepEqual(spec.enum.map((e) => e.value).sort(), members);
            } else {
                const { all, required } = src.propertiesOf(type);
                assert.deepEqual(Object.keys(spec.properties ?? {}).sort(), all);
                assert.deepEqual([...(spec.required ?? [])].sort(), required);
            }
        });
    }

    it("every served component has its TypeScript source and a constructor, and back", () => {
        assert.deepEqual(
            Object.keys(schema.resources).sort(),
            Object.keys(COMPONENT_SOURCES).sort(),
        );
        assert.deepEqual(Object.keys(CONSTRUCTORS).sort(), Object.keys(COMPONENTS).sort());
    });

    for (const [token, source] of Object.entries(COMPONENT_SOURCES)) {
        const notIn = source.notInSchema ?? [];
        it(`${token}: inputs = ${source.args[1]}${notIn.length ? ` without ${notIn.join(", ")}` : ""}`, () => {
            const spec = schema.resources[token]!;
            const { all, required } = src.propertiesOf(src.typeOf(...source.args));
            assert.deepEqual(
                Object.keys(spec.inputProperties).sort(),
                all.filter((k) => !notIn.includes(k)),
            );
            assert.deepEqual([...(spec.requiredInputs ?? [])].sort(), required);
        });

        it(`${token}: the pulumi.Input paths of ${source.args[1]} are passed on as Outputs`, () => {
            const c = COMPONENTS[token]!;
            const expected = src
                .inputPathsOf(src.typeOf(...source.args))
                .filter((p) => !notIn.includes(p.split(/[.[]/)[0]!));
            assert.deepEqual(
                [...new Set([...c.inputPaths, ...(c.stringPaths ?? [])])].sort(),
                expected,
            );
            // a string path is a secret string input
            for (const p of c.stringPaths ?? []) {
                const [head, ...rest] = p.split(".");
                let prop = schema.resources[token]!.inputProperties[head!];
                for (const key of rest) {
                    const refs = (prop?.oneOf ?? [prop]).map((m) =>
                        m?.$ref?.replace("#/types/", ""),
                    );
                    prop = refs
                        .map((t) => (t ? schema.types[t]?.properties?.[key] : undefined))
                        .find((q) => q !== undefined);
                }
                assert.equal(prop?.secret, true, `${p} is a secret string`);
            }
        });

        it(`${token}: outputs = the Output properties of ${source.component[1]}; required = never undefined`, () => {
            const { all, always } = src.outputsOf(...source.component);
            const extra = source.extraOutputs ?? [];
            const spec = schema.resources[token]!;
            assert.deepEqual(Object.keys(spec.properties).sort(), [...all, ...extra].sort());
            assert.deepEqual([...(spec.required ?? [])].sort(), [...always, ...extra].sort());
        });
    }

    it("CvmStack: the Input paths of each cloud are those of that member of the CvmStackArgs union", () => {
        const c = COMPONENTS["cvmkit:index:CvmStack"]!;
        const by = c.inputPathsBy!;
        assert.equal(by.key, "cloud");
        const members: Record<string, string> = {
            aws: "AwsStackArgs",
            gcp: "GcpStackArgs",
            azure: "AzureStackArgs",
            existing: "ExistingStackArgs",
        };
        assert.deepEqual(Object.keys(by.paths).sort(), Object.keys(members).sort());
        for (const [cloud, name] of Object.entries(members)) {
            const derived = src
                .inputPathsOf(src.typeOf("lib/stack/args.ts", name))
                .filter((p) => !(c.stringPaths ?? []).includes(p));
            const served = by.paths[cloud]!.filter((p) => !(c.stringPaths ?? []).includes(p));
            assert.deepEqual([...served].sort(), derived, cloud);
        }
    });

    it("CvmCluster: kubeconfig is secret; pod templates and tolerations are Kubernetes types", () => {
        const inputs = schema.resources[CVM_CLUSTER_TYPE]!.inputProperties;
        assert.equal(inputs.kubeconfig?.secret, true);
        const k8s = `/kubernetes/v${KUBERNETES_SCHEMA_VERSION}/schema.json#/types/kubernetes:core/v1:`;
        assert.equal(inputs.tolerations?.items?.$ref, `${k8s}Toleration`);
        const outputs = schema.resources[CVM_CLUSTER_TYPE]!.properties;
        assert.equal(outputs.supervisorPodTemplate?.$ref, `${k8s}PodTemplateSpec`);
        assert.equal(outputs.sysboxPodTemplate?.$ref, `${k8s}PodTemplateSpec`);
    });

    it("every $ref resolves (own types, or the pulumi-kubernetes schema the package depends on)", () => {
        const refs: string[] = [];
        const walk = (p: Prop | undefined): void => {
            if (!p) return;
            if (p.$ref) refs.push(p.$ref);
            walk(p.items);
            walk(p.additionalProperties);
            p.oneOf?.forEach(walk);
        };
        for (const t of Object.values(schema.types))
            Object.values(t.properties ?? {}).forEach(walk);
        for (const r of Object.values(schema.resources)) {
            Object.values(r.inputProperties).forEach(walk);
            Object.values(r.properties).forEach(walk);
        }
        assert.ok(refs.length > 10);
        for (const ref of refs) {
            if (ref.startsWith("#/types/"))
                assert.ok(schema.types[ref.slice(8)], `${ref} resolves`);
            else
                assert.match(
                    ref,
                    new RegExp(
                        `^/kubernetes/v${KUBERNETES_SCHEMA_VERSION.replaceAll(".", "\\.")}/schema\\.json#/types/kubernetes:`,
                    ),
                );
        }
    });
});

/**
 * Checks a value of a Pulumi YAML program against a schema property, at every depth: each key of an object
 * must be a property of its type (of one of the `oneOf` members). Interpolations (`${…}`) and
 * Kubernetes types are not followed. Returns the problems as `path: message`.
 */
function checkValue(value: unknown, prop: Prop | undefined, at: string): string[] {
    if (!prop || typeof value === "string" || value === null || typeof value !== "object")
        return [];
    if (Array.isArray(value))
        return value.flatMap((v, i) => checkValue(v, prop.items, `${at}[${i}]`));
    const members = (prop.oneOf ?? [prop]).filter((m) => m.$ref?.startsWith("#/types/"));
    if (members.length === 0) {
        return prop.additionalProperties
            ? Object.entries(value).flatMap(([k, v]) =>
                  checkValue(v, prop.additionalProperties, `${at}.${k}`),
              )
            : [];
    }
    const types = members.map((m) => schema.types[m.$ref!.slice(8)]!);
    const keys = Object.keys(value);
    const fits = types.filter((t) => keys.every((k) => t.properties?.[k]));
    if (fits.length === 0)
        return [
            `${at}: keys ${keys.join(", ")} fit none of ${members.map((m) => m.$ref).join(", ")}`,
        ];
    return Object.entries(value).flatMap(([k, v]) =>
        checkValue(v, fits[0]!.properties![k], `${at}.${k}`),
    );
}

/** The `cvmkit:` resources of a Pulumi YAML document, checked key by key against the schema. */
function checkProgram(program: unknown, where: string): { checked: number; problems: string[] } {
    const resources =
        (
            (program ?? {}) as {
                resources?: Record<string, { type?: string; properties?: Record<string, unknown> }>;
            }
        ).resources ?? {};
    let checked = 0;
    const problems: string[] = [];
    for (const [name, r] of Object.entries(resources)) {
        if (!r.type?.startsWith("cvmkit:")) continue;
        checked++;
        const spec = schema.resources[r.type];
        if (!spec) {
            problems.push(`${where} ${name}: ${r.type} is not served`);
            continue;
        }
        for (const [key, value] of Object.entries(r.properties ?? {})) {
            const prop = spec.inputProperties[key];
            if (!prop) problems.push(`${where} ${name}.${key}: not an input of ${r.type}`);
            else
                problems.push(
                    ...checkValue(value, prop, `${name}.${key}`).map((p) => `${where} ${p}`),
                );
        }
        for (const key of spec.requiredInputs ?? []) {
            if (!(key in (r.properties ?? {})))
                problems.push(`${where} ${name}.${key}: required, not set`);
        }
    }
    return { checked, problems };
}

describe("Pulumi YAML of the examples and the docs against the schema", () => {
    const dirs = fs
        .readdirSync(path.join(REPO, "examples"))
        .filter((d) => d === "yaml" || d.startsWith("yaml-"));

    it("there are YAML examples", () => assert.ok(dirs.length >= 2, dirs.join(", ")));

    for (const dir of dirs) {
        it(`examples/${dir}: every key of every cvmkit resource is in the schema`, () => {
            const program = parse(
                fs.readFileSync(path.join(REPO, "examples", dir, "Pulumi.yaml"), "utf8"),
            );
            const { checked, problems } = checkProgram(program, dir);
            assert.ok(checked > 0);
            assert.deepEqual(problems, []);
        });
    }

    it("README and docs/: every cvmkit resource of their YAML blocks is in the schema, key by key", () => {
        const blocks = codeBlocks("yaml").filter((b) => b.text.includes("type: cvmkit:"));
        assert.ok(blocks.length >= 3, `${blocks.length} YAML blocks with cvmkit resources`);
        let total = 0;
        for (const [i, block] of blocks.entries()) {
            const { checked, problems } = checkProgram(
                parse(block.text),
                `${block.file} yaml block ${i + 1}`,
            );
            total += checked;
            assert.deepEqual(problems, []);
        }
        assert.ok(total >= 3);
    });

    it("the check finds a misspelt nested key", () => {
        const { problems } = checkProgram(
            {
                resources: {
                    s: {
                        type: "cvmkit:index:CvmStack",
                        properties: { cloud: "gcp", cluster: { locaton: "x" } },
                    },
                },
            },
            "fixture",
        );
        assert.equal(problems.length, 1, problems.join("; "));
        assert.match(problems[0]!, /s\.cluster: keys locaton fit none of/);
    });
});

describe("CvmkitProvider.construct", () => {
    let rec: Recorder;
    let provider: typeof Provider;
    before(async () => {
        rec = await installRecordingMocks();
        provider = await import("../../lib/provider/index.js");
    });

    it("rejects bad input with cvmkit's field/value/fix message, nothing registered", async () => {
        rec.reset();
        const p = new provider.CvmkitProvider("0.0.0-test");
        await assert.rejects(
            p.construct(
                "bad",
                CVM_CLUSTER_TYPE,
                { kubernetesVersion: "1.33", namespace: "Not_A_Name" },
                {},
            ),
            (err: unknown) => {
                assert.ok(pulumi.InputPropertyError.isInstance(err), String(err));
                assert.equal(err.propertyPath, "namespace");
                assert.match(err.reason, /^namespace: .*\(got "Not_A_Name".*\. Fix: /s);
                return true;
            },
        );
        await rec.settle();
        assert.deepEqual(rec.calls, []);
    });

    it("rejects an input that is unknown at preview, naming it", async () => {
        const p = new provider.CvmkitProvider("0.0.0-test");
        // an Output as the engine sends one for a value not known at preview (isKnown false)
        const unknown = unknownOutput();
        await assert.rejects(
            p.construct(
                "u",
                CVM_CLUSTER_TYPE,
                { kubernetesVersion: "1.33", namespace: unknown },
                {},
            ),
            (err: unknown) =>
                pulumi.InputPropertyError.isInstance(err) && err.propertyPath === "namespace",
        );
    });

    it("the served tokens are the classes' type tokens", async () => {
        const aws = await import("../../lib/aws/node-group.js");
        const gcp = await import("../../lib/gcp/node-pool.js");
        const azure = await import("../../lib/azure/node-pool.js");
        const stack = await import("../../lib/stack/cvm-stack.js");
        assert.deepEqual(
            Object.keys(COMPONENTS).sort(),
            [
                CVM_CLUSTER_TYPE,
                stack.CVM_STACK_TYPE,
                aws.SYSBOX_NODE_GROUP_TYPE,
                gcp.SYSBOX_NODE_POOL_TYPE,
                azure.SYSBOX_NODE_POOL_TYPE,
            ].sort(),
        );
    });

    it("an unknown type token is refused", async () => {
        const p = new provider.CvmkitProvider("0.0.0-test");
        await assert.rejects(
            p.construct("x", "cvmkit:index:Nope", {}, {}),
            /unknown resource type cvmkit:index:Nope/,
        );
    });

    it("serves the schema with its version", async () => {
        const p = new provider.CvmkitProvider("1.2.3");
        const s = JSON.parse(await p.getSchema()) as { name: string; version: string };
        assert.equal(s.name, "cvmkit");
        assert.equal(s.version, "1.2.3");
    });
});
