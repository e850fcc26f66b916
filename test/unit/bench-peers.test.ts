/**
 * The benchmark's hand-written peers (bench/peers/hand-written.ts) build exactly the custom resources cvmkit
 * builds: each program runs in a fresh process under the recorded Pulumi mocks (bench/workers/program.ts
 * `--record`), and the two registrations are compared type by type and name by name, with their inputs, their
 * provider, their resource options and the custom resources they wait for (the transitive closure of the
 * dependencies as sent to the engine; components stand for their children, so a peer may depend on a node
 * group where cvmkit depends on the node-group component). A cvmkit object without its peer counterpart — or
 * a changed field — fails here, instead of silently changing the benchmark's ratio.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runWorker } from "../../bench/lib/child";
import type { ProgramSample, RecordedResource } from "../../bench/workers/program";

/** `type::name` of a mock URN (`urn:pulumi:stack::project::<parent type$>type::name`). */
function keyOfUrn(urn: string): string {
    const parts = urn.split("::");
    return `${parts[2]!.split("$").pop()}::${parts[3]}`;
}

interface Comparable {
    readonly inputs: Record<string, unknown>;
    readonly provider?: string;
    readonly options: RecordedResource["options"];
    /** Keys of every custom resource this one waits for, sorted. */
    readonly waitsFor: string[];
}

/** The program's custom resources by `type::name`, with what they wait for. */
function customResources(recorded: readonly RecordedResource[]): Map<string, Comparable> {
    const byUrn = new Map(recorded.map((r) => [r.urn, r]));
    const direct = (r: RecordedResource): RecordedResource[] =>
        r.dependencies.map((u) => byUrn.get(u)).filter((d): d is RecordedResource => !!d);
    const closure = (r: RecordedResource): Set<string> => {
        const seen = new Set<string>();
        const todo = direct(r);
        while (todo.length > 0) {
            const d = todo.pop()!;
            const key = `${d.type}::${d.name}`;
            if (seen.has(key)) continue;
            seen.add(key);
            todo.push(...direct(d));
        }
        return new Set(
            [...seen].filter((k) => recorded.some((x) => x.custom && `${x.type}::${x.name}` === k)),
        );
    };
    const out = new Map<string, Comparable>();
    for (const r of recorded.filter((x) => x.custom)) {
        const key = `${r.type}::${r.name}`;
        assert.ok(!out.has(key), `${key} registered twice`);
        out.set(key, {
            inputs: r.inputs,
            ...(r.provider
                ? { provider: keyOfUrn(r.provider.split("::").slice(0, -1).join("::")) }
                : {}),
            options: r.options,
            waitsFor: [...closure(r)].sort(),
        });
    }
    return out;
}

/** The paths where two JSON values differ, with both values (for a readable failure). */
function differences(a: unknown, b: unknown, at = ""): string[] {
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    if (a && b && typeof a === "object" && typeof b === "object") {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].flatMap((k) =>
            differences(
                (a as Record<string, unknown>)[k],
                (b as Record<string, unknown>)[k],
                `${at}.${k}`,
            ),
        );
    }
    return [`${at || "."}: cvmkit ${JSON.stringify(a)}, peer ${JSON.stringify(b)}`];
}

async function record(args: string[]): Promise<Map<string, Comparable>> {
    const s = await runWorker<ProgramSample>("program", [...args, "--record"]);
    assert.ok(s.recorded && s.complete, `${args.join(" ")}: recording incomplete`);
    return customResources(s.recorded);
}

async function assertSameResources(kind: string, arg?: string): Promise<void> {
    const rest = arg === undefined ? [] : [arg];
    const mine = await record([kind, "cvmkit", ...rest]);
    const hand = await record([kind, "hand", ...rest]);
    const types = (m: Map<string, Comparable>) => [...m.keys()].sort();
    // Same custom resources (type and name) first: the clearest message when an object is missing.
    assert.deepEqual(
        types(hand),
        types(mine),
        "the peer registers other custom resources than cvmkit",
    );
    const diffs: string[] = [];
    const same = (a: unknown, b: unknown) => {
        try {
            assert.deepEqual(a, b);
            return true;
        } catch {
            return false;
        }
    };
    for (const [key, c] of mine) {
        const h = hand.get(key)!;
        const fields = ["inputs", "provider", "options", "waitsFor"] as const;
        for (const f of fields) {
            if (!same(h[f], c[f])) {
                diffs.push(...differences(c[f], h[f], `${key} ${f}`));
            }
        }
    }
    assert.deepEqual(diffs, [], `the peer differs from cvmkit:\n${diffs.join("\n")}`);
}

describe("bench peers build what cvmkit builds", () => {
    for (const cloud of ["aws", "gcp", "azure", "existing"]) {
        it(`CvmStack on ${cloud} and its hand-written peer register the same custom resources`, () =>
            assertSameResources("stack", cloud));
    }
    it("the scale program with one pool per cloud and its peer register the same custom resources", () =>
        assertSameResources("scale", "3"));
    it("the real-engine program (existing cluster, Kubernetes 1.35) and its peer register the same custom resources", () =>
        assertSameResources("engine"));
    it("the comparison sees a missing object: the peer without its egress NetworkPolicy differs", () => {
        const rec = (names: string[]): RecordedResource[] =>
            names.map((name) => ({
                type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                name,
                urn: `urn:pulumi:stack::project::kubernetes:networking.k8s.io/v1:NetworkPolicy::${name}`,
                custom: true,
                inputs: {},
                dependencies: [],
                options: {
                    retainOnDelete: false,
                    deleteBeforeReplace: true,
                    customTimeouts: { create: "", update: "", delete: "" },
                    ignoreChanges: [],
                },
            }));
        const mine = customResources(rec(["ingress", "egress"]));
        const hand = customResources(rec(["ingress"]));
        assert.notDeepEqual([...hand.keys()].sort(), [...mine.keys()].sort());
    });
});
