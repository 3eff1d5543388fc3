module.exports = { displayName: 'lambda-bundle', preset: '../../jest.preset.js', rootDir: __dirname };
