module.exports = { displayName: 'bedrock', preset: '../../jest.preset.js', rootDir: __dirname };
