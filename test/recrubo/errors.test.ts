import { describe, expect, test } from "vitest";
import { recruboErrors } from "../../src/recrubo/errors.js";
import { naming } from "../support/messages.js";

/** The details Recrubo's dialect reads from a JSON:API document holding `errors`. */
const detailsOf = (...errors: unknown[]) => recruboErrors.details({ errors });

describe("recruboErrors.details", () => {
  test("an error with neither detail nor title still reads as a message", () => {
    expect(detailsOf({ status: 500 })).toEqual([{ message: naming() }]);
  });

  test("an error without a detail reads its title", () => {
    expect(detailsOf({ status: 404, title: "Not Found" })).toEqual([{ title: "Not Found", message: "Not Found" }]);
  });

  test("a detail object without a title is shown as JSON", () => {
    expect(detailsOf({ status: 400, detail: { field: "name" } })).toEqual([{ message: naming('{"field":"name"}') }]);
  });

  test("a title that is no string is shown as JSON and not kept as the title", () => {
    expect(detailsOf({ status: 400, title: 7, detail: { field: "name" } })).toEqual([
      { message: naming("7", '{"field":"name"}') },
    ]);
  });

  test("keeps a string code and leaves out one of another type", () => {
    expect(
      detailsOf({ code: "invalid", detail: "Name is too long." }, { code: 422, detail: "Name is taken." }),
    ).toEqual([{ code: "invalid", message: "Name is too long." }, { message: "Name is taken." }]);
  });

  test("reads a body without an errors array as undocumented bodies are read", () => {
    expect(recruboErrors.details({ message: "Gateway timeout." })).toEqual([{ message: "Gateway timeout." }]);
    expect(recruboErrors.details("Service down")).toEqual([{ message: "Service down" }]);
  });
});
