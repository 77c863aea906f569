// The Node versions the matrix runs, pinned so that a run is repeatable and npx finds them in its
// cache after the first download. `minimum` is the lowest release package.json's engines allows:
// the scenario passes on 20.0.0 itself, so the floor is the first Node 20 release.
export const nodeVersions = {
  minimum: "20.0.0",
  node22: "22.23.3",
  node24: "24.21.0",
} as const;
