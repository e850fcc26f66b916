import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

// ---------------------------------------------------------------------------------------------
// Layer rules: data flows config → lib/compat → lib/manifests → renderers / cloud shells / stack /
// doctor. Each block below says what one folder must not import; CONTRIBUTING.md explains why.
// `test/unit/layers.test.ts` lints forbidden snippets with this file to prove every rule fires.
// ---------------------------------------------------------------------------------------------

/** Packages by what they are. Each is a regex source matched against the import specifier. */
const PULUMI = "^@pulumi/";
const CDK8S = "^(cdk8s|cdk8s-plus-\\d+|constructs)(/|$)";
const CLOUD_SDKS = "^(@aws-sdk|aws-sdk|@google-cloud|googleapis|@azure|@azure-rest)(/|$)";
const KUBE_CLIENT = "^@kubernetes/client-node(/|$)";
const NODE_IO = "^(node:)?(fs|http|https|http2|net|tls|dgram|child_process|worker_threads)(/|$)";

/** The lib/ folders above the pure core, as seen from a sibling folder (`../kubernetes`). */
const sibling = (...folders) => `^\\.\\./(${folders.join("|")})(/|$)`;

/**
 * One restricted pattern with the reason shown in the lint error. `staticOnly`: a lazy `import()` / `require()`
 * of it is the allowed way (the module is loaded only when it is used).
 */
const rule = (regex, message, { staticOnly = false } = {}) => ({ regex, message, staticOnly });

/**
 * A config block forbidding `patterns` in `files`, for static imports, `export … from`, `require()`,
 * `import()` and `typeof import()` alike (only static imports are covered by `no-restricted-imports`).
 */
function layer(name, files, patterns, { allowTypeImports = false } = {}) {
    // esquery regex literals end at the first "/", so a slash is written \x2F there
    const esquery = (regex) => `/${regex.replaceAll("/", "\\x2F")}/`;
    const syntax = patterns
        .filter((p) => !p.staticOnly)
        .flatMap(({ regex, message }) => [
            {
                selector: `CallExpression[callee.name="require"][arguments.0.value=${esquery(regex)}]`,
                message,
            },
            { selector: `ImportExpression[source.value=${esquery(regex)}]`, message },
            ...(allowTypeImports
                ? []
                : [
                      {
                          selector: `TSImportType[argument.literal.value=${esquery(regex)}]`,
                          message,
                      },
                  ]),
        ]);
    return {
        name: `cvmkit/layers/${name}`,
        files,
        rules: {
            "@typescript-eslint/no-restricted-imports": [
                "error",
                {
                    patterns: patterns.map(({ regex, message }) => ({
                        regex,
                        message,
                        ...(allowTypeImports ? { allowTypeImports: true } : {}),
                    })),
                },
            ],
            "no-restricted-syntax": ["error", ...syntax],
        },
    };
}

const PURE = "is pure (no I/O, no SDK): it is shared by the Pulumi, cdk8s and YAML renderers";
const pureCore = [
    rule(PULUMI, `this layer ${PURE}; Pulumi code belongs in lib/kubernetes or a cloud shell`),
    rule(CDK8S, `this layer ${PURE}; cdk8s code belongs in lib/cdk8s`),
    rule(CLOUD_SDKS, `this layer ${PURE}; cloud code belongs in lib/aws, lib/gcp or lib/azure`),
    rule(KUBE_CLIENT, `this layer ${PURE}; live-cluster reads belong in lib/doctor`),
    rule(NODE_IO, `this layer ${PURE}; file and network I/O belong in lib/cli or lib/doctor`),
    rule(
        sibling("kubernetes", "cdk8s", "cli", "aws", "gcp", "azure", "stack", "doctor", "client"),
        `this layer ${PURE}; it must not depend on the renderers, cloud shells, stack, CLI, doctor or cluster client above it`,
    ),
];

