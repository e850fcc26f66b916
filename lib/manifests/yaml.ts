import { isPatch, KubernetesObject } from "./objects";

/**
 * Multi-document YAML of the objects, in order. Objects that patch something cvmkit does not own are
 * preceded by a comment saying to apply them with server-side apply.
 */
export function toYaml(objects: readonly KubernetesObject[]): string {
    // Loaded on first use: `yaml` is most of the root entry point's load time, and only toYaml needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stringify } = require("yaml") as typeof import("yaml");
    return objects
        .map((o) => {
            const body = stringify(o, { lineWidth: 0, aliasDuplicateObjects: false });
            return isPatch(o)
                ? `# patch of an existing ${o.kind}: apply with \`kubectl apply --server-side\`\n${body}`
                : body;
        })
        .join("---\n");
}

/** A file name for one object, e.g. `03-clusterrole-sysbox-node-labeler.yaml`. */
export function manifestFileName(obj: KubernetesObject, index: number): string {
    const safe = obj.metadata.name.replace(/[^a-zA-Z0-9.-]+/g, "-");
    return `${String(index + 1).padStart(2, "0")}-${obj.kind.toLowerCase()}-${safe}.yaml`;
}
