import * as pulumi from "@pulumi/pulumi";

/**
 * Pins the EKS node image: the first AMI an SSM parameter resolved to is kept across runs.
 */

/** What the AMI stash keeps. */
export interface PinnedImage {
    /** The SSM parameter the image was read from. */
    readonly parameter: string;
    /** The image id. */
    readonly imageId: string;
}

/**
 * Keeps the first image a parameter resolved to: a `pulumi:index:Stash` named `name` whose input is the current
 * `{ parameter, imageId }` and whose output — the value saved at its creation — is the image used. A new value
 * under the same parameter (a new Canonical release) changes nothing; a different parameter (new minor, image
 * family or architecture) keeps the pinned image too and logs a warning with the command that moves to the
 * current one (`pulumi up --replace <the stash's URN>`). Loads only `@pulumi/pulumi`.
 *
 * @see https://www.pulumi.com/docs/iac/concepts/stash/
 */
export function pinImage(
    name: string,
    parameter: pulumi.Input<string>,
    current: pulumi.Input<string>,
    parent?: pulumi.Resource,
): { amiId: pulumi.Output<string>; stash: pulumi.Stash } {
    const stash = new pulumi.Stash(
        name,
        {
            input: pulumi
                .all([parameter, current])
                .apply(([p, id]): PinnedImage => ({ parameter: p, imageId: id })),
        },
        parent ? { parent } : {},
    );
    const amiId = pulumi
        .all([stash.output as pulumi.Output<PinnedImage>, parameter, stash.urn])
        .apply(([pinned, wanted, urn]) => {
            if (pinned.parameter !== wanted) {
                void pulumi.log.warn(
                    `the nodes keep ${pinned.imageId} (${pinned.parameter}); the node image now resolves through ${wanted}. ` +
                        `Roll the nodes to it with: pulumi up --replace '${urn}' (or pin amiId).`,
                    parent,
                );
            }
            return pinned.imageId;
        });
    return { amiId, stash };
}
