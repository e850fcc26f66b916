/* global console, process */
/**
 * The API reports of cvmkit's entry points (API Extractor), one file per entry point in `api/`.
 *
 *   node scripts/api-report.mjs           check: fail when an entry point's API differs from its report
 *   node scripts/api-report.mjs --update  write the reports (`npm run api:update`)
 *
 * Reads the declarations `tsc -p tsconfig.json` writes to build/lib, so run the type-check first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { CompilerState, Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const update = process.argv.includes("--update");

/** Report name → the entry point's declaration file, one per `exports` subpath of package.json. */
const ENTRY_POINTS = {
    cvmkit: "build/lib/index.d.ts",
    kubernetes: "build/lib/kubernetes/index.d.ts",
    cdk8s: "build/lib/cdk8s/index.d.ts",
    aws: "build/lib/aws/index.d.ts",
    gcp: "build/lib/gcp/index.d.ts",
    azure: "build/lib/azure/index.d.ts",
    stack: "build/lib/stack/index.d.ts",
    doctor: "build/lib/doctor/index.d.ts",
    provider: "build/lib/provider/index.d.ts",
};

const exportsOfPackage = Object.keys(
    JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).exports,
).filter((k) => k !== "./package.json");
if (exportsOfPackage.length !== Object.keys(ENTRY_POINTS).length) {
    console.error(
        `api-report: package.json exports ${exportsOfPackage.join(", ")}; ENTRY_POINTS in scripts/api-report.mjs must list one report for each`,
    );
    process.exit(1);
}

/** Findings go into the report file (where review sees them), not into the console. */
const inReport = { logLevel: "none", addToApiReportFile: true };

function configOf(name, entry) {
    return ExtractorConfig.prepare({
        configObject: {
            projectFolder: ROOT,
            mainEntryPointFilePath: path.join(ROOT, entry),
            compiler: {
                overrideTsconfig: {
                    compilerOptions: {
                        target: "ES2022",
                        lib: ["ES2023"],
                        module: "node16",
                        moduleResolution: "node16",
                        strict: true,
                        esModuleInterop: true,
                        skipLibCheck: true,
                        types: ["node"],
                    },
                },
            },
            apiReport: {
                enabled: true,
                reportFileName: name,
                reportFolder: path.join(ROOT, "api"),
                reportTempFolder: path.join(ROOT, "build", "api"),
            },
            docModel: { enabled: false },
            dtsRollup: { enabled: false },
            tsdocMetadata: { enabled: false },
            messages: {
                compilerMessageReporting: { default: { logLevel: "error" } },
                extractorMessageReporting: {
                    default: inReport,
                    "ae-missing-release-tag": { logLevel: "none" },
                    "ae-unresolved-link": { logLevel: "none" },
                    "ae-internal-missing-underscore": { logLevel: "none" },
                    // listed with file:line, so every edit above a declaration would rewrite the report
                    "ae-undocumented": { logLevel: "none", addToApiReportFile: false },
                },
                tsdocMessageReporting: { default: { logLevel: "none" } },
            },
        },
        configObjectFullPath: path.join(ROOT, "api", "api-extractor.json"),
        packageJsonFullPath: path.join(ROOT, "package.json"),
    });
}

for (const entry of Object.values(ENTRY_POINTS)) {
    if (!fs.existsSync(path.join(ROOT, entry))) {
        console.error(`api-report: ${entry} is missing; run "npx tsc -p tsconfig.json" first`);
        process.exit(1);
    }
}
const configs = Object.entries(ENTRY_POINTS).map(([name, entry]) => [name, configOf(name, entry)]);
// one TypeScript program for all entry points: the Pulumi SDK's declarations are read once
const compilerState = CompilerState.create(configs[0][1], {
    additionalEntryPoints: configs.map(([, config]) => config.mainEntryPointFilePath),
});

const changed = [];
for (const [name, config] of configs) {
    const result = Extractor.invoke(config, {
        compilerState,
        localBuild: update,
        messageCallback: (message) => {
            // the bundled-TypeScript preamble, and API Extractor's "copy the file" advice: the summary
            // below says what to run instead
            if (
                message.messageId === "console-preamble" ||
                (message.messageId === "console-api-report-not-copied" && !update)
            ) {
                message.handled = true;
            }
        },
    });
    if (result.errorCount > 0) {
        console.error(`api-report: ${name}: ${result.errorCount} error(s)`);
        process.exit(1);
    }
    if (result.apiReportChanged) changed.push(`api/${name}.api.md`);
}

if (changed.length === 0) {
    console.log(`api-report: ${Object.keys(ENTRY_POINTS).length} entry points match api/`);
} else if (update) {
    console.log(`api-report: updated ${changed.join(", ")}; review and commit them`);
} else {
    console.error(
        `api-report: the public API differs from ${changed.join(", ")} (the new one is in build/api/).\n` +
            'If the change is intended, run "npm run api:update" and commit the reports with it.',
    );
    process.exit(1);
}
