module.exports = { displayName: 'tool-lambda', preset: '../../jest.preset.js', rootDir: __dirname };
