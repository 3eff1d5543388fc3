import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildStack } from '../test-fixtures/build-stack';

type Report = {
  success: boolean;
  violations: { ruleName: string; description: string; violatingResources: { resourceLogicalId: string }[] }[];
};

describe('cdk-nag AwsSolutions', () => {
  it.each([[{}], [{ env: 'prod' }], [{ apiAuth: 'iam' }]])(
    'passes with only reasoned acknowledgements (%j)',
    (overrides) => {
      const { app } = buildStack(overrides);
      const report = new AwsSolutionsChecks(app).validateScope(app) as unknown as Report;
      const findings = report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`,
      );
      expect(findings).toEqual([]);
      expect(report.success).toBe(true);
    },
  );

  it('still reports a finding nobody acknowledged', () => {
    const { app, stack } = buildStack();
    // An unencrypted, unlogged extra queue must be flagged: proves the checks really run.
    new sqs.Queue(stack, 'Careless', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks(app).validateScope(app) as unknown as Report;
    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-SQS4']));
  });
});
