import type { NextFunction, Request, RequestHandler, Response } from "express";
import { fieldWithControlCharacter } from "../app/lib/forms";
import { bodyOf } from "./body-limits";
import type { Refuse } from "./refusals";

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * The one boundary for text input: before any route runs, every query parameter and every field of
 * a form body is checked, and a control character other than tab and newline is refused (400, the
 * field named) rather than stripped; a form body that cannot be parsed is refused (400) too. So no
 * loader or action ever sees such a character, and none can fail on one (PostgreSQL refuses NUL).
 */
export function checkFormInput(options: { refuse: Refuse }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const query = req.originalUrl.indexOf("?");
    if (query !== -1) {
      const field = fieldWithControlCharacter(
        new URLSearchParams(req.originalUrl.slice(query + 1)),
      );
      if (field !== null) return options.refuse(req, res, "controlCharacter", { field });
    }
    const body = bodyOf(res);
    const type = req.get("content-type") ?? "";
    if (!body || !FORM_TYPES.test(type)) return next();
    new Response(new Uint8Array(body), { headers: { "Content-Type": type } }).formData().then(
      (form) => {
        const field = fieldWithControlCharacter(form);
        if (field !== null) options.refuse(req, res, "controlCharacter", { field });
        else next();
      },
      () => options.refuse(req, res, "badForm"),
    );
  };
}
