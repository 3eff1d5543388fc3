// The throwaway AWS keys of the local Iceberg environment: moto accepts any key pair, the REST fixture's S3
// client needs one, and DuckDB's credential chain reads them from the environment. They never reach AWS.
module.exports = { AWS_ACCESS_KEY_ID: 'instalake-test', AWS_SECRET_ACCESS_KEY: 'instalake-test-secret' };
