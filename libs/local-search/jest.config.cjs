module.exports = { displayName: 'local-search', preset: '../../jest.preset.js', rootDir: __dirname };
