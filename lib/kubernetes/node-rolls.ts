import * as pulumi from "@pulumi/pulumi";
import { changeRollsNodes, PoolCloud, PoolSetting, rollWarning } from "../compat";

/**
 * Day-2 memory of a node pool in the stack state, shared by the three cloud shells (only `@pulumi/pulumi`):
 * the sticky `sysbox-install` label, and the warning that names a node roll at preview before it happens.
 *
 * Both use `pulumi:index:Stash` (pulumi/pulumi `pkg/resource/deploy/builtins.go`): on create — also in a
 * preview — its `output` is its `input`; on update `output` keeps the old value. The engine gives a program no
 * other view of the previous deployment, and the pool's own outputs show the new values in a preview, so:
 *
 * - the label stash is replaced when its input changes (`replaceOnChanges`), except that with the runtime off
 *   and the label kept its input is ignored (`ignoreChanges`), so it keeps `true` once the runtime was on;
 * - each setting that rolls nodes has a sentinel stash replaced when the setting changes. In a preview a stash
 *   being created (or replaced) has no id yet, one that stays has its id: an unknown sentinel id beside a known
 *   baseline id (the pool existed) is exactly "this setting changed since the last successful up". The
 *   sentinels depend on the pool, so a failed update leaves them — and the warning — in place.
 */

/** Whether an output's value is known (the SDK's own `isKnown`; `apply` never calls back for an unknown). */
function known(output: pulumi.Output<unknown>): Promise<boolean> {
    return (output as unknown as { isKnown: Promise<boolean> }).isKnown;
}

/**
 * Whether the pool carries `sysbox-install=yes`: while the runtime is on, and afterwards unless `keep` is
 * false. A pool created with the runtime off never gets it. The stash is `<name>-sysbox-install`.
 */
export function stickySysboxLabel(
    name: string,
    on: boolean,
    keep: boolean,
    parent: pulumi.Resource,
): pulumi.Output<boolean> {
    const stash = new pulumi.Stash(
        `${name}-sysbox-install`,
        { input: on },
        {
            parent,
            replaceOnChanges: ["input"],
            ...(on || !keep ? {} : { ignoreChanges: ["input"] }),
        },
    );
    return stash.output.apply((value) => value === true);
}

/** The settings of a pool whose change the cloud applies by replacing nodes, with their current values. */
export type RollSettings = Partial<Record<PoolSetting, pulumi.Input<unknown>>>;

/**
 * Registers the baseline and one sentinel per setting that rolls nodes on `cloud`, and — in a preview of an
 * existing pool — logs one warning on `parent` per changed setting (naming it, the new value, that every node of
 * the pool is replaced and how to move the workspaces first). Settings that `cloud` applies in place get no
 * sentinel. Returns the warnings (empty outside previews and for a new pool).
 */
export function trackNodeRolls(
    name: string,
    cloud: PoolCloud,
    settings: RollSettings,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
    nodeLabel: pulumi.Input<string>,
    upgrade?: {
        /** An id of the pool's cloud resource: known in a preview when the pool already exists. */
        readonly poolId: pulumi.Output<string>;
        /** The note for a pool that exists but has no baseline yet (deployed by an older cvmkit). */
        readonly note: string;
    },
): pulumi.Output<string[]> {
    const opts = { parent, dependsOn };
    const baseline = new pulumi.Stash(`${name}-nodes`, { input: "cvmkit node pool" }, opts);
    const sentinels = (Object.keys(settings) as PoolSetting[])
        .filter((setting) => changeRollsNodes(cloud, setting))
        .map((setting) => ({
            setting,
            value: pulumi.output(settings[setting]),
            stash: new pulumi.Stash(
                `${name}-nodes-${setting.toLowerCase()}`,
                { input: settings[setting] },
                { ...opts, replaceOnChanges: ["input"] },
            ),
        }));
    return pulumi.all(sentinels.map((s) => s.stash.urn)).apply(async () => {
        if (!pulumi.runtime.isDryRun()) return [];
        if (!(await known(baseline.id))) {
            // a new pool rolls nothing; an existing one without the baseline was deployed by an older cvmkit
            if (upgrade && (await known(upgrade.poolId))) {
                void pulumi.log.warn(upgrade.note, parent);
                return [upgrade.note];
            }
            return [];
        }
        const label = pulumi.output(nodeLabel);
        const selector = (await known(label))
            ? await new Promise<string>((resolve) => label.apply(resolve))
            : "cvmkit.dev/cvm-node=true";
        const notes: string[] = [];
        for (const s of sentinels) {
            if (await known(s.stash.id)) continue;
            const current: pulumi.Output<unknown> = s.value;
            const value = (await known(current))
                ? await new Promise<unknown>((resolve) => current.apply(resolve))
                : "(known after the lookup)";
            const note = rollWarning(cloud, s.setting, name, value, selector);
            notes.push(note);
            void pulumi.log.warn(note, parent);
        }
        return notes;
    });
}
