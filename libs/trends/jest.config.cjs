module.exports = { displayName: 'trends', preset: '../../jest.preset.js', rootDir: __dirname };
