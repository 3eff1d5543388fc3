module.exports = {
  displayName: 'lake-e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 120000,
  // The Iceberg environment's AWS keys, in the real environment (see the file).
  globalSetup: '<rootDir>/../../tools/scripts/iceberg-env/jest-global-setup.cjs',
};
