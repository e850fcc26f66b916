/**
 * The Python, Go, Java and C# SDKs of the cvmkit component package, generated offline from the schema the
 * plugin serves (`pulumi package get-schema provider/pulumi-resource-cvmkit`, the real CLI) with the code
 * generators of pulumi/pkg (`pulumi-sdkgen`) and pulumi-java (`pulumi-java-gen`), both built by
 * scripts/toolchain.sh (the pulumi-language-* hosts that `pulumi package gen-sdk` calls are not served by
 * the Go module proxy), then compiled: examples/go is built with `go build` against the generated Go SDK
 * (modules from the Go module proxy); the generated Python SDK is installed into a venv with pip (PyPI) and
 * examples/python runs under Pulumi's Python mocks; the generated Java SDK is compiled with Maven together
 * with examples/java (Maven Central) and the example runs under Pulumi's Java mocks. The C# SDK is only
 * generated (no .NET SDK on this machine). This proves that the SDKs compile and accept the examples'
 * inputs; only YAML is deployed on a cluster (test/e2e/multilang.test.ts).
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { toolchainDir } from "./support/pulumi";
import { REPO } from "./support/pulumi-cli";

const run = promisify(execFile);
const BUILD_ROOT = path.resolve(__dirname, "..", "..", "..");
/** Programs that use CvmStack and the cloud pools through the generated SDKs. */
const SNIPPETS = path.join(REPO, "test", "e2e", "sdk-snippets");

