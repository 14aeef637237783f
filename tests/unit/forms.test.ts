import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "~/lib/forms";

const Schema = z.object({
  name: z.string().trim().min(1).max(5),
  email: z.union([z.literal(""), z.email()]),
  message: z.string().min(10),
  topic: z.enum(["a", "b"]),
});

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.append(k, v);
  return data;
}

describe("parseForm", () => {
  it("returns the parsed data when valid", () => {
    const result = parseForm(
      form({ name: " Li ", email: "", message: "0123456789", topic: "a" }),
      Schema,
    );
    expect(result).toEqual({
      ok: true,
      data: { name: "Li", email: "", message: "0123456789", topic: "a" },
    });
  });

  it("returns one translated error per field and keeps what was typed", () => {
    const typed = { name: "", email: "nope", message: "short", topic: "z" };
    const result = parseForm(form(typed), Schema);
    expect(result).toEqual({
      ok: false,
      values: typed,
      errors: {
        name: { key: "form.required" },
        email: { key: "form.invalidEmail" },
        message: { key: "form.tooShort", values: { minimum: 10 } },
        topic: { key: "form.chooseOne" },
      },
    });
  });

  it("reports a missing field as required and a long one as too long", () => {
    const result = parseForm(form({ name: "abcdefg", email: "", message: "0123456789" }), Schema);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.name).toEqual({ key: "form.tooLong", values: { maximum: 5 } });
      expect(result.errors.topic).toEqual({ key: "form.required" });
    }
  });
});
