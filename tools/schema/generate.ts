/**
 * Generates cvmkit's Pulumi package schema (types, resources, and the provider's Input paths) from the
 * TypeScript types, read with the TypeScript compiler, and the table of facts types cannot carry
 * (`lib/provider/shapes.ts`: tokens, sources, secrets). Writes `lib/provider/schema.generated.json`.
 *
 *   npm run schema:update        regenerate (after changing a config type)
 *   node build/tools/schema/generate.js --check   exit 1 when the committed file is stale
 *
 * The mapping: `string` → string, `number` → integer, `boolean` → boolean, a string-literal union → the enum
 * of the table with the same members (else string), `readonly T[]` → array, `Record<string, T>` → object with
 * additionalProperties, `pulumi.Input<T>`/`pulumi.Output<T>` → T (the path is an Input path of the provider),
 * an interface or type of the table → `$ref` to its token, a type of `kubernetes-types` → `$ref` to the
 * pulumi-kubernetes type, `boolean | T` → `oneOf [boolean, T]`. Descriptions are the JSDoc, with `@default`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import {
    COMPONENT_SHAPES,
    ComponentShape,
    KUBERNETES_REFS,
    SECRETS,
    SchemaModule,
    TYPE_SHAPES,
    TypeShape,
    TypeSource,
} from "../../lib/provider/shapes";
import {
    ComponentSpec,
    EnumTypeSpec,
    GeneratedSchema,
    KUBERNETES_SCHEMA_VERSION,
    ObjectTypeSpec,
    PropertySpec,
    ResourceSpec,
} from "../../lib/provider/spec";

export const REPO = path.resolve(__dirname, "..", "..", "..");
export const GENERATED = path.join(REPO, "lib", "provider", "schema.generated.json");

/** The TypeScript program of lib/ the schema is read from. */
export function program(): ts.Program {
    const roots = [
        ...new Set(
            [...Object.values(COMPONENT_SHAPES), ...Object.values(TYPE_SHAPES)].flatMap((s) =>
                "args" in s ? [s.args, s.class] : [s.source],
            ),
        ),
    ].map((s) => path.join(REPO, s.split("#")[0]!));
    return ts.createProgram(roots, {
        strict: true,
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        target: ts.ScriptTarget.ES2022,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
    });
}

const moduleOf = (token: string): SchemaModule => token.split(":")[1] as SchemaModule;

/** The tables of `lib/provider/shapes.ts` the generator reads (a test passes altered ones). */
export interface Tables {
    readonly components: Readonly<Record<string, ComponentShape>>;
    readonly types: Readonly<Record<string, TypeShape>>;
    readonly secrets: readonly string[];
    readonly kubernetesRefs: Readonly<Record<string, string>>;
}

export const TABLES: Tables = {
    components: COMPONENT_SHAPES,
    types: TYPE_SHAPES,
    secrets: SECRETS,
    kubernetesRefs: KUBERNETES_REFS,
};

