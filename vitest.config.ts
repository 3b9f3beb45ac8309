import { defineConfig } from 'vitest/config';

// Test files spend most of their time waiting on 127.0.0.1 (emulators, the fake Slack, child
// processes), not computing, so more files run at once than this machine has cores; vitest's
// default (cores - 1, a single worker on two cores) left the suite serial.
const WORKERS = 4;
const CHILD_PROCESS = 'child-process';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    maxWorkers: WORKERS,
    // The JSON report lets .ci/run print the plain "N passed, N failed" line CI reads.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/process/**'],
          // These files share nothing through globals (every test builds its own store, clock,
          // pacers, servers and metrics registry), so a worker keeps the modules it has loaded
          // from one file to the next instead of importing Bolt, undici and zod again for each…
          isolate: false,
          // …and what the bot keeps per process is reset before each file, as a new process has it.
          setupFiles: ['test/support/per-file.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Tests that start the bot as its own process (npm start, node dist/main.js, tsx
          // children killed mid-work) or build it with tsc: each file in a fresh worker, as a
          // process-level test expects its own process.
          // Named so it sorts before `in-process`: vitest queues projects by name, and these files
          // are the longest (mostly waiting on their children), so they start first.
          name: CHILD_PROCESS,
          include: ['test/process/**/*.test.ts'],
          // Builds the bot once as one file for the children that are not `npm start` itself.
          globalSetup: ['test/support/bot-bundle.ts'],
        },
      },
    ],
  },
});
