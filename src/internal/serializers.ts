import { defaultPathSerializer } from "openapi-fetch";
import { invalid } from "./validation.js";

/**
 * The path with its parameters filled in, percent-encoded by openapi-fetch. A parameter that is
 * empty, `.` or `..` is refused: URL parsing would drop it or climb a level, to another resource.
 */
export function serializePath(pathname: string, parameters: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(parameters)) {
    if (value === "" || value === "." || value === "..")
      throw invalid(name, "pattern", "must not be empty, . or ..: the URL would point at another resource");
    encodable(value, name);
  }
  return defaultPathSerializer(pathname, parameters);
}

/**
 * The query string: `name=value`, an array by repeating the name or, for `commaSeparated`, as `name=a,b`
 * (JSON:API's `sort`), and deepObject `name[key]=value`. Every name, key and value is percent-encoded
 * (openapi-fetch's serializer leaves names as they are), so no argument can add a parameter (`&`), end the
 * query (`#`) or close a bracket (`]`); the brackets and commas themselves stay, as JSON:API servers expect.
 */
export function querySerializer(commaSeparated: readonly string[]): (query: Record<string, unknown>) => string {
  const joined = new Set(commaSeparated);
  return (query) => {
    const pairs: string[] = [];
    for (const [name, value] of Object.entries(query)) {
      encodable(name, name);
      const key = encodeURIComponent(name);
      if (isScalar(value)) pairs.push(pair(key, scalar(value, name)));
      else if (Array.isArray(value)) {
        const items = value
          .map((item, index) => scalar(item, `${name}[${index}]`))
          .filter((item) => item !== null && item !== undefined);
        // A comma inside an item is encoded (%2C), those between items are not.
        if (!joined.has(name)) for (const item of items) pairs.push(pair(key, item));
        else if (items.length > 0) pairs.push(`${key}=${items.map(encodeURIComponent).join(",")}`);
      } else {
        // A deep object (Recrubo's filter): validation has refused anything else by here.
        for (const [property, item] of Object.entries(value as object)) {
          encodable(property, `${name}.${property}`);
          pairs.push(pair(`${key}[${encodeURIComponent(property)}]`, scalar(item, `${name}.${property}`)));
        }
      }
    }
    return pairs.filter((text) => text !== "").join("&");
  };
}

type Scalar = string | number | boolean | null | undefined;

function isScalar(value: unknown): value is Scalar {
  return value === null || value === undefined || ["string", "number", "boolean"].includes(typeof value);
}

function scalar(value: unknown, field: string): Scalar {
  encodable(value, field);
  if (isScalar(value)) return value;
  throw invalid(field, "type", "must be a string, number or boolean: a query parameter cannot nest further");
}

function pair(name: string, value: Scalar): string {
  return value === null || value === undefined ? "" : `${name}=${encodeURIComponent(value)}`;
}

// With the u flag, a surrogate pair is one code point: only an unpaired half matches.
const loneSurrogate = /[\uD800-\uDFFF]/u;

/** Refuses a lone surrogate, which has no UTF-8 form to percent-encode (`encodeURIComponent` would throw). */
function encodable(value: unknown, field: string): void {
  if (typeof value === "string" && loneSurrogate.test(value))
    throw invalid(field, "unicode", "must be well-formed Unicode: it holds a lone surrogate, which a URL cannot carry");
}
