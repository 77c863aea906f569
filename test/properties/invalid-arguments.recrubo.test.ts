import { runs } from "../support/seeded.js";
import { invalidArgumentSuite } from "./invalid-arguments.js";
import { recruboOperations } from "./operations.js";

// Recrubo: list, get, create, update, delete, refreshToken, pages() and items(), and the
// organization-key organization.get() and organization.update().
invalidArgumentSuite("recrubo", recruboOperations, runs(10_000));
