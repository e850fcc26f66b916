import { isPatch, KubernetesObject } from "./objects";

/**
 * YAML output that every Kubernetes client reads the same way (YAML 1.1 and 1.2 readers), and the file names of
 * rendered objects.
 */

/**
 * Plain scalars that some YAML reader resolves to something other than a string. Output for
 * Kubernetes clients must quote them: kubectl, client-go tooling, Argo CD and Flux read YAML through
 * `sigs.k8s.io/yaml` (go-yaml, YAML 1.1 rules), PyYAML reads YAML 1.1, and the npm `yaml` package
 * and other modern readers use the YAML 1.2 core schema. A string matching any of these is written
 * double-quoted, so every reader sees the same string the JSON rendering holds.
 *
 * Sources: YAML 1.1 type repository (yaml.org/type: bool, null, int, float, timestamp, merge, value),
 * YAML 1.2.2 §10.3 core schema, go-yaml v2 `resolve.go`.
 */
const AMBIGUOUS_PLAIN: readonly RegExp[] = [
    // 1.1 bool (and 1.2 core true/false)
    /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    // null (1.1 and 1.2), the empty string
    /^(?:~|null|Null|NULL|)$/,
    // 1.1 int: binary, octal (0755), hex, decimal with underscores, sexagesimal (1:20); 1.2: 0o755
    /^[-+]?(?:0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    // 1.1 float (1.10, 1., .5, 6.8523015e+5, 190:20:30.15), 1.2 float (1e3), infinities, NaN
    /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_.]*(?:[eE][-+]?[0-9]+)?$/,
    /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)$/,
    /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    /^[-+]?\.(?:inf|Inf|INF)$/,
    /^\.(?:nan|NaN|NAN)$/,
    // 1.1 timestamp (2001-12-14, 2001-12-14t21:59:43.10-05:00, …): anything starting like a date
    /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:$|[Tt\s])/,
    // 1.1 merge key and value key
    /^(?:<<|=)$/,
];

/** True when a reader following YAML 1.1 or 1.2 would read `value`, written plain, as a non-string. */
export function isAmbiguousPlainScalar(value: string): boolean {
    return AMBIGUOUS_PLAIN.some((re) => re.test(value));
}

/**
 * One YAML document for a JSON-like value, readable the same way by YAML 1.1 and 1.2 readers: every
 * string (map key or value) that either version would read as a boolean, number, null or timestamp is
 * double-quoted. This is cvmkit's only YAML writer (CLI, `--out` and the cdk8s chart use it).
 */
export function stringifyYaml(value: unknown): string {
    // Loaded on first use: `yaml` is most of the root entry point's load time, and only this needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const YAML = require("yaml") as typeof import("yaml");
    const doc = new YAML.Document(value, { aliasDuplicateObjects: false });
    YAML.visit(doc, {
        Scalar(_key, node) {
            if (typeof node.value === "string" && isAmbiguousPlainScalar(node.value)) {
                node.type = YAML.Scalar.QUOTE_DOUBLE;
            }
        },
    });
    return doc.toString({ lineWidth: 0 });
}

/**
 * How to apply a patch of an object cvmkit does not own: as a JSON merge patch (the lists it sets are
 * replaced, every other field is kept). Not `kubectl apply`: on an object created with client-side
 * `kubectl apply`, `kubectl apply --server-side` first migrates the client-side field ownership to its
 * own field manager and then drops every field the partial patch leaves out (a Gatekeeper constraint
 * loses `spec.match.kinds` and `spec.parameters`; found on the real Gatekeeper webhook in the e2e suite).
 */
function patchComment(o: KubernetesObject): string {
    const ns = o.metadata.namespace ? ` -n ${o.metadata.namespace}` : "";
    return (
        `# patch of an existing ${o.kind}: not for kubectl apply (it would drop the object's other fields); apply with\n` +
        `#   kubectl patch ${o.kind.toLowerCase()} ${o.metadata.name}${ns} --type merge --patch-file <this document>`
    );
}

/**
 * Multi-document YAML of the objects, in order. Objects that patch something cvmkit does not own are
 * preceded by a comment with the `kubectl patch` command that applies them.
 */
export function toYaml(objects: readonly KubernetesObject[]): string {
    return objects
        .map((o) => {
            const body = stringifyYaml(o);
            return isPatch(o) ? `${patchComment(o)}\n${body}` : body;
        })
        .join("---\n");
}

/** A file name for one object, e.g. `03-clusterrole-sysbox-node-labeler.yaml`. */
export function manifestFileName(obj: KubernetesObject, index: number): string {
    const safe = obj.metadata.name.replace(/[^a-zA-Z0-9.-]+/g, "-");
    return `${String(index + 1).padStart(2, "0")}-${obj.kind.toLowerCase()}-${safe}.yaml`;
}
