/**
 * Where each type of the provider schema comes from in the TypeScript sources (the table of
 * `lib/provider/shapes.ts`), and the TypeScript-compiler helpers the provider schema tests read those types
 * with: a reader of their own, so the tests check the generator (`tools/schema/generate.ts`) rather than
 * repeat it.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import ts from "typescript";
import { COMPONENT_SHAPES, TYPE_SHAPES, TypeSource } from "../../../lib/provider/shapes";

export const REPO = path.resolve(__dirname, "..", "..", "..", "..");

const split = (s: TypeSource): readonly [string, string] => s.split("#") as [string, string];

/** Every schema type token → [source file, exported type (or Interface.property)]. */
export const SOURCES: Readonly<Record<string, readonly [string, string]>> = Object.fromEntries(
    Object.entries(TYPE_SHAPES).map(([token, shape]) => [token, split(shape.source)]),
);

/** Where a served component comes from: its args type and its class. */
export interface ComponentSource {
    /** File and exported name of the args type (a union is read member by member). */
    readonly args: readonly [string, string];
    /** File and exported name of the component class. */
    readonly component: readonly [string, string];
    /** Args keys the schema leaves out on purpose. */
    readonly notInSchema?: readonly string[];
}

/** Every served component token → its TypeScript source. */
export const COMPONENT_SOURCES: Readonly<Record<string, ComponentSource>> = Object.fromEntries(
    Object.entries(COMPONENT_SHAPES).map(([token, shape]) => [
        token,
        {
            args: split(shape.args),
            component: split(shape.class),
            ...(shape.notInSchema ? { notInSchema: shape.notInSchema } : {}),
        },
    ]),
);

/** The schema as the tests read it. */
export interface Schema {
    types: Record<
        string,
        {
            type: string;
            properties?: Record<string, Prop>;
            required?: string[];
            enum?: { value: string }[];
        }
    >;
    resources: Record<
        string,
        {
            inputProperties: Record<string, Prop>;
            requiredInputs?: string[];
            properties: Record<string, Prop>;
            required?: string[];
        }
    >;
}
export interface Prop {
    type?: string;
    $ref?: string;
    items?: Prop;
    additionalProperties?: Prop;
    oneOf?: Prop[];
    secret?: boolean;
}

/** The TypeScript program of lib/ (all of it: the provider and every cloud module), and its checker. */
export interface Sources {
    readonly program: ts.Program;
    readonly checker: ts.TypeChecker;
    /** The type `name` (or `Interface.property`) exported by `file`. */
    typeOf(file: string, name: string): ts.Type;
    /** Property names of an object type (of every member, for a union), and those required in all. */
    propertiesOf(type: ts.Type): { all: string[]; required: string[] };
    /** The `pulumi.Output` properties of an exported class, and those never undefined. */
    outputsOf(file: string, className: string): { all: string[]; always: string[] };
    /**
     * The property paths of `type` whose type takes a `pulumi.Input` or `pulumi.Output` (as
     * `ComponentSpec.inputPaths` lists them: dotted, `[]` for array elements, not below such a path).
     */
    inputPathsOf(type: ts.Type): string[];
}

let cached: Sources | undefined;

export function sources(): Sources {
    if (cached) return cached;
    const program = ts.createProgram(
        [
            path.join(REPO, "lib/provider/index.ts"),
            path.join(REPO, "lib/provider/constructors.ts"),
            path.join(REPO, "lib/aws/index.ts"),
            path.join(REPO, "lib/gcp/index.ts"),
            path.join(REPO, "lib/azure/index.ts"),
            path.join(REPO, "lib/stack/index.ts"),
        ],
        {
            strict: true,
            module: ts.ModuleKind.Node16,
            moduleResolution: ts.ModuleResolutionKind.Node16,
            target: ts.ScriptTarget.ES2022,
            skipLibCheck: true,
            types: ["node"],
        },
    );
    const checker = program.getTypeChecker();

    const exported = (file: string, name: string): ts.Symbol => {
        const source = program.getSourceFile(path.join(REPO, file));
        assert.ok(source, `${file} is not in the program`);
        const symbol = checker
            .getExportsOfModule(checker.getSymbolAtLocation(source)!)
            .find((s) => s.name === name);
        assert.ok(symbol, `${file} exports no ${name}`);
        return symbol;
    };

    const typeOf = (file: string, name: string): ts.Type => {
        const [head, prop] = name.split(".") as [string, string | undefined];
        const type = checker.getDeclaredTypeOfSymbol(exported(file, head));
        if (!prop) return type;
        return checker.getNonNullableType(checker.getTypeOfSymbol(type.getProperty(prop)!));
    };

    const members = (type: ts.Type): ts.Type[] =>
        type.isUnion()
            ? type.types.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral))
            : [type];

    const propertiesOf = (type: ts.Type): { all: string[]; required: string[] } => {
        const all = new Set<string>();
        const requiredIn = new Map<string, number>();
        const ms = members(type);
        for (const m of ms) {
            for (const p of checker.getPropertiesOfType(m)) {
                all.add(p.name);
                if (!(p.flags & ts.SymbolFlags.Optional))
                    requiredIn.set(p.name, (requiredIn.get(p.name) ?? 0) + 1);
            }
        }
        return {
            all: [...all].sort(),
            required: [...requiredIn]
                .filter(([, n]) => n === ms.length)
                .map(([k]) => k)
                .sort(),
        };
    };

    /** `pulumi.Input<T>` (`T | Promise<T> | OutputInstance<T>`) or `pulumi.Output<T>`, by its members. */
    const isPulumiValue = (t: ts.Type): boolean => {
        const parts = t.isUnionOrIntersection() ? t.types : [t];
        return parts.some((m) => {
            const name = (m.aliasSymbol ?? m.getSymbol())?.name;
            return name === "Promise" || name === "OutputInstance" || name === "Output";
        });
    };

    const inputPathsOf = (root: ts.Type): string[] => {
        const out = new Set<string>();
        const walk = (type: ts.Type, at: string, depth: number): void => {
            if (depth > 8) return;
            const t = checker.getNonNullableType(type);
            if (at && isPulumiValue(t)) {
                out.add(at);
                return;
            }
            for (const m of members(t)) {
                if (
                    m.flags &
                    (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)
                )
                    continue;
                if (checker.isArrayType(m) || checker.isTupleType(m)) {
                    const [item] = checker.getTypeArguments(m as ts.TypeReference);
                    if (item) walk(item, `${at}[]`, depth + 1);
                    continue;
                }
                for (const p of checker.getPropertiesOfType(m)) {
                    walk(checker.getTypeOfSymbol(p), at ? `${at}.${p.name}` : p.name, depth + 1);
                }
            }
        };
        walk(root, "", 0);
        return [...out].sort();
    };

    const outputsOf = (file: string, className: string): { all: string[]; always: string[] } => {
        const instance = checker.getDeclaredTypeOfSymbol(exported(file, className));
        const all: string[] = [];
        const always: string[] = [];
        for (const p of checker.getPropertiesOfType(instance)) {
            const t = checker.getTypeOfSymbol(p);
            if (
                p.name === "urn" ||
                (t.getSymbol()?.name !== "OutputInstance" &&
                    !checker.typeToString(t).startsWith("Output<"))
            )
                continue;
            all.push(p.name);
            if (!checker.typeToString(t).includes("undefined")) always.push(p.name);
        }
        return { all: all.sort(), always: always.sort() };
    };

    cached = { program, checker, typeOf, propertiesOf, outputsOf, inputPathsOf };
    return cached;
}
