module.exports = { displayName: 'knowledge', preset: '../../jest.preset.js', rootDir: __dirname };
