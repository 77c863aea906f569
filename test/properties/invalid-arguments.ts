import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { OrgkitError, ValidationError } from "../../src/index.js";
import { blynkClient, recruboClient } from "../support/clients.js";
import { forbiddenFetch } from "../support/fetches.js";
import { accessToken, clientId, clientSecret, partnerKey } from "../support/fixtures.js";
import { announceSeed, assertProperty, runs } from "../support/seeded.js";
import { failOnUnhandledRejection } from "../support/unhandled.js";
import { type Argument, type Client, type FacadeOperation, labelled } from "./operations.js";
import { brokenOptions, validCallOptions, validPagingOptions } from "./options.js";
import { broken, type Path, valid } from "./schemas.js";
import { loadSpecs, type Specs } from "./spec.js";
import { outcomeOf, pooled, show } from "./support.js";

// Property: for every facade operation, an argument that breaks one rule of the spec (or options
// that break orgkit's own rules) is refused with a ValidationError whose issues name the field
// made invalid, and nothing is sent. Each invalid input is a valid one with one rule broken, drawn
// from the operation's rules in generated/*.rules.ts, and confirmed invalid by ajv over the spec.

export interface InvalidCase {
  args: unknown[];
  options: unknown;
  /** The field an issue must name. */
  field: string;
  /** Rules the issue for that field may name; any, when undefined. */
  rules?: readonly string[];
  how: string;
}

/** Whether breaking `path` adds a top-level member that `dependentRequired` ties to another. */
function addsDependent(
  rule: { dependentRequired?: Readonly<Record<string, readonly string[]>> },
  value: unknown,
  path: Path,
): boolean {
  const [name] = path;
  const present = typeof value === "object" && value !== null && Object.hasOwn(value, name as string);
  return path.length === 1 && !present && Object.hasOwn(rule.dependentRequired ?? {}, name as string);
}

/** The name the client gives a path inside an argument it calls `root`. */
export function fieldName(root: string, path: Path): string {
  // Members joined with dots, array items by index in brackets: `filter.name`, `sort[0]`.
  const name = path.reduce<string>(
    (joined, segment) =>
      typeof segment === "number" ? `${joined}[${segment}]` : joined === "" ? segment : `${joined}.${segment}`,
    root,
  );
  return name === "" ? "argument" : name;
}

// Valid values of each argument, drawn once per suite (2,000 of them): each run breaks one anew.
const bases = new Map<Argument, fc.Arbitrary<unknown>>();

function validBase(argument: Argument): fc.Arbitrary<unknown> {
  let base = bases.get(argument);
  if (!base) {
    base = pooled(valid(argument.rule, { omit: argument.omit ?? [] }), 2000);
    bases.set(argument, base);
  }
  return base;
}

function validArguments(operation: FacadeOperation): fc.Arbitrary<unknown[]> {
  return fc.tuple(
    ...operation.args.map((argument) =>
      argument.optional ? fc.option(validBase(argument), { nil: undefined }) : validBase(argument),
    ),
  );
}

export function validOptionsFor(operation: FacadeOperation): fc.Arbitrary<unknown> {
  const options = operation.pager ? validPagingOptions(operation.pager.firstPage) : validCallOptions;
  return fc.option(options, { nil: undefined });
}

export function invalidCases(operation: FacadeOperation, specs: Specs): fc.Arbitrary<InvalidCase> {
  const args = validArguments(operation);
  const options = validOptionsFor(operation);
  const choices: Array<fc.WeightedArbitrary<InvalidCase>> = [];
  if (operation.args.length > 0) {
    const brokenArgument = fc
      .tuple(args, fc.nat({ max: operation.args.length - 1 }), options)
      .chain(([values, index, callOptions]) => {
        const argument = operation.args[index]!;
        const omit = { omit: argument.omit ?? [] };
        const current = values[index] === undefined ? validBase(argument) : fc.constant(values[index]);
        return current.chain((value) =>
          broken(argument.rule, value, omit).map(
            (breakage): InvalidCase & { index: number; addsDependent: boolean } => ({
              args: values.map((other, at) => (at === index ? breakage.value : other)),
              options: callOptions,
              field: fieldName(argument.field, breakage.path),
              rules: breakage.rules,
              how: breakage.how,
              index,
              addsDependent: addsDependent(argument.rule, value, breakage.path),
            }),
          ),
        );
      })
      // The spec has the last word: a breakage that happens to be valid is no invalid input. Nor is
      // one that adds a member another must come with (webhookUrl without webhookSecret): that
      // breaks dependentRequired whatever the value, so the value's own rule may well hold.
      .filter(
        (candidate) =>
          !candidate.addsDependent && !operation.args[candidate.index]!.allowed(specs, candidate.args[candidate.index]),
      );
    choices.push({ weight: 4, arbitrary: brokenArgument });
  }
  const paging = operation.pager ? { firstPage: operation.pager.firstPage } : undefined;
  choices.push({
    weight: operation.args.length === 0 ? 4 : 1,
    arbitrary: fc.tuple(args, brokenOptions(paging)).map(
      ([values, breakage]): InvalidCase => ({
        args: values,
        options: breakage.options,
        field: breakage.field,
        how: breakage.how,
      }),
    ),
  });
  return fc.oneof(...choices);
}

