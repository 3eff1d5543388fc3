require('./src/testing/aws-test-keys.cjs');

module.exports = { displayName: 'duckdb', preset: '../../jest.preset.js', rootDir: __dirname };
