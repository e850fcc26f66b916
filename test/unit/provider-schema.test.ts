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
import ts from "typescript";
import { parse } from "yaml";
import { CVM_CLUSTER_TYPE } from "../../lib/kubernetes/cvm-cluster";
import type * as Provider from "../../lib/provider";
import { packageSchema } from "../../lib/provider/schema";
import { CLUSTER_ARGS_NOT_IN_SCHEMA } from "../../lib/provider/schema-cluster";
import { KUBERNETES_SCHEMA_VERSION } from "../../lib/provider/spec";
import { installRecordingMocks, Recorder } from "../support/pulumi-mocks";

const REPO = path.resolve(__dirname, "..", "..", "..");

interface Schema {
    types: Record<
        string,
        {
            type: string;
            properties?: Record<string, Prop>;
            required?: string[];
            enum?: { value: string }[];
        }
    >;
    resources: Record<
        string,
        {
            inputProperties: Record<string, Prop>;
            properties: Record<string, Prop>;
            required?: string[];
        }
    >;
}
interface Prop {
    $ref?: string;
    items?: Prop;
    additionalProperties?: Prop;
    oneOf?: Prop[];
    secret?: boolean;
}

/** Schema type token → [source file, exported TypeScript type]. */
const SOURCES: Record<string, [string, string]> = {
    "cvmkit:kubernetes:SupervisorConfig": ["lib/manifests/config.ts", "SupervisorConfig"],
    "cvmkit:kubernetes:ResourceQuantities": ["lib/manifests/config.ts", "ResourceQuantities"],
    "cvmkit:kubernetes:CachingMode": ["lib/manifests/config.ts", "CachingMode"],
    "cvmkit:kubernetes:SysboxRuntimeConfig": ["lib/manifests/config.ts", "SysboxRuntimeConfig"],
    "cvmkit:kubernetes:UserNamespaceMode": ["lib/manifests/config.ts", "UserNamespaceMode"],
    "cvmkit:kubernetes:PolicyEnginesConfig": ["lib/manifests/config.ts", "PolicyEnginesConfig"],
    "cvmkit:kubernetes:GatekeeperConfig": ["lib/manifests/config.ts", "GatekeeperConfig"],
    "cvmkit:kubernetes:GatekeeperConstraintRef": [
        "lib/manifests/config.ts",
        "GatekeeperConstraintRef",
    ],
    "cvmkit:kubernetes:KyvernoConfig": ["lib/manifests/config.ts", "KyvernoConfig"],
    "cvmkit:kubernetes:KyvernoPolicyRef": ["lib/manifests/config.ts", "KyvernoPolicyRef"],
    "cvmkit:kubernetes:KyvernoApiVersion": ["lib/manifests/config.ts", "KyvernoConfig.apiVersion"],
    "cvmkit:kubernetes:NetworkPolicyConfig": ["lib/manifests/config.ts", "NetworkPolicyConfig"],
    "cvmkit:kubernetes:ValidationAction": ["lib/manifests/config.ts", "ValidationAction"],
    "cvmkit:kubernetes:NamespaceDeletionPolicy": [
        "lib/kubernetes/lifecycle.ts",
        "NamespaceDeletionPolicy",
    ],
};

let checker: ts.TypeChecker;
let program: ts.Program;

/** The type `name` (or `Interface.property`) exported by `file`. */
function typeOf(file: string, name: string): ts.Type {
    const source = program.getSourceFile(path.join(REPO, file));
    assert.ok(source, `${file} is not in the program`);
    const [head, prop] = name.split(".") as [string, string | undefined];
    const symbol = checker
        .getExportsOfModule(checker.getSymbolAtLocation(source)!)
        .find((s) => s.name === head);
    assert.ok(symbol, `${file} exports no ${head}`);
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    if (!prop) return type;
    return checker.getNonNullableType(checker.getTypeOfSymbol(type.getProperty(prop)!));
}

/** Property names of an object type, and those that are required. */
function propertiesOf(type: ts.Type): { all: string[]; required: string[] } {
    const props = checker.getPropertiesOfType(type);
    return {
        all: props.map((p) => p.name).sort(),
        required: props
            .filter((p) => !(p.flags & ts.SymbolFlags.Optional))
            .map((p) => p.name)
            .sort(),
    };
}

let schema: Schema;
before(() => {
    program = ts.createProgram([path.join(REPO, "lib/provider/index.ts")], {
        strict: true,
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        target: ts.ScriptTarget.ES2022,
        skipLibCheck: true,
        types: ["node"],
    });
    checker = program.getTypeChecker();
    schema = packageSchema("0.0.0-test") as unknown as Schema;
});

