/**
 * How `cvmkit render` lays out its output for GitOps: Argo CD sync waves on the objects, and for `--out DIR`
 * either flat numbered files or one directory per apply phase with a `kustomization.yaml` each (Flux).
 * Settings come from the `--layout` / `--argocd-sync-waves` flags and the config file's `render:` section.
 */
import {
    APPLY_PHASES,
    ApplyPhase,
    KubernetesObject,
    ManifestOrder,
    manifestFileName,
    objectKey,
    stringifyYaml,
} from "../manifests";
import { CvmkitConfigError } from "../compat";

/** The `--out DIR` layouts. */
export const OUT_LAYOUTS = ["flat", "phases"] as const;
/** One of {@link OUT_LAYOUTS}. */
export type OutLayout = (typeof OUT_LAYOUTS)[number];

/** The config file's `render:` section (settings of the `render` command, not of the cluster). */
export interface RenderSettings {
    /**
     * Annotate every object with the Argo CD sync wave of its apply phase (flag `--argocd-sync-waves`).
     * @default false
     */
    readonly argoCdSyncWaves: boolean;
    /**
     * `--out DIR` layout (flag `--layout`): `flat` numbered files, or `phases`, one directory per apply
     * phase with a `kustomization.yaml` each, and a root `kustomization.yaml` listing them.
     * @default "flat"
     */
    readonly layout: OutLayout;
}

/** The defaults of {@link RenderSettings}. */
export const RENDER_SETTINGS_DEFAULTS: RenderSettings = { argoCdSyncWaves: false, layout: "flat" };

/** Reads the config file's `render:` section; every problem at once, each named `render.<key>`. */
export function readRenderSection(value: unknown): {
    settings: Partial<RenderSettings>;
    errors: CvmkitConfigError[];
} {
    if (value === undefined) return { settings: {}, errors: [] };
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        const fix = "write it as a mapping, e.g. render: { layout: phases, argoCdSyncWaves: true }";
        return {
            settings: {},
            errors: [new CvmkitConfigError("render", value, "is not a mapping", fix)],
        };
    }
    const section = value as Record<string, unknown>;
    const errors: CvmkitConfigError[] = [];
    const settings: { argoCdSyncWaves?: boolean; layout?: OutLayout } = {};
    for (const key of Object.keys(section)) {
        if (key !== "argoCdSyncWaves" && key !== "layout") {
            errors.push(
                new CvmkitConfigError(
                    `render.${key}`,
                    section[key],
                    "unknown setting",
                    "the render section takes layout and argoCdSyncWaves",
                ),
            );
        }
    }
    const waves = section["argoCdSyncWaves"];
    if (waves !== undefined && typeof waves !== "boolean") {
        errors.push(
            new CvmkitConfigError(
                "render.argoCdSyncWaves",
                waves,
                "is not a boolean",
                "write true or false",
            ),
        );
    } else if (waves !== undefined) settings.argoCdSyncWaves = waves;
    const layout = section["layout"];
    if (layout !== undefined) {
        try {
            settings.layout = checkLayout("render.layout", layout);
        } catch (err) {
            errors.push(err as CvmkitConfigError);
        }
    }
    return { settings, errors };
}

/** `value` as an {@link OutLayout}, or a {@link CvmkitConfigError} naming `field`. */
export function checkLayout(field: string, value: unknown): OutLayout {
    if (OUT_LAYOUTS.includes(value as OutLayout)) return value as OutLayout;
    throw new CvmkitConfigError(
        field,
        value,
        "unknown layout",
        `use ${OUT_LAYOUTS.join(" or ")} (phases: one directory per apply phase, for Flux)`,
    );
}

/** The directory of a phase in the `phases` layout, e.g. `02-rbac`. */
export function phaseDirectory(phase: ApplyPhase): string {
    return `${String(APPLY_PHASES.indexOf(phase) + 1).padStart(2, "0")}-${phase}`;
}

/** A kustomization listing `resources` in order; kustomize keeps that order (`sortOptions: fifo`). */
function kustomization(resources: readonly string[]): string {
    return stringifyYaml({
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        sortOptions: { order: "fifo" },
        resources: [...resources],
    });
}

/**
 * The files of `render --out DIR`: in the `flat` layout one numbered file per object (apply order); in
 * the `phases` layout a directory per phase that has objects (numbered files and a `kustomization.yaml`)
 * and a root `kustomization.yaml` listing the phase directories in order.
 */
export function layoutFiles(
    objects: readonly KubernetesObject[],
    order: ManifestOrder,
    layout: OutLayout,
    format: string,
    serialize: (objects: readonly KubernetesObject[]) => string,
): { name: string; text: string }[] {
    const file = (obj: KubernetesObject, i: number) =>
        manifestFileName(obj, i).replace(/\.yaml$/, `.${format}`);
    if (layout === "flat") {
        return objects.map((obj, i) => ({ name: file(obj, i), text: serialize([obj]) }));
    }
    const missing = objects.filter((o) => !order[objectKey(o)]);
    if (missing.length > 0) throw new Error(`no phase for ${missing.map(objectKey).join(", ")}`);
    const files: { name: string; text: string }[] = [];
    const dirs: string[] = [];
    for (const phase of APPLY_PHASES) {
        const inPhase = objects.filter((o) => order[objectKey(o)]?.phase === phase);
        if (inPhase.length === 0) continue;
        const dir = phaseDirectory(phase);
        const names = inPhase.map(file);
        inPhase.forEach((obj, i) =>
            files.push({ name: `${dir}/${names[i]}`, text: serialize([obj]) }),
        );
        files.push({ name: `${dir}/kustomization.yaml`, text: kustomization(names) });
        dirs.push(dir);
    }
    files.push({ name: "kustomization.yaml", text: kustomization(dirs) });
    return files;
}
