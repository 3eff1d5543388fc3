module.exports = {
  displayName: 'duckdb',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  // The Iceberg suites' AWS keys, in the real environment (see the file).
  globalSetup: '<rootDir>/../../tools/scripts/iceberg-env/jest-global-setup.cjs',
};
