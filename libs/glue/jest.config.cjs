module.exports = { displayName: 'glue', preset: '../../jest.preset.js', rootDir: __dirname };
