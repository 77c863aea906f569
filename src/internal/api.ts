import { VERSION } from "../version.js";
import type { ErrorDialect } from "./dialect.js";
import type { Api, Rules } from "./facade.js";
import { responseShapes } from "./response-shapes.js";
import { querySerializer } from "./serializers.js";
import type { Settings } from "./settings.js";
import { createTransport, type TransportConfig } from "./transport.js";

export type MediaType = `${string}/${string}`;

/** What one API (or its token endpoint) is sent through: all but the settings, which the client resolved once. */
export interface ApiConfig extends Omit<TransportConfig, "settings" | "responseShape"> {
  mediaType: MediaType;
  /** The generated rules of every operation of its spec. */
  rules: Readonly<Record<string, Rules>>;
  commaSeparated: readonly string[];
  dialect: ErrorDialect;
  wrap?: Api["wrap"];
}

/** An API on the client's settings: its transport, and what its facade and `raw` are bound to. */
export function createApi(settings: Settings, config: ApiConfig): Api {
  const transport = createTransport({ ...config, settings, responseShape: responseShapes(config.rules) });
  return {
    settings,
    transport,
    dialect: config.dialect,
    rules: config.rules,
    serializeQuery: querySerializer(config.commaSeparated),
    headers: defaultHeaders(config.mediaType, settings.userAgent),
    mediaType: config.mediaType,
    ...(config.wrap ? { wrap: config.wrap } : {}),
  };
}

function defaultHeaders(mediaType: MediaType, userAgent: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: mediaType };
  // Browsers set their own User-Agent, and adding one there triggers a CORS preflight.
  const inBrowser = typeof window !== "undefined" && typeof document !== "undefined";
  if (!inBrowser) headers["user-agent"] = [userAgent, `orgkit/${VERSION}`].filter(Boolean).join(" ");
  return headers;
}