/** What a cloud shell must not import: other clouds' SDKs, the stack above it, other shells. */
function cloudShell(cloud, ownSdk, others) {
    return layer(
        `${cloud}`,
        [`lib/${cloud}/**/*.ts`],
        [
            rule(
                `^@pulumi/(${others.map((o) => o.sdk).join("|")})(/|$)`,
                `lib/${cloud} loads only ${ownSdk} submodules; another cloud's SDK belongs in its own shell`,
            ),
            rule(
                `^${ownSdk}$`,
                `lib/${cloud} imports ${ownSdk} submodules (e.g. ${ownSdk}/${others[0].example}), never the package root, so a program loads only what it uses`,
            ),
            rule(CDK8S, `lib/${cloud} is a Pulumi cloud shell; cdk8s code belongs in lib/cdk8s`),
            rule(
                sibling("stack", "cli", "doctor", "cdk8s", ...others.map((o) => o.cloud)),
                `lib/${cloud} is a thin cloud shell: it must not import lib/stack (which composes the shells), the CLI, the doctor, cdk8s or another cloud's shell`,
            ),
        ],
    );
}

const CLOUDS = {
    aws: { cloud: "aws", sdk: "aws", example: "eks" },
    gcp: { cloud: "gcp", sdk: "gcp", example: "container" },
    azure: { cloud: "azure", sdk: "azure-native", example: "containerservice" },
};
const others = (c) => Object.values(CLOUDS).filter((o) => o.cloud !== c);

