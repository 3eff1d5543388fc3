module.exports = { displayName: 'ingest-lambda', preset: '../../jest.preset.js', rootDir: __dirname };
