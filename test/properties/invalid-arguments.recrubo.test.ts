import { invalidArgumentSuite } from "./invalid-arguments.js";
import { recruboOperations } from "./operations.js";
import { runs } from "./support.js";

// Recrubo: list, get, create, update, delete, refreshToken, pages() and items().
invalidArgumentSuite("recrubo", recruboOperations, runs(10_000));
