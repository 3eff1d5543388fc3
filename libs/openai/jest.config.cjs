module.exports = { displayName: 'openai', preset: '../../jest.preset.js', rootDir: __dirname };
