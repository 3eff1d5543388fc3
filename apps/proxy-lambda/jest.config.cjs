module.exports = { displayName: 'proxy-lambda', preset: '../../jest.preset.js', rootDir: __dirname };
