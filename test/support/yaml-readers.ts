/**
 * Independent YAML readers for checking cvmkit's YAML output: PyYAML (YAML 1.1, the rules of go-yaml
 * behind `sigs.k8s.io/yaml`, i.e. kubectl, Argo CD, Flux) and the npm `yaml` package with its YAML 1.2
 * core schema. PyYAML comes with the schema validator's virtualenv (`bash scripts/setup-schema-validator.sh`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { INSTALL_HINT, REPO_ROOT } from "./schema";

const PYTHON = path.join(REPO_ROOT, ".venv", "bin", "python");
const SCRIPT = path.join(REPO_ROOT, "test", "support", "yaml11_read.py");

/** The documents of each text as PyYAML (YAML 1.1) reads them. One Python process for the batch. */
export function readYaml11(texts: readonly string[]): unknown[][] {
    if (!existsSync(PYTHON)) throw new Error(`PyYAML not found at ${PYTHON}: ${INSTALL_HINT}`);
    const run = spawnSync(PYTHON, [SCRIPT], {
        input: JSON.stringify(texts),
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`yaml11_read.py failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as unknown[][];
}

/** The documents of a text as a YAML 1.2 core-schema reader (npm `yaml`, default options) reads them. */
export function readYaml12(text: string): unknown[] {
    return parseAllDocuments(text).map((d) => {
        if (d.errors.length > 0) throw new Error(d.errors.map((e) => e.message).join("; "));
        return d.toJS() as unknown;
    });
}
