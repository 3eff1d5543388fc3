module.exports = { displayName: 'composition', preset: '../../jest.preset.js', rootDir: __dirname };