/** Go as scripts/toolchain.sh finds it, with its build settings. */
function goEnv(): NodeJS.ProcessEnv {
    return {
        ...process.env,
        PATH: `${process.env.PATH}${path.delimiter}/usr/local/go/bin`,
        CGO_ENABLED: "0",
        GOFLAGS: "-trimpath -mod=readonly",
    };
}

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    try {
        return await f();
    } finally {
        console.log(`# ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
}

/** The resource tokens of a schema file and, per token, the generated file path (Java / C#). */
function resourceTokens(schemaFile: string): string[] {
    const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as {
        resources: Record<string, unknown>;
    };
    return Object.keys(schema.resources);
}

/** `cvmkit:aws:SysboxNodeGroup` -> [module, name] (`index` is the package root). */
function splitToken(token: string): [string, string] {
    const [, mod, name] = token.split(":");
    assert.ok(mod && name, `resource token ${token}`);
    return [mod === "index" ? "" : mod, name];
}

/** The Java program that runs examples/java's `App.stack` under Pulumi's Java mocks. */
const JAVA_MOCK_RUN = `package io.cvmkit.examples;

import com.google.gson.Gson;
import com.pulumi.test.Mocks;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

public final class MockRun {
    public static void main(String[] argv) {
        List<Map<String, Object>> seen = Collections.synchronizedList(new ArrayList<>());
        Mocks mocks = args -> {
            seen.add(Map.of("type", args.type, "name", args.name, "inputs", args.inputs));
            return CompletableFuture.completedFuture(
                    Mocks.ResourceResult.of(Optional.of(args.name + "-id"), args.inputs));
        };
        // the public PulumiTest API takes no stack configuration; its internal builder does
        var result = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName("cvmkit-java").stackName("mock").preview(false).build())
                .mocks(mocks)
                .config(Map.of("cvmkit-java:kubeconfig", "apiVersion: v1"), Set.of("cvmkit-java:kubeconfig"))
                .build()
                .runTest(App::stack);
        result.exceptions().forEach(Throwable::printStackTrace);
        result.errors().forEach(System.err::println);
        System.out.println("cvmkit-mock-resources: " + new Gson().toJson(seen));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("the program failed under mocks, exit code " + result.exitCode());
        }
    }
}
`;

describe("generated Python, Go, Java and C# SDKs", () => {
    let dir: string;
    let sdkgen: string;
    let javagen: string;

    before(async () => {
        const tc = toolchainDir();
        sdkgen = path.join(tc, "bin", "pulumi-sdkgen");
        assert.ok(fs.existsSync(sdkgen), `${sdkgen} is missing: run \`bash scripts/toolchain.sh\``);
        javagen = path.join(tc, "bin", "pulumi-java-gen");
        assert.ok(
            fs.existsSync(javagen),
            `${javagen} is missing: run \`bash scripts/toolchain.sh pulumi-java-gen\``,
        );
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-sdks-"));
        const env = {
            ...process.env,
            PULUMI_HOME: process.env.PULUMI_HOME ?? path.join(tc, "pulumi-home"),
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            CVMKIT_PROVIDER_ENTRY: path.join(BUILD_ROOT, "lib", "provider", "main.js"),
        };
        const pulumi = path.join(tc, "bin", "pulumi");
        const schema = (pkg: string) =>
            run(pulumi, ["package", "get-schema", pkg], {
                cwd: dir,
                env,
                maxBuffer: 64 << 20,
            }).then((r) => r.stdout);
        fs.writeFileSync(
            path.join(dir, "cvmkit.json"),
            await schema(path.join(REPO, "provider", "pulumi-resource-cvmkit")),
        );
        fs.writeFileSync(path.join(dir, "kubernetes.json"), await schema("kubernetes@4.34.2"));
    });

    after(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const generate = (language: string, out: string) =>
        run(sdkgen, [
            "-language",
            language,
            "-out",
            out,
            "-dep",
            path.join(dir, "kubernetes.json"),
            path.join(dir, "cvmkit.json"),
        ]);

    const generateWith = (tool: string, language: string, out: string, ...extra: string[]) =>
        run(tool, [
            "-language",
            language,
            "-out",
            out,
            ...extra,
            "-dep",
            path.join(dir, "kubernetes.json"),
            path.join(dir, "cvmkit.json"),
        ]);

    it("Go: examples/go and the CvmStack/pool snippet build against the generated SDK", async () => {
        const example = path.join(dir, "go");
        fs.cpSync(path.join(REPO, "examples", "go"), example, { recursive: true });
        // CvmStack with a cloud's union member, and a cloud pool, compiled with the example
        fs.copyFileSync(path.join(SNIPPETS, "stacks.go"), path.join(example, "stacks.go"));
        await generate("go", path.join(example, "sdk", "go"));
        const cluster = path.join(example, "sdk", "go", "cvmkit", "kubernetes", "cvmCluster.go");
        assert.match(fs.readFileSync(cluster, "utf8"), /func NewCvmCluster\(/);
        await timed("go build examples/go", () =>
            run("go", ["build", "-o", path.join(dir, "cvmkit-go"), "."], {
                cwd: example,
                env: goEnv(),
                maxBuffer: 16 << 20,
            }),
        );
        assert.ok(fs.statSync(path.join(dir, "cvmkit-go")).size > 0);
    });

    it("Python: the generated SDK installs with pip and examples/python runs under mocks", async () => {
        const sdk = path.join(dir, "python");
        await generate("python", sdk);
        const venv = path.join(dir, "venv");
        const python = path.join(venv, "bin", "python");
        await run("python3", ["-m", "venv", venv]);
        await timed("pip install of the generated SDK", () =>
            run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", sdk], {
                maxBuffer: 16 << 20,
            }),
        );
        const mocks = `
import json, runpy, sys
import pulumi

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return [args.name + "-id", args.inputs]
    def call(self, args):
        return {}

pulumi.runtime.set_mocks(Mocks(), project="cvmkit-python", preview=False)
pulumi.runtime.set_all_config({"cvmkit-python:kubeconfig": "apiVersion: v1"}, ["cvmkit-python:kubeconfig"])
seen = []
orig = pulumi.runtime.mocks.MockMonitor.RegisterResource
def record(self, request):
    seen.append((request.type, json.loads(json.dumps(pulumi.runtime.rpc.deserialize_properties(request.object)))))
    return orig(self, request)
pulumi.runtime.mocks.MockMonitor.RegisterResource = record
runpy.run_path(sys.argv[1], run_name="__main__")
import asyncio
loop = asyncio.get_event_loop()
wanted = set(sys.argv[2].split(","))
for _ in range(300):  # the registrations run on the event loop; wait for the components' (at most 30 s)
    if wanted <= {t for t, _ in seen}:
        break
    loop.run_until_complete(asyncio.sleep(0.1))
print(json.dumps(seen))
`;
        const underMocks = async (
            script: string,
            types: readonly string[],
        ): Promise<[string, Record<string, unknown>][]> => {
            const out = await run(python, ["-c", mocks, script, types.join(",")], {
                maxBuffer: 16 << 20,
            });
            return JSON.parse(out.stdout.trim().split("\n").pop()!) as [
                string,
                Record<string, unknown>,
            ][];
        };
        const seen = await underMocks(path.join(REPO, "examples", "python", "__main__.py"), [
            "cvmkit:kubernetes:CvmCluster",
        ]);
        const out = { stdout: JSON.stringify(seen) };
        const cvm = seen.find(([t]) => t === "cvmkit:kubernetes:CvmCluster");
        assert.ok(cvm, `CvmCluster registered: ${out.stdout}`);
        assert.equal(cvm[1].namespace, "cvm-workspaces");
        assert.deepEqual(cvm[1].supervisor, { caching: "none" });
        assert.deepEqual(cvm[1].tolerations, [
            { effect: "NoSchedule", key: "cvmkit.dev/cvm-node", operator: "Equal", value: "true" },
        ]);

        // CvmStack with the aws members of its unions, and a GKE pool with an object taint: the inputs
        // the provider receives are the TypeScript args' shape
        const stacks = await underMocks(path.join(SNIPPETS, "stacks.py"), [
            "cvmkit:index:CvmStack",
            "cvmkit:gcp:SysboxNodePool",
        ]);
        const stack = stacks.find(([t]) => t === "cvmkit:index:CvmStack");
        assert.deepEqual(stack?.[1], {
            cloud: "aws",
            cluster: { kubernetesVersion: "1.33", subnetIds: ["subnet-a", "subnet-b"] },
            nodePool: { instanceTypes: ["m6i.xlarge"], taint: true, maxSize: 5 },
            cvm: { namespace: "cvm-workspaces", sysboxRuntime: { enabled: true } },
        });
        const pool = stacks.find(([t]) => t === "cvmkit:gcp:SysboxNodePool");
        assert.deepEqual(pool?.[1], {
            cluster: { clusterName: "lab", location: "europe-west1-b", kubernetesVersion: "1.33" },
            machineType: "n2-standard-8",
            taint: { key: "cvm", value: "yes" },
            sysboxRuntime: { enabled: true },
        });
    });

    it("Java: the generated SDK compiles with examples/java (Maven) and the example runs under mocks", async () => {
        const mvn = await run("mvn", ["-v"]).catch(() => undefined);
        assert.ok(
            mvn,
            "mvn is missing: install Maven (and a JDK >= 11), e.g. apt-get install maven",
        );
        const example = path.join(dir, "java");
        fs.cpSync(path.join(REPO, "examples", "java"), example, { recursive: true });
        // build files: Maven (examples/java/pom.xml), not the schema's gradle
        await generateWith(javagen, "java", path.join(example, "sdk", "java"), "-build", "none");
        const src = path.join(example, "sdk", "java", "src", "main", "java", "io", "cvmkit");
        for (const token of resourceTokens(path.join(dir, "cvmkit.json"))) {
            const [mod, name] = splitToken(token);
            const file = path.join(src, mod, `${name}.java`);
            assert.ok(fs.existsSync(file), `${token}: ${file} generated`);
            assert.match(
                fs.readFileSync(file, "utf8"),
                new RegExp(`@ResourceType\\(type="${token}"\\)`),
                `${file} registers ${token}`,
            );
        }
        assert.ok(!fs.existsSync(path.join(example, "sdk", "java", "build.gradle")));
        fs.writeFileSync(
            path.join(example, "src", "main", "java", "io", "cvmkit", "examples", "MockRun.java"),
            JAVA_MOCK_RUN,
        );
        const out = await timed("mvn compile exec:java (examples/java + the generated SDK)", () =>
            run(
                "mvn",
                [
                    "-B",
                    "-q",
                    "-Dstyle.color=never",
                    "compile",
                    "exec:java",
                    "-DmainClass=io.cvmkit.examples.MockRun",
                ],
                { cwd: example, maxBuffer: 64 << 20 },
            ),
        );
        // Maven 3.8 prints ANSI colour resets even with -B -Dstyle.color=never
        const plain = out.stdout.replace(
            new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"),
            "",
        );
        const line = plain.split("\n").find((l) => l.startsWith("cvmkit-mock-resources: "));
        assert.ok(line, `the mock run printed the registered resources: ${out.stdout}`);
        const seen = JSON.parse(line.slice("cvmkit-mock-resources: ".length)) as {
            type: string;
            name: string;
            inputs: Record<string, unknown>;
        }[];
        assert.deepEqual(
            seen.map((r) => r.type),
            ["pulumi:providers:kubernetes", "cvmkit:kubernetes:CvmCluster"],
        );
        const cvm = seen.find((r) => r.type === "cvmkit:kubernetes:CvmCluster")?.inputs;
        assert.ok(cvm);
        assert.equal(cvm.namespace, "cvm-workspaces");
        assert.equal(cvm.kubeconfig, "apiVersion: v1");
        assert.deepEqual(cvm.supervisor, { caching: "none" });
        assert.deepEqual(cvm.tolerations, [
            { effect: "NoSchedule", key: "cvmkit.dev/cvm-node", operator: "Equal", value: "true" },
        ]);
        assert.ok(
            fs.existsSync(
                path.join(
                    example,
                    "target",
                    "classes",
                    "io",
                    "cvmkit",
                    "kubernetes",
                    "CvmCluster.class",
                ),
            ),
        );
    });

    it("C#: the SDK is generated for every resource (not compiled: no .NET SDK here)", async () => {
        const sdk = path.join(dir, "csharp");
        await generateWith(javagen, "csharp", sdk);
        const csproj = fs.readFileSync(path.join(sdk, "Cvmkit.Cvmkit.csproj"), "utf8");
        assert.match(csproj, /<PackageReference Include="Pulumi.Kubernetes" Version="4\.\*"/);
        for (const token of resourceTokens(path.join(dir, "cvmkit.json"))) {
            const [mod, name] = splitToken(token);
            const ns = mod.charAt(0).toUpperCase() + mod.slice(1);
            const file = path.join(sdk, ns, `${name}.cs`);
            assert.ok(fs.existsSync(file), `${token}: ${file} generated`);
            const text = fs.readFileSync(file, "utf8");
            assert.match(text, new RegExp(`\\[CvmkitResourceType\\("${token}"\\)\\]`), file);
            assert.match(
                text,
                new RegExp(`public partial class ${name} : global::Pulumi\\.ComponentResource`),
                file,
            );
            // another package's provider is its own class, not one in cvmkit's namespace
            assert.doesNotMatch(text, /Cvmkit\.Kubernetes\.Provider/, file);
        }
    });
});
