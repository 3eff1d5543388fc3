module.exports = { displayName: 'semantic', preset: '../../jest.preset.js', rootDir: __dirname };