describe("provider schema against the TypeScript types", () => {
    it("every type of the schema has its TypeScript source, and back", () => {
        assert.deepEqual(Object.keys(schema.types).sort(), Object.keys(SOURCES).sort());
    });

    for (const [token, [file, name]] of Object.entries(SOURCES)) {
        it(`${token} = ${name}`, () => {
            const spec = schema.types[token]!;
            const type = typeOf(file, name);
            if (spec.enum) {
                assert.ok(type.isUnion(), `${name} is a union`);
                const members = type.types.map((t) => (t as ts.StringLiteralType).value).sort();
                assert.deepEqual(spec.enum.map((e) => e.value).sort(), members);
            } else {
                const { all, required } = propertiesOf(type);
                assert.deepEqual(Object.keys(spec.properties ?? {}).sort(), all);
                assert.deepEqual([...(spec.required ?? [])].sort(), required);
            }
        });
    }

    it("CvmCluster inputs = CvmClusterArgs without nodeDependencies; kubeconfig is secret", () => {
        const inputs = schema.resources[CVM_CLUSTER_TYPE]!.inputProperties;
        const { all, required } = propertiesOf(
            typeOf("lib/kubernetes/cvm-cluster.ts", "CvmClusterArgs"),
        );
        assert.deepEqual(required, []);
        assert.deepEqual(
            Object.keys(inputs).sort(),
            all.filter((k) => !(CLUSTER_ARGS_NOT_IN_SCHEMA as readonly string[]).includes(k)),
        );
        assert.equal(inputs.kubeconfig?.secret, true);
        // pod templates and tolerations are the Kubernetes schema's types, not strings
        const k8s = `/kubernetes/v${KUBERNETES_SCHEMA_VERSION}/schema.json#/types/kubernetes:core/v1:`;
        assert.equal(inputs.tolerations?.items?.$ref, `${k8s}Toleration`);
        const outputs = schema.resources[CVM_CLUSTER_TYPE]!.properties;
        assert.equal(outputs.supervisorPodTemplate?.$ref, `${k8s}PodTemplateSpec`);
        assert.equal(outputs.sysboxPodTemplate?.$ref, `${k8s}PodTemplateSpec`);
    });

    it("CvmCluster outputs = the Output properties of the class; required = never undefined", () => {
        const cls = program.getSourceFile(path.join(REPO, "lib/kubernetes/cvm-cluster.ts"))!;
        const sym = checker
            .getExportsOfModule(checker.getSymbolAtLocation(cls)!)
            .find((s) => s.name === "CvmCluster")!;
        const instance = checker.getDeclaredTypeOfSymbol(sym);
        const outputs: string[] = [];
        const always: string[] = [];
        for (const p of checker.getPropertiesOfType(instance)) {
            const t = checker.getTypeOfSymbol(p);
            if (
                p.name === "urn" ||
                (t.getSymbol()?.name !== "OutputInstance" &&
                    !checker.typeToString(t).startsWith("Output<"))
            )
                continue;
            outputs.push(p.name);
            if (!checker.typeToString(t).includes("undefined")) always.push(p.name);
        }
        const spec = schema.resources[CVM_CLUSTER_TYPE]!;
        assert.deepEqual(Object.keys(spec.properties).sort(), outputs.sort());
        assert.deepEqual([...(spec.required ?? [])].sort(), always.sort());
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

describe("examples/yaml against the schema", () => {
    it("uses only served resource types and their input properties", () => {
        const program = parse(
            fs.readFileSync(path.join(REPO, "examples", "yaml", "Pulumi.yaml"), "utf8"),
        ) as { resources: Record<string, { type: string; properties?: Record<string, unknown> }> };
        const cvmkit = Object.values(program.resources).filter((r) => r.type.startsWith("cvmkit:"));
        assert.ok(cvmkit.length > 0);
        for (const r of cvmkit) {
            const spec = schema.resources[r.type];
            assert.ok(spec, `${r.type} is served`);
            for (const key of Object.keys(r.properties ?? {})) {
                assert.ok(spec.inputProperties[key], `${r.type}.${key} is an input`);
            }
        }
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
        const OutputClass = pulumi.Output as unknown as new (
            ...args: unknown[]
        ) => pulumi.Output<string>;
        const unknown = new OutputClass(
            [],
            Promise.resolve(undefined),
            Promise.resolve(false),
            Promise.resolve(false),
            Promise.resolve([]),
        );
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
