// CDK synth tests are CPU-heavy: run them one file at a time so two cores stay usable for everyone.
module.exports = {
  displayName: 'infra',
  preset: '../jest.preset.js',
  rootDir: __dirname,
  maxWorkers: 1,
  testTimeout: 120000,
};
