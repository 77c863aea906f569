/** The APIs orgkit describes: where each spec lives and where its generated types go. */
export const apis = [
  { name: "recrubo", spec: "openapi/recrubo/openapi.yaml" },
  { name: "blynk", spec: "openapi/blynk/openapi.yaml" },
] as const;

export type Api = (typeof apis)[number];

/** The generated files of one API, relative to the project root. */
export function generatedFiles(api: Api): string[] {
  return [
    `generated/${api.name}.ts`,
    `generated/${api.name}.rules.ts`,
    `generated/${api.name}.facade.ts`,
    `generated/${api.name}.types.ts`,
    `generated/${api.name}.commands.ts`,
  ];
}
