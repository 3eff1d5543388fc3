module.exports = { displayName: 'duckdb', preset: '../../jest.preset.js', rootDir: __dirname };
