// ESLint for the guide's own browser scripts (overrides/assets/*.js), held to plain ES5: they run
// without a bundler or transpiler on every reader's phone. `scripts/test` runs it (tests/test_lint.py).
// Vendored third-party files (overrides/assets/vendor/) are theirs, not ours: not linted.
export default [
  {
    ignores: ["overrides/assets/vendor/**", "node_modules/**", "site/**", ".venv/**"],
  },
  {
    files: ["overrides/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: {
        window: "readonly", document: "readonly", localStorage: "readonly", sessionStorage: "readonly",
        navigator: "readonly", location: "readonly", history: "readonly", console: "readonly",
        setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly",
        requestAnimationFrame: "readonly", matchMedia: "readonly", Blob: "readonly", URL: "readonly",
        FileReader: "readonly", JSON: "readonly", Date: "readonly", Math: "readonly", performance: "readonly",
        PerformanceObserver: "readonly", AbortController: "readonly", fetch: "readonly", DOMParser: "readonly", Event: "readonly", CustomEvent: "readonly", Promise: "readonly",
        AudioContext: "readonly", webkitAudioContext: "readonly", getComputedStyle: "readonly",
        MutationObserver: "readonly", HTMLElement: "readonly", Node: "readonly", alert: "readonly",
        confirm: "readonly", module: "writable", exports: "writable", define: "readonly", self: "readonly",
        globalThis: "readonly", __md_get: "readonly", __md_set: "readonly", __md_scope: "readonly",
        document$: "readonly", location$: "readonly", Guide: "writable", FSRS: "readonly",
      },
    },
    rules: {
      "no-undef": "error",
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      "no-redeclare": "error",
      "no-dupe-keys": "error",
      "no-unreachable": "error",
      "no-implicit-globals": "off",
      "eqeqeq": ["error", "smart"],
      "no-var": "off",
    },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly", console: "readonly" } },
  },
];
