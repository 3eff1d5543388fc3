import { Aws, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AGENT_INSTRUCTIONS } from './agent-instructions';
import type { OpenApiDocument } from '@instalake/transport';

export interface MarketingAgentProps {
  readonly namePrefix: string;
  readonly foundationModelId: string;
  readonly toolFunction: lambda.IFunction;
  readonly openApi: OpenApiDocument;
  readonly knowledgeBase: bedrock.CfnKnowledgeBase;
}

/** Bedrock agent with the lake action group, the knowledge base, a prompt-attack guardrail and a live alias. */
export class MarketingAgent extends Construct {
  readonly agent: bedrock.CfnAgent;
  readonly alias: bedrock.CfnAgentAlias;
  readonly guardrail: bedrock.CfnGuardrail;
  /** arn:...:agent-alias/<agent id>/<alias id>: what the proxy may invoke. */
  readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: MarketingAgentProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.guardrail = new bedrock.CfnGuardrail(this, 'Guardrail', {
      name: `${props.namePrefix}-guardrail`,
      description: 'Scraped captions and bios reach the model: block prompt attacks and harmful content',
      blockedInputMessaging:
        'This request was blocked by the Instalake guardrail. Rephrase the question about your restaurant data.',
      blockedOutputsMessaging: 'The answer was blocked by the Instalake guardrail.',
      contentPolicyConfig: {
        filtersConfig: [
          { type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' },
          { type: 'MISCONDUCT', inputStrength: 'MEDIUM', outputStrength: 'MEDIUM' },
          { type: 'HATE', inputStrength: 'MEDIUM', outputStrength: 'MEDIUM' },
          { type: 'INSULTS', inputStrength: 'MEDIUM', outputStrength: 'MEDIUM' },
        ],
      },
    });
    const guardrailVersion = new bedrock.CfnGuardrailVersion(this, 'GuardrailVersion', {
      guardrailIdentifier: this.guardrail.attrGuardrailId,
      description: 'Deployed with the stack',
    });

    const modelArn = `arn:${Aws.PARTITION}:bedrock:${region}::foundation-model/${props.foundationModelId}`;
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:bedrock:${region}:${Aws.ACCOUNT_ID}:agent/*` },
        },
      }),
      description: 'Bedrock agent: invoke its model, retrieve from its knowledge base, apply its guardrail',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: [modelArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['bedrock:Retrieve'], resources: [props.knowledgeBase.attrKnowledgeBaseArn] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['bedrock:ApplyGuardrail'], resources: [this.guardrail.attrGuardrailArn] }),
    );

    this.agent = new bedrock.CfnAgent(this, 'Agent', {
      agentName: `${props.namePrefix}-marketing-analyst`,
      description: 'Answers marketing questions from the Instalake lake and knowledge base',
      foundationModel: props.foundationModelId,
      instruction: AGENT_INSTRUCTIONS,
      agentResourceRoleArn: role.roleArn,
      idleSessionTtlInSeconds: 900,
      autoPrepare: true,
      guardrailConfiguration: {
        guardrailIdentifier: this.guardrail.attrGuardrailId,
        guardrailVersion: guardrailVersion.attrVersion,
      },
      actionGroups: [
        {
          actionGroupName: 'lake-tools',
          description: 'Guarded SQL, trends and schema over the Instagram restaurant lake',
          actionGroupExecutor: { lambda: props.toolFunction.functionArn },
          apiSchema: { payload: JSON.stringify(props.openApi) },
        },
      ],
      knowledgeBases: [
        {
          knowledgeBaseId: props.knowledgeBase.attrKnowledgeBaseId,
          description:
            'Marketing playbooks, definitions and restaurant notes; use it for advice and definitions, not for numbers.',
          knowledgeBaseState: 'ENABLED',
        },
      ],
    });
    this.agent.node.addDependency(role);

    props.toolFunction.addPermission('InvokedByAgent', {
      principal: new iam.ServicePrincipal('bedrock.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: this.agent.attrAgentArn,
    });

    this.alias = new bedrock.CfnAgentAlias(this, 'Alias', {
      agentId: this.agent.attrAgentId,
      agentAliasName: 'live',
      description: 'Alias the query API invokes',
    });
    this.aliasArn = this.alias.attrAgentAliasArn;
  }
}
