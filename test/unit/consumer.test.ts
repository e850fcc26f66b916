/**
 * cvmkit as a user installs it: `npm pack`, the tarball in a fresh project, a program per entry point and
 * every TypeScript sample of the README and of docs/ type-checked under moduleResolution node10 (Pulumi's
 * templates), node16, nodenext and bundler, the getting-started CvmCluster sample run under Pulumi mocks and its cdk8s sample
 * synthesized — all from the installed package, never from the repository's sources.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { renderManifests } from "../../lib";
import {
    consumerProject,
    packPackage,
    Packed,
    RESOLUTIONS,
    Resolution,
    tempDir,
    typeCheck,
} from "../support/consumer";
import { codeBlocks } from "../support/docs";

const BUILD = path.resolve(__dirname, "..", "..");
const REPO = path.resolve(BUILD, "..");
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    exports: Record<string, unknown>;
    typesVersions: Record<string, Record<string, string[]>>;
    repository: { url: string };
    homepage: string;
    license: string;
};

/** One program per entry point, using what a user would use. */
const PROGRAMS: Record<string, string> = {
    "entry-root.ts": `import { CvmkitConfigError, renderManifests, toYaml, MIN_NODE_VERSION } from "cvmkit";
const r = renderManifests({ kubernetesVersion: "1.33", nodeSelector: { "cvmkit.dev/cvm-node": "true" } });
export const yaml: string = toYaml(r.objects);
export const min: string = MIN_NODE_VERSION;
try { renderManifests({ kubernetesVersion: "1.17" }); } catch (e) { if (e instanceof CvmkitConfigError) { const f: string = e.field; void f; } }
`,
    "entry-kubernetes.ts": `import { CvmCluster, CvmClusterArgs } from "cvmkit/kubernetes";
const args: CvmClusterArgs = { kubernetesVersion: "1.33" };
export const ns = new CvmCluster("cvm", args).namespace;
`,
    "entry-cdk8s.ts": `import { App } from "cdk8s";
import { CvmChart, CvmChartProps } from "cvmkit/cdk8s";
const props: CvmChartProps = { kubernetesVersion: "1.33" };
new CvmChart(new App(), "cvm", props);
`,
    "entry-aws.ts": `import { Cluster, SysboxNodeGroup, SysboxNodeGroupArgs } from "cvmkit/aws";
export type A = SysboxNodeGroupArgs;
export const types = [Cluster, SysboxNodeGroup];
`,
    "entry-gcp.ts": `import { Cluster, SysboxNodePool, SysboxNodePoolArgs } from "cvmkit/gcp";
export type A = SysboxNodePoolArgs;
export const types = [Cluster, SysboxNodePool];
`,
    "entry-azure.ts": `import { Cluster, SysboxNodePool, SysboxNodePoolArgs } from "cvmkit/azure";
export type A = SysboxNodePoolArgs;
export const types = [Cluster, SysboxNodePool];
`,
    "entry-stack.ts": `import { CvmStack, CvmStackArgs } from "cvmkit/stack";
const args: CvmStackArgs = { cloud: "existing", kubernetesVersion: "1.33" };
export const kubeconfig = new CvmStack("cvm", args).kubeconfig;
`,
    "entry-doctor.ts": `import { DoctorReport, formatTable, runDoctor } from "cvmkit/doctor";
export async function check(): Promise<string> {
    const report: DoctorReport = await runDoctor({ kubeconfig: "kubeconfig.yaml" });
    return formatTable(report, { verbose: false });
}
`,
};

/** Every ```ts block of README.md and docs/ (wherever a sample moved, it is still type-checked). */
const BLOCKS = codeBlocks("ts");
const SAMPLES = BLOCKS.map((b) => b.text);
/** The sample run under mocks: the CvmCluster on a kubeconfig from stack config, exporting podTemplate. */
const MOCK_SAMPLE = SAMPLES.findIndex(
    (s) => s.includes("new CvmCluster(") && s.includes("export const podTemplate"),
);

