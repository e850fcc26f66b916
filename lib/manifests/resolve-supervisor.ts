import { assertKnownKeys, assertOptionalObject, fail, isOneOf, quotedChoices } from "../compat";
import { CACHING_MODES, CachingMode, ResourceQuantities } from "./config";
import { DEFAULTS } from "./defaults";
import { assertImage, assertQuantity, assertStringList, quantityValue } from "./validate";

/**
 * Checks the `supervisor` section of the config and fills its defaults.
 */

/** The checked `supervisor` settings. */
export interface ResolvedSupervisor {
    readonly image: string;
    readonly allowedImages: readonly string[];
    readonly caching: CachingMode;
    readonly command: readonly string[];
    readonly pinCommand: boolean;
    readonly writableKernelPaths: boolean;
    readonly requests: Required<ResourceQuantities>;
    readonly limits: Required<ResourceQuantities>;
    readonly prePull: boolean;
}

/** Checks `supervisor` and fills in defaults. */
export function resolveSupervisor(value: unknown): ResolvedSupervisor {
    assertOptionalObject("supervisor", value);
    const s = value ?? {};
    assertKnownKeys("supervisor", s, [
        "image",
        "allowedImages",
        "caching",
        "command",
        "pinCommand",
        "writableKernelPaths",
        "requests",
        "limits",
        "prePull",
    ]);
    const caching = s.caching ?? DEFAULTS.caching;
    if (!isOneOf(CACHING_MODES, caching)) {
        fail(
            "supervisor.caching",
            caching,
            "not a caching mode",
            `use ${quotedChoices(CACHING_MODES)}`,
        );
    }
    const command =
        s.command === undefined
            ? [...DEFAULTS.supervisorCommand]
            : assertStringList("supervisor.command", s.command, (f, v) => {
                  if (typeof v !== "string" || v.length === 0)
                      fail(f, v, "must be a non-empty string", "remove the entry or give it text");
                  return v;
              });
    if (command.length === 0)
        fail(
            "supervisor.command",
            s.command,
            "must not be empty",
            'leave it out for ["/envbox", "docker"]',
        );
    const quantities = (
        field: string,
        q: unknown,
        defaults: Required<ResourceQuantities>,
    ): Required<ResourceQuantities> => {
        assertOptionalObject(field, q);
        const v = q ?? {};
        assertKnownKeys(field, v, ["cpu", "memory"]);
        return {
            cpu: v.cpu === undefined ? defaults.cpu : assertQuantity(`${field}.cpu`, v.cpu),
            memory:
                v.memory === undefined
                    ? defaults.memory
                    : assertQuantity(`${field}.memory`, v.memory),
        };
    };
    const requests = quantities("supervisor.requests", s.requests, DEFAULTS.requests);
    const limits = quantities("supervisor.limits", s.limits, DEFAULTS.limits);
    for (const r of ["cpu", "memory"] as const) {
        if (quantityValue(requests[r]) > quantityValue(limits[r])) {
            fail(
                `supervisor.requests.${r}`,
                requests[r],
                `is above supervisor.limits.${r} (${limits[r]}); Kubernetes rejects such a pod`,
                `lower the request or raise the limit to at least ${requests[r]}`,
            );
        }
    }
    if (s.pinCommand !== undefined && typeof s.pinCommand !== "boolean") {
        fail(
            "supervisor.pinCommand",
            s.pinCommand,
            "must be true or false",
            "set false only if the supervisor needs another command than supervisor.command",
        );
    }
    if (s.writableKernelPaths !== undefined && typeof s.writableKernelPaths !== "boolean") {
        fail(
            "supervisor.writableKernelPaths",
            s.writableKernelPaths,
            "must be true or false",
            "set true only for a supervisor pod that mounts /usr/src and /lib/modules read-write (Coder's kubernetes-envbox template does)",
        );
    }
    if (s.prePull !== undefined && typeof s.prePull !== "boolean") {
        fail(
            "supervisor.prePull",
            s.prePull,
            "must be true or false",
            "set true to pre-pull the supervisor image, false to skip",
        );
    }
    return {
        image:
            s.image === undefined
                ? DEFAULTS.supervisorImage
                : assertImage("supervisor.image", s.image),
        allowedImages: assertStringList("supervisor.allowedImages", s.allowedImages, assertImage),
        caching,
        command,
        pinCommand: (s.pinCommand as boolean | undefined) ?? DEFAULTS.pinCommand,
        writableKernelPaths:
            (s.writableKernelPaths as boolean | undefined) ?? DEFAULTS.writableKernelPaths,
        requests,
        limits,
        prePull: (s.prePull as boolean | undefined) ?? DEFAULTS.prePull,
    };
}
