/** Layer rules of DESIGN §2: four layers, one way down. `npm run lint` fails on any violation. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core may import only src/core: no I/O, no vendor types, no node builtins.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/' },
    },
    {
      name: 'app-imports-core-only',
      comment: 'src/app may import src/core and src/app only (ports are interfaces here).',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { pathNot: '^src/(core|app)/' },
    },
    {
      name: 'adapters-only-from-main',
      comment: 'Only src/main.ts (the composition root) and other adapter files may import src/adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts|adapters/)' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'adapters-use-core-and-ports',
      comment: 'Adapters may use src/core and src/app/ports.ts, never use cases or ingress.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(ingress|app/(?!ports\\.ts$))' },
    },
    {
      name: 'ingress-not-adapters',
      comment: 'Ingress calls use cases (src/app); it never reaches adapters directly.',
      severity: 'error',
      from: { path: '^src/ingress/' },
      to: { path: '^src/(adapters|main\\.ts)' },
    },
    {
      name: 'sandbox-only-from-main',
      comment: 'src/sandbox simulates the outside world for the sandbox and the tests: only src/main.ts (and tests) may import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts|sandbox/)' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'web-is-neutral',
      comment: 'src/web (browser pages and their serving helpers) is shared by ingress and the sandbox: it imports no sandbox, adapter, ingress or app module (app/ports types and core only).',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(sandbox|adapters|ingress|cli|main\\.ts|config\\.ts|app/(?!ports(\\.ts$|/)))' },
    },
    {
      name: 'migrations-stand-alone',
      comment: 'Migrations are append-only history and never import from src.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
