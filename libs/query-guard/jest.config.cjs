module.exports = { displayName: 'query-guard', preset: '../../jest.preset.js', rootDir: __dirname };
