// The Node versions the matrix runs, pinned so that a run is repeatable and npx finds them in its
// cache after the first download. `minimum` is the lowest release package.json's engines allows,
// and the scenario passes on it. Below it, Node 18.0.0 fails the scenario (it has no URL.canParse)
// and cannot run startSandbox.
export const nodeVersions = {
  minimum: "20.0.0",
  node22: "22.23.3",
  node24: "24.21.0",
} as const;