/** Generates the schema from `prog` (default: a new program of lib/) and the tables. */
export function generate(prog: ts.Program = program(), tables: Tables = TABLES): GeneratedSchema {
    const checker = prog.getTypeChecker();
    const {
        components: COMPONENTS,
        types: TYPES,
        secrets: SECRET_PATHS,
        kubernetesRefs: KUBE_REFS,
    } = tables;

    const exported = (file: string, name: string): ts.Symbol => {
        const source = prog.getSourceFile(path.join(REPO, file));
        if (!source) throw new Error(`${file} is not in the program`);
        const symbol = checker
            .getExportsOfModule(checker.getSymbolAtLocation(source)!)
            .find((s) => s.name === name);
        if (!symbol) throw new Error(`${file} exports no ${name}`);
        return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    };

    /** The type a {@link TypeSource} names, and the symbol whose JSDoc describes it. */
    const resolve = (source: TypeSource): { type: ts.Type; doc: ts.Symbol } => {
        const [file, name] = source.split("#") as [string, string];
        const [head, prop] = name.split(".") as [string, string | undefined];
        const symbol = exported(file, head);
        const type = checker.getDeclaredTypeOfSymbol(symbol);
        if (!prop) return { type, doc: symbol };
        const p = type.getProperty(prop);
        if (!p) throw new Error(`${source}: ${head} has no property ${prop}`);
        return { type: checker.getNonNullableType(checker.getTypeOfSymbol(p)), doc: p };
    };

    // ---- documentation --------------------------------------------------------------------------------------

    const linkText = (s: string): string =>
        s.replace(/\{@link\s+([^}\s|]+)(?:\s*\|\s*|\s+)?([^}]*)\}/g, (_m, target: string, text) =>
            text ? text.trim() : `\`${target.split(".").pop()}\``,
        );

    const partsText = (parts: readonly ts.SymbolDisplayPart[] | undefined): string =>
        linkText(ts.displayPartsToString(parts ? [...parts] : []))
            .replace(/[ \t]*\n[ \t]*/g, "\n")
            // a line break inside a paragraph is a space (lists and paragraphs stay)
            .replace(/([^\n])\n(?!\n|- )/g, "$1 ")
            .trim();

    /** The JSDoc of `symbol`, with its `@default` as a last sentence. */
    const describe = (symbol: ts.Symbol): string => {
        const text = partsText(symbol.getDocumentationComment(checker));
        const def = symbol.getJsDocTags(checker).find((t) => t.name === "default");
        const defText = def ? partsText(def.text) : "";
        return [text, defText ? `Default: ${defText}.`.replace(/\.\.$/, ".") : ""]
            .filter(Boolean)
            .join("\n\n");
    };

    /** The JSDoc of a type without the `- \`value\`: text` lines of its enum members (returned apart). */
    const enumDoc = (doc: string): { text: string; members: Map<string, string> } => {
        const members = new Map<string, string>();
        const kept: string[] = [];
        for (const line of doc.split("\n")) {
            const m = /^- `([^`]+)`:\s*(.*)$/.exec(line);
            if (m) members.set(m[1]!, m[2]!);
            else kept.push(line);
        }
        return { text: kept.join("\n").trim(), members };
    };

    // ---- the table, resolved ------------------------------------------------------------------------------------

    interface Named {
        readonly token: string;
        readonly type: ts.Type;
        readonly doc: ts.Symbol;
        readonly scope: SchemaModule;
        /** The members of a string-literal union, sorted (enums are matched by their members). */
        readonly literals?: string;
    }

    const literalsOf = (types: readonly ts.Type[]): string | undefined =>
        types.length > 0 && types.every((t) => t.isStringLiteral())
            ? types
                  .map((t) => (t as ts.StringLiteralType).value)
                  .sort()
                  .join("|")
            : undefined;

    const named: Named[] = Object.entries(TYPES).map(([token, shape]) => {
        const { type, doc } = resolve(shape.source);
        const literals = literalsOf(type.isUnion() ? type.types : [type]);
        return {
            token,
            type,
            doc,
            scope: shape.scope ?? moduleOf(token),
            ...(literals ? { literals } : {}),
        };
    });

    /** The table's token for `type` (or for these literals) seen from `scope`. */
    const lookup = (
        type: ts.Type | undefined,
        literals: string | undefined,
        scope: SchemaModule,
        at: string,
    ): string | undefined => {
        const hits = named.filter((n) =>
            literals !== undefined ? n.literals === literals : n.type === type,
        );
        if (hits.length <= 1) return hits[0]?.token;
        const mine = hits.filter((n) => moduleOf(n.token) === scope);
        if (mine.length === 1) return mine[0]!.token;
        throw new Error(
            `${at}: ${hits.map((h) => h.token).join(", ")} all match; give the type a scope`,
        );
    };

    // ---- types → properties -------------------------------------------------------------------------------------

    const nameOf = (t: ts.Type): string | undefined => (t.aliasSymbol ?? t.getSymbol())?.name;
    const isPulumiWrapper = (t: ts.Type): boolean =>
        ["Promise", "OutputInstance", "Output"].includes(nameOf(t) ?? "");

    /** Splits `t` into its members without undefined, and says whether a `pulumi.Input`/`Output` wrapped it. */
    const membersOf = (t: ts.Type): { members: ts.Type[]; wrapped: boolean } => {
        let wrapped = false;
        const out: ts.Type[] = [];
        const add = (m: ts.Type): void => {
            if (m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) return;
            if (m.isUnion()) return m.types.forEach(add);
            if (m.isIntersection() && m.types.some((p) => nameOf(p) === "OutputInstance")) {
                // pulumi.Output<T> = OutputInstance<T> & Lifted<T>
                wrapped = true;
                const inst = m.types.find((p) => nameOf(p) === "OutputInstance")!;
                return checker.getTypeArguments(inst as ts.TypeReference).forEach(add);
            }
            if (isPulumiWrapper(m)) {
                wrapped = true;
                return; // the T of Input<T> is a member beside it
            }
            if (!out.includes(m)) out.push(m);
        };
        add(t);
        // Input<T> where T is an OutputInstance-only (an Output property): take its argument
        if (out.length === 0 && wrapped) {
            const inst = (t.isUnion() ? t.types : [t]).find(
                (m) => nameOf(m) === "OutputInstance" || nameOf(m) === "Promise",
            );
            if (inst) checker.getTypeArguments(inst as ts.TypeReference).forEach(add);
        }
        return { members: out, wrapped };
    };

    /** A type of `kubernetes-types` (`core/v1:Toleration`), or undefined. */
    const kubernetesType = (t: ts.Type): string | undefined => {
        const decl = t.getSymbol()?.declarations?.[0];
        const file = decl?.getSourceFile().fileName ?? "";
        const m = /node_modules\/kubernetes-types\/(.+)\/(v[^/]+)\.d\.ts$/.exec(file);
        return m ? `${m[1]}/${m[2]}:${t.getSymbol()!.name}` : undefined;
    };

    const kubeRef = (type: string): PropertySpec => ({
        $ref: `/kubernetes/v${KUBERNETES_SCHEMA_VERSION}/schema.json#/types/kubernetes:${type}`,
    });

    /** The schema of a value of these TypeScript member types (of one property, or of several union members). */
    const propertyOf = (
        types: readonly ts.Type[],
        scope: SchemaModule,
        at: string,
    ): PropertySpec => {
        const members: ts.Type[] = [];
        for (const t of types)
            for (const m of membersOf(t).members) if (!members.includes(m)) members.push(m);
        const bools = members.filter((m) => m.flags & ts.TypeFlags.BooleanLike);
        const rest = members.filter((m) => !(m.flags & ts.TypeFlags.BooleanLike));
        if (rest.length === 0 && bools.length > 0) return { type: "boolean" };
        const literals = literalsOf(rest);
        if (literals !== undefined) {
            const token = lookup(undefined, literals, scope, at);
            return token ? { $ref: `#/types/${token}` } : { type: "string" };
        }
        const alternatives: PropertySpec[] = bools.length > 0 ? [{ type: "boolean" }] : [];
        for (const m of rest) alternatives.push(single(m, scope, at));
        const unique = alternatives.filter(
            (a, i) => alternatives.findIndex((b) => JSON.stringify(a) === JSON.stringify(b)) === i,
        );
        if (unique.length === 1) return unique[0]!;
        if (unique.some((u) => u.type && u.type !== "boolean"))
            throw new Error(`${at}: a union of ${unique.map((u) => JSON.stringify(u)).join(", ")}`);
        return { oneOf: unique };
    };

    /** The schema of one non-union TypeScript type. */
    const single = (m: ts.Type, scope: SchemaModule, at: string): PropertySpec => {
        if (KUBE_REFS[at]) return kubeRef(KUBE_REFS[at]);
        if (m.flags & ts.TypeFlags.StringLike) return { type: "string" };
        if (m.flags & ts.TypeFlags.NumberLike) return { type: "integer" };
        if (checker.isArrayType(m)) {
            const [item] = checker.getTypeArguments(m as ts.TypeReference);
            return { type: "array", items: propertyOf([item!], scope, `${at}[]`) };
        }
        const token = lookup(m, undefined, scope, at);
        if (token) return { $ref: `#/types/${token}` };
        const kube = kubernetesType(m);
        if (kube) return kubeRef(kube);
        const index = checker.getIndexInfoOfType(m, ts.IndexKind.String);
        if (index && checker.getPropertiesOfType(m).length === 0)
            return {
                type: "object",
                additionalProperties: propertyOf([index.type], scope, `${at}{}`),
            };
        throw new Error(
            `${at}: ${checker.typeToString(m)} has no schema type; add it to TYPE_SHAPES in lib/provider/shapes.ts`,
        );
    };

    /** Properties of the object types `types` (the members of a union read together), in declaration order. */
    const propertiesOf = (
        owner: string,
        types: readonly ts.Type[],
        scope: SchemaModule,
        labels?: readonly string[],
        skip: readonly string[] = [],
    ): { properties: Record<string, PropertySpec>; required: string[] } => {
        const names: string[] = [];
        for (const t of types)
            for (const p of checker.getPropertiesOfType(t))
                if (!names.includes(p.name) && !skip.includes(p.name)) names.push(p.name);
        const properties: Record<string, PropertySpec> = {};
        const required: string[] = [];
        for (const name of names) {
            const having = types
                .map((t, i) => ({ p: t.getProperty(name), label: labels?.[i] }))
                .filter((h): h is { p: ts.Symbol; label: string | undefined } => !!h.p);
            const prop = propertyOf(
                having.map((h) => checker.getTypeOfSymbol(h.p)),
                scope,
                `${owner}.${name}`,
            );
            const docs = having.map((h) => describe(h.p));
            let description = docs.find(Boolean) ?? "";
            if (labels && new Set(docs).size > 1)
                // each member's own text: "aws: …\n\ngcp: …"
                description = having.map((h, i) => `${h.label}: ${docs[i]}`).join("\n\n");
            else if (labels && having.length < types.length)
                description = `${having.map((h) => h.label).join(", ")}: ${description}`.trim();
            const secret = SECRET_PATHS.includes(`${owner}.${name}`);
            properties[name] = {
                ...prop,
                ...(secret ? { secret: true } : {}),
                ...(description ? { description } : {}),
            };
            if (
                having.length === types.length &&
                having.every((h) => !(h.p.flags & ts.SymbolFlags.Optional))
            )
                required.push(name);
        }
        return { properties, required };
    };

    // ---- the schema -------------------------------------------------------------------------------------------

    /**
     * The members of a string-literal union in the order of its `as const` tuple (`(typeof X)[number]`), else in
     * the compiler's order.
     */
    const declarationOrder = (type: ts.Type, alias: ts.Symbol): string[] => {
        // the alias symbol of the table (a union is interned: its aliasSymbol is the first alias seen)
        const decl = alias.declarations?.[0];
        let node = decl && ts.isTypeAliasDeclaration(decl) ? decl.type : undefined;
        if (node && ts.isIndexedAccessTypeNode(node)) {
            node = node.objectType;
            while (ts.isParenthesizedTypeNode(node)) node = node.type;
            const tuple = checker.getTypeFromTypeNode(node);
            if (checker.isTupleType(tuple))
                return checker
                    .getTypeArguments(tuple as ts.TypeReference)
                    .map((t) => (t as ts.StringLiteralType).value);
        }
        return (type.isUnion() ? type.types : [type]).map((t) => (t as ts.StringLiteralType).value);
    };

    const types: Record<string, ObjectTypeSpec | EnumTypeSpec> = {};
    for (const n of named) {
        const doc = describe(n.doc);
        if (n.literals !== undefined) {
            const { text, members } = enumDoc(doc);
            const values = declarationOrder(n.type, n.doc);
            types[n.token] = {
                type: "string",
                ...(text ? { description: text } : {}),
                enum: values.map((value) => ({
                    value,
                    ...(members.get(value) ? { description: members.get(value)! } : {}),
                })),
            };
            continue;
        }
        const { properties, required } = propertiesOf(n.token, [n.type], n.scope);
        types[n.token] = {
            type: "object",
            ...(doc ? { description: doc } : {}),
            properties,
            ...(required.length > 0 ? { required } : {}),
        };
    }

    /** The Input paths of `type` (dotted, `[]` for array elements; not below an Input). */
    const inputPathsOf = (root: ts.Type, skip: readonly string[]): string[] => {
        const out = new Set<string>();
        const walk = (type: ts.Type, at: string, depth: number): void => {
            if (depth > 8) return;
            const { members, wrapped } = membersOf(type);
            if (at && wrapped) {
                out.add(at);
                return;
            }
            for (const m of members) {
                if (
                    m.flags &
                    (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)
                )
                    continue;
                if (checker.isArrayType(m)) {
                    const [item] = checker.getTypeArguments(m as ts.TypeReference);
                    if (item) walk(item, `${at}[]`, depth + 1);
                    continue;
                }
                if (kubernetesType(m)) continue;
                for (const p of checker.getPropertiesOfType(m)) {
                    if (!at && skip.includes(p.name)) continue;
                    walk(checker.getTypeOfSymbol(p), at ? `${at}.${p.name}` : p.name, depth + 1);
                }
            }
        };
        walk(root, "", 0);
        return [...out].sort();
    };

    /** Paths of secret string inputs, following `$ref`s into this package's types. */
    const stringPathsOf = (
        props: Readonly<Record<string, PropertySpec>>,
        at = "",
        depth = 0,
    ): string[] =>
        depth > 4
            ? []
            : Object.entries(props).flatMap(([k, p]) => {
                  const here = at ? `${at}.${k}` : k;
                  if (p.secret && p.type === "string") return [here];
                  return (p.oneOf ?? [p]).flatMap((m) => {
                      const t = m.$ref?.startsWith("#/types/") ? types[m.$ref.slice(8)] : undefined;
                      return t && "properties" in t
                          ? stringPathsOf(t.properties, here, depth + 1)
                          : [];
                  });
              });

    const resources: Record<string, ResourceSpec> = {};
    const components: Record<string, Omit<ComponentSpec, "resource">> = {};
    for (const [token, shape] of Object.entries(COMPONENTS)) {
        const scope = moduleOf(token);
        const args = resolve(shape.args);
        const members = args.type.isUnion() ? args.type.types : [args.type];
        const labels = shape.discriminant
            ? members.map((m) => {
                  const d = m.getProperty(shape.discriminant!);
                  const t = d && checker.getTypeOfSymbol(d);
                  if (!t?.isStringLiteral())
                      throw new Error(
                          `${shape.args}: a member without a literal ${shape.discriminant}`,
                      );
                  return t.value;
              })
            : undefined;
        const skip = shape.notInSchema ?? [];
        const inputs = propertiesOf(token, members, scope, labels, skip);

        const cls = resolve(shape.class);
        const outputs: Record<string, PropertySpec> = {};
        const always: string[] = [];
        for (const p of checker.getPropertiesOfType(cls.type)) {
            if (p.name === "urn") continue;
            const t = checker.getTypeOfSymbol(p);
            if (!membersOf(t).wrapped || nameOf(t) === "Promise") continue;
            const description = describe(p);
            outputs[p.name] = {
                ...propertyOf([t], scope, `${token}.${p.name}`),
                ...(SECRET_PATHS.includes(`${token}.${p.name}`) ? { secret: true } : {}),
                ...(description ? { description } : {}),
            };
            if (!checker.typeToString(t).includes("undefined")) always.push(p.name);
        }

        const description = describe(cls.doc);
        resources[token] = {
            isComponent: true,
            ...(description ? { description } : {}),
            inputProperties: inputs.properties,
            ...(inputs.required.length > 0 ? { requiredInputs: inputs.required } : {}),
            properties: outputs,
            ...(always.length > 0 ? { required: always } : {}),
        };
        const stringPaths = stringPathsOf(inputs.properties);
        const inputPaths = inputPathsOf(args.type, skip);
        components[token] = {
            inputPaths,
            ...(stringPaths.length > 0 ? { stringPaths } : {}),
            ...(labels
                ? {
                      inputPathsBy: {
                          key: shape.discriminant!,
                          paths: Object.fromEntries(
                              members.map((m, i) => [labels[i]!, inputPathsOf(m, skip)]),
                          ),
                      },
                  }
                : {}),
        };
    }

    const sorted = <V>(r: Record<string, V>): Record<string, V> =>
        Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
    return { types: sorted(types), resources: sorted(resources), components: sorted(components) };
}

/** The file text of a generated schema. */
export const render = (schema: GeneratedSchema): string => `${JSON.stringify(schema, null, 4)}\n`;

if (require.main === module) {
    const text = render(generate());
    if (process.argv.includes("--check")) {
        const committed = fs.existsSync(GENERATED) ? fs.readFileSync(GENERATED, "utf8") : "";
        if (committed !== text) {
            console.error(
                `${path.relative(REPO, GENERATED)} is stale: run \`npm run schema:update\` and commit it`,
            );
            process.exit(1);
        }
        console.log(`${path.relative(REPO, GENERATED)} is up to date`);
    } else {
        fs.writeFileSync(GENERATED, text);
        console.log(`wrote ${path.relative(REPO, GENERATED)}`);
    }
}
