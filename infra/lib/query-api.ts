import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { MAX_QUERY_CHARS, SESSION_ID_PATTERN } from '@instalake/transport';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from './config';

export interface QueryApiProps {
  readonly config: EnvironmentConfig;
  readonly proxyFunction: lambda.IFunction;
}

/**
 * The request body the proxy accepts, from the query API's own contract (libs/transport): API Gateway rejects
 * anything else before a Lambda (or the agent) runs, and accepts everything the handler does.
 */
export const QUERY_REQUEST_SCHEMA: apigw.JsonSchema = {
  schema: apigw.JsonSchemaVersion.DRAFT4,
  title: 'QueryRequest',
  type: apigw.JsonSchemaType.OBJECT,
  required: ['sessionId', 'query'],
  properties: {
    query: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: MAX_QUERY_CHARS },
    sessionId: { type: apigw.JsonSchemaType.STRING, pattern: SESSION_ID_PATTERN.source },
  },
};

/** POST /api/query -> proxy Lambda. Not anonymous: API key + usage plan by default, IAM or Cognito by config. */
export class QueryApi extends Construct {
  readonly api: apigw.RestApi;
  readonly apiKey?: apigw.IApiKey;
  readonly method: apigw.Method;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const { config } = props;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.lambda.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `${config.namePrefix}-query`,
      description: 'Instalake plain-language questions about the restaurant lake',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.DESTROY,
      deployOptions: {
        stageName: config.envName,
        throttlingRateLimit: config.api.throttle.rateLimit,
        throttlingBurstLimit: config.api.throttle.burstLimit,
        loggingLevel: apigw.MethodLoggingLevel.INFO,
        dataTraceEnabled: false, // request bodies may carry questions about people: keep them out of logs
        tracingEnabled: true,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const model = this.api.addModel('QueryRequest', {
      contentType: 'application/json',
      modelName: 'QueryRequest',
      schema: QUERY_REQUEST_SCHEMA,
    });
    const validator = this.api.addRequestValidator('BodyValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const auth = this.authorization(props.config);
    const query = this.api.root.addResource('api').addResource('query');
    this.method = query.addMethod(
      'POST',
      new apigw.LambdaIntegration(props.proxyFunction, { timeout: Duration.seconds(29) }),
      {
        requestValidator: validator,
        requestModels: { 'application/json': model },
        apiKeyRequired: config.api.auth === 'apiKey',
        ...auth,
      },
    );

    if (config.api.auth === 'apiKey') {
      const plan = this.api.addUsagePlan('UsagePlan', {
        name: `${config.namePrefix}-query`,
        description: 'Every question invokes the agent (cost) and reads the lake: throttle and cap per key',
        throttle: config.api.throttle,
        quota: { limit: config.api.quota.limit, period: apigw.Period[config.api.quota.period] },
      });
      plan.addApiStage({ stage: this.api.deploymentStage });
      this.apiKey = this.api.addApiKey('ApiKey', { description: `${config.namePrefix} query API key` });
      plan.addApiKey(this.apiKey);
    }
  }

  private authorization(config: EnvironmentConfig): Pick<apigw.MethodOptions, 'authorizationType' | 'authorizer'> {
    switch (config.api.auth) {
      case 'iam':
        return { authorizationType: apigw.AuthorizationType.IAM };
      case 'cognito': {
        const pool = cognito.UserPool.fromUserPoolArn(this, 'UserPool', config.api.cognitoUserPoolArn!);
        const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [pool] });
        return { authorizationType: apigw.AuthorizationType.COGNITO, authorizer };
      }
      default:
        return { authorizationType: apigw.AuthorizationType.NONE };
    }
  }
}
