// Writes generated/ from openapi/. Run through `npm run generate`, which lints the specs first.
import { apis } from "./lib/apis.js";
import { writeGenerated } from "./lib/codegen.js";

const root = process.cwd();
for (const api of apis) {
  for (const file of await writeGenerated(api, root)) console.log(`generated ${file} from ${api.spec}`);
}
