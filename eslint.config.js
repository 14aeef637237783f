// @ts-check
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "public/build/",
      "data/",
      "test-results/",
      "playwright-report/",
      "tests/.tmp/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Remix loaders throw Responses by design.
      "@typescript-eslint/only-throw-error": "off",
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "18.3" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.strict.rules,
      "react/prop-types": "off",
      // Remix's flat routes start with "$" or end with a route param, not a component name.
      "react/display-name": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // app/domain is pure: no I/O, nothing from the database, the server or the services (type imports
    // included). tests/unit/import-graph.test.ts checks the same on the resolved import graph.
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(~|\\.{1,2})(/.*)?/(db|server|services)(/|$)",
              message: "app/domain is pure: it imports nothing from db, server or app/services.",
            },
            {
              regex: "\\.server(\\.tsx?)?$",
              message: "app/domain is pure: a .server module touches the database or secrets.",
            },
            {
              regex:
                "^(drizzle-orm|postgres|@electric-sql/pglite|ioredis|nodemailer|lucia|@remix-run/[^/]+|node:(fs|net|http|https|child_process))(/|$)",
              message: "app/domain is pure: no I/O.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/scripts/cli.ts", "server/build-if-needed.ts"],
    rules: { "no-console": "off" },
  },
);
