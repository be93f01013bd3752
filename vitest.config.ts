import { defineConfig } from 'vitest/config';

// UI unit tests live beside the code (`ui/src/**/*.test.ts`) and run in Node: the modules
// they cover are pure (no DOM), which keeps them fast and free of a DOM emulator.
export default defineConfig({
  test: {
    include: ['ui/src/**/*.test.ts'],
    environment: 'node',
  },
});