/** Clients of every kind of credentials, all over one fetch that fails the test when called. */
export function spiedClients(api: "recrubo" | "blynk") {
  const spy = forbiddenFetch();
  const common = { fetch: spy.fetch, retry: false as const };
  const clients: Array<{ label: string; client: Client }> =
    api === "recrubo"
      ? [
          { label: "partner key", client: recruboClient(common).client },
          {
            label: "key from a function, raw scheme",
            client: recruboClient({ ...common, apiKey: () => partnerKey, authScheme: "raw" }).client,
          },
        ]
      : [
          { label: "access token", client: blynkClient(common).client },
          {
            label: "token from a function",
            client: blynkClient({ ...common, auth: { accessToken: async () => accessToken } }).client,
          },
          { label: "client credentials", client: blynkClient({ ...common, auth: { clientId, clientSecret } }).client },
        ];
  // Drawn by label, so that a counterexample prints the kind of client, not its insides.
  const byLabel = new Map(clients.map(({ label, client }) => [label, client]));
  return { spy, label: fc.constantFrom(...clients.map(({ label }) => label)), byLabel };
}

/** Asserts that a case is refused by name with nothing sent (plain checks: this runs 10,000 times per operation). */
export async function expectRefused(
  operation: FacadeOperation,
  client: Client,
  spy: { readonly calls: number; urls: string[] },
  invalid: InvalidCase,
): Promise<void> {
  const sentBefore = spy.calls;
  const outcome = await outcomeOf(() => operation.invoke(client, invalid.args, invalid.options));
  const what = `${operation.api}.${operation.name}, ${invalid.how} at ${JSON.stringify(invalid.field)}`;
  if (spy.calls !== sentBefore)
    throw new Error(`${what}: requests were sent: ${spy.urls.slice(sentBefore).join(", ")}`);
  if (outcome.ok) throw new Error(`${what}: resolved with ${show(outcome.value)}`);
  const { error } = outcome;
  if (!(error instanceof ValidationError) || !(error instanceof OrgkitError))
    throw new Error(`${what}: rejected with ${show(error)}, not a ValidationError`);
  const named = error.issues.some(
    (issue) => issue.field === invalid.field && (invalid.rules === undefined || invalid.rules.includes(issue.rule)),
  );
  if (!named)
    throw new Error(
      `${what}: the issues ${JSON.stringify(error.issues)} do not name the field (rule ${invalid.rules?.join(" or ") ?? "any"})`,
    );
}

/** The suite for one API's operations. */
export function invalidArgumentSuite(api: "recrubo" | "blynk", operations: FacadeOperation[], numRuns: number): void {
  announceSeed(`invalid arguments (${api})`);
  failOnUnhandledRejection();
  let specs: Specs;
  beforeAll(async () => {
    specs = await loadSpecs();
  });

  describe(`${api} invalid arguments`, () => {
    test.each(labelled(operations))(
      `%s: ${numRuns} invalid inputs are refused by field, nothing sent`,
      async (_, operation) => {
        const { spy, label, byLabel } = spiedClients(api);
        await assertProperty(
          fc.asyncProperty(invalidCases(operation, specs), label, async (invalid, which) => {
            await expectRefused(operation, byLabel.get(which)!, spy, invalid);
          }),
          numRuns,
        );
        expect(spy.calls).toBe(0);
      },
    );

    const pagers = operations.filter((operation) => operation.options === "paging");
    test.each(labelled(pagers))(
      "%s: arguments are checked even when no page is wanted (maxItems or maxPages 0)",
      async (_, operation) => {
        const { spy, label, byLabel } = spiedClients(api);
        const argument = operation.args[0]!;
        const cases = validBase(argument)
          .chain((value) => broken(argument.rule, value, { omit: argument.omit ?? [] }))
          .filter((breakage) => !argument.allowed(specs, breakage.value));
        const none = fc.constantFrom({ maxItems: 0 }, { maxPages: 0 }, { maxItems: 0, maxPages: 0 });
        await assertProperty(
          fc.asyncProperty(cases, none, label, async (breakage, options, which) => {
            await expectRefused(operation, byLabel.get(which)!, spy, {
              args: [breakage.value],
              options,
              field: fieldName(argument.field, breakage.path),
              rules: breakage.rules,
              how: `${breakage.how}, with ${JSON.stringify(options)}`,
            });
          }),
          runs(300),
        );
      },
    );

    test.each(labelled(operations))(
      "%s: an options argument that is not an object is refused, nothing sent",
      async (_, operation) => {
        const { spy, label, byLabel } = spiedClients(api);
        const notObjects = fc.constantFrom<unknown>("abc", 5, true, [], ["timeoutMs"], () => ({}), Symbol("options"));
        await assertProperty(
          fc.asyncProperty(validArguments(operation), notObjects, label, async (values, options, which) => {
            const client = byLabel.get(which)!;
            // An optional argument given in the options (Blynk's orgId) would make them an object.
            const args = values.map((value, index) => (operation.args[index]?.optional ? undefined : value));
            await expectRefused(operation, client, spy, {
              args,
              options,
              field: "argument",
              how: `options ${show(options)}`,
            });
          }),
          runs(200),
        );
      },
    );
  });
}