describe("consumer project from the packed tarball", () => {
    let work: string;
    let packed: Packed;
    let app: string;
    let results: Record<Resolution, { errors: string[]; ms: number }>;
    before(() => {
        work = tempDir("cvmkit-consumer-");
        packed = packPackage(REPO, path.join(BUILD, "lib"), work);
        app = consumerProject(REPO, packed.tarball, work);
        for (const [file, text] of Object.entries(PROGRAMS)) {
            fs.writeFileSync(path.join(app, "src", file), text);
        }
        SAMPLES.forEach((text, i) =>
            fs.writeFileSync(path.join(app, "src", `readme-${i + 1}.ts`), text),
        );
        results = typeCheck(app, fs.readdirSync(path.join(app, "src")));
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("the tarball holds the compiled library, LICENSE and README, no sources maps or tests", () => {
        for (const f of [
            "package.json",
            "README.md",
            "LICENSE",
            "dist/lib/index.js",
            "dist/lib/cli/main.js",
        ]) {
            assert.ok(packed.files.includes(f), `${f} in ${packed.files.length} files`);
        }
        assert.deepEqual(
            packed.files.filter((f) => /\.map$|\.ts$(?<!\.d\.ts)|^test\/|^build\//.test(f)),
            [],
        );
        // every exported subpath ships its JS and declarations
        for (const [sub, target] of Object.entries(PKG.exports)) {
            if (typeof target === "string") continue;
            const t = target as { types: string; default: string };
            for (const f of [t.types, t.default])
                assert.ok(packed.files.includes(f.slice(2)), `${sub}: ${f}`);
        }
        assert.match(
            fs.readFileSync(path.join(REPO, "LICENSE"), "utf8"),
            /^\s+Apache License\n\s+Version 2\.0, January 2004/,
        );
        assert.equal(PKG.license, "Apache-2.0");
        assert.match(PKG.repository.url, /^git\+https:\/\/github\.com\/[^/]+\/cvmkit\.git$/);
        assert.match(PKG.homepage, /^https:\/\/github\.com\/[^/]+\/cvmkit#readme$/);
    });
    it("typesVersions maps exactly the exported subpaths (for moduleResolution node10)", () => {
        const subpaths = Object.keys(PKG.exports)
            .filter((k) => k !== "." && k !== "./package.json")
            .map((k) => k.slice(2))
            .sort();
        assert.deepEqual(Object.keys(PKG.typesVersions["*"]!).sort(), subpaths);
        for (const sub of subpaths) {
            assert.deepEqual(PKG.typesVersions["*"]![sub], [
                (PKG.exports[`./${sub}`] as { types: string }).types.slice(2),
            ]);
        }
    });
    it("the README and docs/ have TypeScript samples for CvmCluster and the cdk8s chart", () => {
        assert.ok(
            BLOCKS.some((b) => b.file === "README.md"),
            "the README has a TypeScript sample",
        );
        assert.ok(
            BLOCKS.some((b) => b.file.startsWith("docs/")),
            "docs/ has TypeScript samples",
        );
        assert.ok(MOCK_SAMPLE >= 0, "a CvmCluster sample exporting podTemplate");
        assert.ok(SAMPLES.some((s) => s.includes("new CvmChart(")));
    });
    for (const resolution of RESOLUTIONS) {
        it(`every entry point and documentation sample type-checks under moduleResolution ${resolution}`, () => {
            assert.deepEqual(results[resolution].errors, [], results[resolution].errors.join("\n"));
        });
    }
    it("the docs' CvmCluster sample runs under Pulumi mocks from the installed package", () => {
        const sample = MOCK_SAMPLE;
        const runner = path.join(app, "run-mocks.js");
        fs.writeFileSync(
            runner,
            `const pulumi = require("@pulumi/pulumi");
const types = [];
pulumi.runtime.setMocks({
    newResource: (a) => { types.push(a.type); return { id: a.name + "-id", state: a.inputs }; },
    call: (a) => a.inputs,
}, "consumer", "dev", false);
pulumi.runtime.setAllConfig({ "consumer:kubeconfig": "apiVersion: v1\\nkind: Config\\n" });
const mod = require("./bin/node10/readme-${sample + 1}.js");
pulumi.output(mod.podTemplate).apply((t) => {
    setTimeout(() => process.stdout.write(JSON.stringify({ types, runtime: require.resolve("cvmkit/kubernetes"), t })), 100);
});
`,
        );
        const out = JSON.parse(
            execFileSync(process.execPath, [runner], { cwd: app, encoding: "utf8" }),
        ) as {
            types: string[];
            runtime: string;
            t: { spec: { nodeSelector: Record<string, string> } };
        };
        assert.equal(
            out.runtime,
            path.join(
                fs.realpathSync(app),
                "node_modules",
                "cvmkit",
                "dist",
                "lib",
                "kubernetes",
                "index.js",
            ),
        );
        for (const t of [
            "pulumi:providers:kubernetes",
            "cvmkit:kubernetes:CvmCluster",
            "kubernetes:core/v1:Namespace",
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
            "kubernetes:node.k8s.io/v1:RuntimeClass",
            "kyverno.io/v2:PolicyException".replace(/^/, "kubernetes:"),
        ]) {
            assert.ok(out.types.includes(t), `${t} in ${out.types.join(", ")}`);
        }
        assert.equal(out.t.spec.nodeSelector["cvmkit.dev/cvm-node"], "true");
    });
    it("the docs' cdk8s sample synthesizes what renderManifests renders", () => {
        const sample = SAMPLES.findIndex((s) => s.includes("new CvmChart("));
        const dir = path.join(app, "synth");
        fs.mkdirSync(dir);
        execFileSync(
            process.execPath,
            [path.join(app, "bin", "node10", `readme-${sample + 1}.js`)],
            { cwd: dir },
        );
        const docs = parseAllDocuments(
            fs.readFileSync(path.join(dir, "dist", "cvm.k8s.yaml"), "utf8"),
        ).map((d) => d.toJSON());
        assert.deepEqual(
            docs,
            JSON.parse(JSON.stringify(renderManifests({ kubernetesVersion: "1.33" }).objects)),
        );
    });
});
