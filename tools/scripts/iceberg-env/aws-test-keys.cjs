// The throwaway AWS keys of the local Iceberg environment (tools/scripts/iceberg-env.mjs), for Jest configs of
// projects with Iceberg suites. DuckDB's credential chain is native code and reads the real process environment,
// which a test cannot change (Jest gives each test file a copy of process.env): so they are set here, when Jest
// loads its config, before any test worker starts. moto accepts any key pair; these never reach AWS.
const keys = { AWS_ACCESS_KEY_ID: 'instalake-test', AWS_SECRET_ACCESS_KEY: 'instalake-test-secret' };
Object.assign(process.env, keys);
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;
module.exports = keys;
