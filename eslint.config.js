// Lint: TypeScript rules plus the import boundaries of DESIGN.md (arrows point down only:
// ui → terminal → shell → commands → engine; scenario → shell, engine). The engine imports
// nothing of ours, touches no DOM, and never reads real time or real randomness.
import tseslint from "typescript-eslint";

const layer = (name, forbidden) => ({
  files: [`src/${name}/**/*.{ts,tsx}`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: forbidden.map((f) => ({
          group: [`**/${f}/*`, `**/${f}/**`, `../${f}/*`, `../../${f}/*`, `../../../${f}/*`],
          message: `src/${name} may not import src/${f} (DESIGN.md: arrows point down only).`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tmp/**", "test-results/**", "public/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
    },
  },
  layer("engine", ["shell", "commands", "scenario", "terminal", "ui", "cli"]),
  layer("commands", ["shell", "scenario", "terminal", "ui", "cli"]),
  layer("shell", ["scenario", "terminal", "ui", "cli"]),
  layer("scenario", ["terminal", "ui", "cli"]),
  layer("terminal", ["ui", "cli", "engine", "commands", "scenario"]),
  {
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "window", message: "The engine has no DOM." },
        { name: "document", message: "The engine has no DOM." },
        { name: "localStorage", message: "The engine has no DOM." },
        { name: "navigator", message: "The engine has no DOM." },
        { name: "setTimeout", message: "Use the engine's virtual clock." },
        { name: "setInterval", message: "Use the engine's virtual clock." },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Use the injected clock." },
        { object: "Math", property: "random", message: "Use the seeded Rand." },
        { object: "performance", property: "now", message: "Use the injected clock." },
      ],
      "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Use the injected clock." }],
    },
  },
);
