import { runs } from "../support/seeded.js";
import { invalidArgumentSuite } from "./invalid-arguments.js";
import { blynkOperations } from "./operations.js";

// Blynk: profile (its options only), get, search, create, update (body and orgId), delete, pages() and items().
invalidArgumentSuite("blynk", blynkOperations, runs(10_000));
