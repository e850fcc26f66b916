import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    DEFAULT_SYSBOX_INSTALLER,
    newestMinor,
    resolveNodePool,
    SYSBOX_INSTALLER_RELEASES,
} from "../../lib/compat";
import { documentedDefaults } from "../support/documented-defaults";

/**
 * The documented defaults of the compat-level options are the real ones: each `@default` in the TSDoc
 * of lib/compat/node-pools.ts is read from the source and compared with what `resolveNodePool` does
 * when the option is left out. A literal default (`false`, `"true"`, `1`) must equal the resolved value;
 * a worded one (`minSize, at least 1`) must read exactly as below, next to the behaviour it describes.
 */

const SOURCE = "lib/compat/node-pools.ts";
const INTERFACES = [
    "NodePoolSysboxArgs",
    "CvmTaintArgs",
    "NodePoolScalingArgs",
    "CvmNodePoolCommonArgs",
];
/** Options without a default of their own: the pool's version comes from the caller or the cluster. */
const NO_DEFAULT = new Set(["CvmNodePoolCommonArgs.kubernetesVersion"]);

const base = resolveNodePool({});

/** Each documented option: its `@default` text, and the resolved value (literal) or a behaviour check. */
const EXPECTED: Readonly<
    Record<string, { literal: unknown } | { words: string; check: () => void }>
> = {
    "NodePoolSysboxArgs.enabled": { literal: base.sysbox !== undefined },
    "NodePoolSysboxArgs.installerTag": {
        literal: resolveNodePool({ sysboxRuntime: { enabled: true } }).sysbox?.tag,
    },
    "CvmTaintArgs.key": { literal: resolveNodePool({ taint: true }).taint?.key },
    "CvmTaintArgs.value": { literal: resolveNodePool({ taint: true }).taint?.value },
    "NodePoolScalingArgs.minSize": { literal: base.minSize },
    "NodePoolScalingArgs.maxSize": {
        words: "3, or minSize when that is larger",
        check: () => {
            assert.equal(base.maxSize, 3);
            assert.equal(resolveNodePool({ minSize: 5 }).maxSize, 5);
        },
    },
    "NodePoolScalingArgs.desiredSize": {
        words: "minSize, at least 1",
        check: () => {
            assert.equal(resolveNodePool({ minSize: 2 }).desiredSize, 2);
            assert.equal(resolveNodePool({ minSize: 0 }).desiredSize, 1);
        },
    },
    "CvmNodePoolCommonArgs.sysboxRuntime": {
        words: "off",
        check: () => {
            assert.equal(base.sysbox, undefined);
            assert.equal(base.labels["sysbox-install"], undefined);
        },
    },
    "CvmNodePoolCommonArgs.labels": {
        words: "{}",
        check: () => assert.deepEqual(base.labels, { "cvmkit.dev/cvm-node": "true" }),
    },
    "CvmNodePoolCommonArgs.taint": { literal: base.taint !== undefined },
    "CvmNodePoolCommonArgs.keepSysboxInstallLabel": { literal: base.keepSysboxInstallLabel },
    "CvmNodePoolCommonArgs.vcpus": {
        words: "read from the size name",
        check: () => {}, // the size rules' own table test (compat-machine-sizes) covers the reading
    },
};

describe("documented defaults of the compat options", () => {
    const documented = documentedDefaults(SOURCE, INTERFACES);

    it("every option documents a default, and every documented one is checked here", () => {
        assert.ok(documented.size > 0, `no options read from ${SOURCE}`);
        for (const [option, text] of documented) {
            if (NO_DEFAULT.has(option)) continue;
            assert.ok(text, `${option} has no @default`);
            assert.ok(
                option in EXPECTED,
                `${option} (@default ${text}) is not checked by this test`,
            );
        }
        for (const option of Object.keys(EXPECTED)) {
            assert.ok(documented.has(option), `${option} is no longer an option`);
        }
    });

    for (const [option, expected] of Object.entries(EXPECTED)) {
        it(`${option}`, () => {
            const text = documented.get(option);
            if ("literal" in expected) {
                assert.deepEqual(JSON.parse(text ?? "null"), expected.literal, `@default ${text}`);
            } else {
                assert.equal(text, expected.words);
                expected.check();
            }
        });
    }
});

describe("newestMinor", () => {
    it("is the newest minor of the default installer, or of the tagged one", () => {
        assert.equal(newestMinor(), DEFAULT_SYSBOX_INSTALLER.kubernetesMinors.at(-1));
        for (const release of SYSBOX_INSTALLER_RELEASES) {
            assert.equal(newestMinor(release.tag), release.kubernetesMinors.at(-1));
        }
        assert.equal(newestMinor("v0.6.7-0"), "1.32");
        assert.equal(newestMinor("not-a-tag"), newestMinor());
    });
});
