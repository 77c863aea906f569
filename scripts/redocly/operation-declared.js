// A Redocly rule: every operation of the paths declares how orgkit presents it (`x-orgkit`, see
// openapi/README.md), so that an operation added to a spec cannot be left out of the facade, the
// CLI and the MCP server unnoticed. It checks the declaration's shape and reports each problem at
// its line; the generator checks it against the operation's parameters and bodies.

const keys = new Set(["method", "args", "options", "result", "paging", "destructive", "import", "raw", "internal"]);
const importKeys = new Set(["find", "by", "match", "id"]);
const pagingKeys = new Set(["page", "size", "items", "total", "lastPage", "iterators"]);
const member = /^[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*$/;
const source = /^(query|path|body)(\.[A-Za-z_][\w-]*)*$/;
const steps = /^[A-Za-z_][\w-]*(\.(\w+))*$/;

export function OperationDeclared() {
  let inWebhooks = false; // webhooks are the API's calls to a receiver, not orgkit's operations
  return {
    WebhooksMap: {
      enter: () => {
        inWebhooks = true;
      },
      leave: () => {
        inWebhooks = false;
      },
    },
    Operation: {
      enter(operation, ctx) {
        if (inWebhooks) return;
        const declared = operation["x-orgkit"];
        const at = (...path) => ctx.location.child(["x-orgkit", ...path]);
        const report = (message, ...path) => ctx.report({ message, location: at(...path) });
        if (declared === undefined) {
          ctx.report({
            message: `Operation ${operation.operationId} has no x-orgkit: declare its facade method ({ method: <group>.<name>, args }), or raw: <why> for one reached through raw only.`,
            location: ctx.location.key(),
          });
          return;
        }
        if (typeof declared !== "object" || declared === null || Array.isArray(declared)) {
          report("x-orgkit must be an object.");
          return;
        }
        for (const key of Object.keys(declared)) if (!keys.has(key)) report(`x-orgkit has no member ${key}.`, key);
        const exempt = ["raw", "internal"].filter((key) => key in declared);
        for (const key of exempt) {
          if (typeof declared[key] !== "string" || declared[key].trim() === "")
            report(`${key} says why, as text.`, key);
        }
        if (exempt.length > 0) {
          if (exempt.length > 1 || "method" in declared)
            report("An operation is a facade method, raw-only or internal: one of them.");
          return;
        }
        if (typeof declared.method !== "string" || !member.test(declared.method)) {
          report(
            "method must be <group>.<name>, such as organizations.get.",
            ...("method" in declared ? ["method"] : []),
          );
        }
        for (const list of ["args", "options"]) {
          if (!(list in declared)) continue;
          if (!Array.isArray(declared[list])) {
            report(`${list} must be a list.`, list);
            continue;
          }
          declared[list].forEach((argument, index) => {
            const from = typeof argument === "string" ? argument : argument?.from;
            if (typeof from !== "string" || !source.test(from)) {
              report(
                `${list}[${index}] must be query, query.<name>, path.<name>, body or body.<member>..., or { from, name, fallback }.`,
                list,
                index,
              );
            }
          });
        }
        if ("result" in declared && (typeof declared.result !== "string" || !steps.test(declared.result))) {
          report("result must be a member of the response body, such as data or data.0.", "result");
        }
        if ("paging" in declared) checkPaging(declared.paging, report);
        if ("destructive" in declared && typeof declared.destructive !== "boolean") {
          report("destructive must be true or false.", "destructive");
        }
        if ("import" in declared) checkImport(declared.import, report);
      },
    },
  };
}

function checkPaging(paging, report) {
  if (typeof paging !== "object" || paging === null || Array.isArray(paging)) {
    report("paging must be an object.", "paging");
    return;
  }
  for (const key of Object.keys(paging))
    if (!pagingKeys.has(key)) report(`paging has no member ${key}.`, "paging", key);
  for (const key of ["page", "size", "items"]) {
    if (typeof paging[key] !== "string" || !steps.test(paging[key]))
      report(`paging.${key} must name a member, such as page or page.number.`, "paging");
  }
  if (!("total" in paging) && !("lastPage" in paging)) {
    report("paging needs total (the items on all pages) or lastPage (the last page's number), or both.", "paging");
  }
}

function checkImport(declared, report) {
  if (typeof declared !== "object" || declared === null || Array.isArray(declared)) {
    report("import must be an object: { find, by, match, id }.", "import");
    return;
  }
  for (const key of Object.keys(declared))
    if (!importKeys.has(key)) report(`import has no member ${key}.`, "import", key);
  if (typeof declared.find !== "string" || !member.test(declared.find))
    report("import.find must name the paged method that finds a row, such as organizations.search.", "import");
  for (const key of ["by", "match"]) {
    const map = declared[key];
    const fine =
      typeof map === "object" &&
      map !== null &&
      !Array.isArray(map) &&
      Object.keys(map).length > 0 &&
      Object.entries(map).every(([name, field]) => steps.test(name) && typeof field === "string" && steps.test(field));
    if (!fine) report(`import.${key} must map members to the row's fields, such as { name: name }.`, "import");
  }
  if (typeof declared.id !== "string" || !steps.test(declared.id))
    report("import.id must name the member that identifies what was created, such as id.", "import");
}