const layers = [
    layer(
        "compat",
        ["lib/compat/**/*.ts"],
        [
            ...pureCore,
            rule(
                "^\\.\\./manifests(/|$)",
                "lib/compat is the bottom layer: lib/manifests builds on it, not the other way round",
            ),
        ],
    ),
    layer("manifests", ["lib/manifests/**/*.ts"], pureCore),
    layer(
        "root",
        ["lib/index.ts"],
        [
            rule(
                PULUMI,
                "the root entry point loads no Pulumi; export Pulumi code from cvmkit/kubernetes",
            ),
            rule(CDK8S, "the root entry point loads no cdk8s; export it from cvmkit/cdk8s"),
            rule(CLOUD_SDKS, "the root entry point loads no cloud SDK"),
            rule(
                "^\\./(kubernetes|cdk8s|cli|aws|gcp|azure|stack|doctor|provider)(/|$)",
                "the root entry point is the pure core (lib/compat, lib/manifests); the others are their own entry points",
            ),
        ],
    ),
    layer(
        "cdk8s",
        ["lib/cdk8s/**/*.ts"],
        [
            rule(
                PULUMI,
                "lib/cdk8s renders with cdk8s only; Pulumi code belongs in lib/kubernetes",
            ),
            rule(CLOUD_SDKS, "lib/cdk8s loads no cloud SDK"),
            rule(
                sibling("kubernetes", "cli", "aws", "gcp", "azure", "stack", "doctor", "client"),
                "lib/cdk8s builds on lib/manifests only",
            ),
        ],
    ),
    layer(
        "kubernetes",
        ["lib/kubernetes/**/*.ts"],
        [
            rule(
                "^@pulumi/(aws|gcp|azure-native|azure)(/|$)",
                "lib/kubernetes loads no cloud SDK; cloud code belongs in a cloud shell",
            ),
            rule(CDK8S, "lib/kubernetes is the Pulumi renderer; cdk8s code belongs in lib/cdk8s"),
            rule(
                sibling("cdk8s", "cli", "aws", "gcp", "azure", "stack", "doctor"),
                "lib/kubernetes builds on lib/compat, lib/manifests and the read-only cluster client (lib/client)",
            ),
        ],
    ),
    layer(
        "client",
        ["lib/client/**/*.ts"],
        [
            rule(PULUMI, "lib/client is a plain-HTTP Kubernetes reader; it loads no Pulumi"),
            rule(CDK8S, "lib/client loads no cdk8s"),
            rule(CLOUD_SDKS, "lib/client loads no cloud SDK"),
            rule(
                sibling(
                    "manifests",
                    "kubernetes",
                    "cdk8s",
                    "cli",
                    "aws",
                    "gcp",
                    "azure",
                    "stack",
                    "doctor",
                ),
                "lib/client builds on lib/compat only: the doctor and the Pulumi renderer's cluster checks share it",
            ),
        ],
    ),
    layer(
        "doctor",
        ["lib/doctor/**/*.ts"],
        [
            rule(PULUMI, "lib/doctor reads a live cluster with plain HTTP; it loads no Pulumi"),
            rule(CDK8S, "lib/doctor loads no cdk8s"),
            rule(CLOUD_SDKS, "lib/doctor loads no cloud SDK"),
            rule(
                sibling("kubernetes", "cdk8s", "cli", "aws", "gcp", "azure", "stack"),
                "lib/doctor builds on lib/compat and lib/manifests only",
            ),
        ],
    ),
    cloudShell("aws", "@pulumi/aws", others("aws")),
    cloudShell("gcp", "@pulumi/gcp", others("gcp")),
    cloudShell("azure", "@pulumi/azure-native", others("azure")),
    layer(
        "provider",
        ["lib/provider/**/*.ts"],
        [
            rule(
                "^@pulumi/(aws|gcp|azure-native|azure)(/|$)",
                "lib/provider serves the components; a cloud SDK is loaded only by the cloud shell that needs it",
            ),
            rule(
                CDK8S,
                "lib/provider serves the Pulumi components; cdk8s code belongs in lib/cdk8s",
            ),
            rule(
                sibling("cdk8s", "cli", "doctor"),
                "lib/provider builds on the Pulumi components (lib/kubernetes, lib/stack, the cloud shells) and the pure core",
            ),
            rule(
                sibling("aws", "gcp", "azure"),
                "lib/provider loads a cloud shell lazily with import() when a program creates that cloud's pool; a static import would load every cloud's SDK (type-only imports are fine)",
                { staticOnly: true },
            ),
        ],
        { allowTypeImports: true },
    ),
    layer(
        "stack",
        ["lib/stack/**/*.ts"],
        [
            rule(
                "^@pulumi/(aws|gcp|azure-native|azure)(/|$)",
                "lib/stack loads a cloud SDK only through its cloud shell, lazily (require), so only the chosen cloud's SDK is loaded",
            ),
            rule(
                sibling("aws", "gcp", "azure"),
                "lib/stack loads a cloud shell lazily with require() when that cloud is chosen; a static import would load every cloud's SDK (type-only imports are fine)",
            ),
        ],
        { allowTypeImports: true },
    ),
];
// lib/stack's lazy require("../aws") is the point of the rule above, so only static imports count there.
layers[layers.length - 1].rules["no-restricted-syntax"] = "off";

/** Where Pulumi Outputs live: the Pulumi renderer, the cloud shells, the stack, the Pulumi program. */
export const PULUMI_CODE = [
    "lib/kubernetes/**/*.ts",
    "lib/aws/**/*.ts",
    "lib/gcp/**/*.ts",
    "lib/azure/**/*.ts",
    "lib/stack/**/*.ts",
    "lib/provider/**/*.ts",
    "program/**/*.ts",
];

export default tseslint.config(
    {
        ignores: [
            "node_modules/",
            "dist/",
            "build/",
            ".venv/",
            "examples/**/node_modules/",
            "examples/**/bin/",
            "examples/**/dist/",
            "examples/**/dist-js/",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
            eqeqeq: ["error", "always"],
        },
    },
    ...layers,
    {
        // @pulumi/eslint-plugin: an Output in a plain template literal renders as a warning text, not
        // its value; use pulumi.interpolate. Type-aware, so only where Pulumi code lives.
        name: "cvmkit/pulumi",
        files: PULUMI_CODE,
        plugins: { pulumi },
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            "pulumi/no-output-in-template-literal": "error",
            "pulumi/no-output-instance-in-template-literal": "error",
        },
    },
);
