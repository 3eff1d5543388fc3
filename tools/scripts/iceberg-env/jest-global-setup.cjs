// Jest globalSetup of projects with Iceberg suites. DuckDB's credential chain is native code reading the real
// process environment, which a test cannot change (Jest gives each test file a copy of process.env): the Iceberg
// environment's throwaway keys are set here, in Jest's main process, before any test worker starts.
const keys = require('./aws-test-keys.cjs');

module.exports = async () => {
  Object.assign(process.env, keys);
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
};
