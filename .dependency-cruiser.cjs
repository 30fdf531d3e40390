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
      comment: 'Only the composition root (src/main.ts and its groups in src/compose) and other adapter files may import src/adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts|compose/|adapters/)' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'compose-only-from-main',
      comment: 'src/compose is the composition root split in groups: only src/main.ts (and compose itself) imports it, so it is no back door to adapters.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts|compose/)' },
      to: { path: '^src/compose/' },
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
