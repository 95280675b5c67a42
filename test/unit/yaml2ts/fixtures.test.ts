/* eslint-disable no-regex-spaces -- the patterns quote generated code, indented by two spaces, as it reads */
import * as assert from 'node:assert/strict';
import { decl, fixture, gen, selfCheck } from './helpers';

// Real-world-shaped files: what a user gets for the configs they actually have. Each output is also
// type-checked against its data by the self-check at the end.
describe('yaml2ts on real-world files', () => {
  it('docker-compose: services is a Record of one Service, aliases and merge keys resolved', () => {
    const code = gen(fixture('docker-compose.yml'), { rootName: 'DockerCompose' });
    assert.match(decl(code, 'DockerCompose') ?? '', /services: Record<string, Service>;\n  volumes: Record<string, null>;/);
    const service = decl(code, 'Service') ?? '';
    assert.match(service, /image: string;/);
    assert.match(service, /\/\*\* Published on the host for the browser \*\/\n  ports\?: string\[\];/);
    assert.match(service, /environment\?: Record<string, string \| number>;/);
    // `logging: *default-logging` and `<<: *default-logging` both resolve to the anchored shape.
    assert.match(service, /logging: XLogging;/);
    assert.match(decl(code, 'Options') ?? '', /"max-size": string;/);
  });

  it('GitHub workflow: jobs is a Record, steps merge into one Step, inputs split on type', () => {
    const code = gen(fixture('workflow.yml'), { rootName: 'Workflow' });
    assert.match(decl(code, 'Workflow') ?? '', /env: Record<string, string \| number>;\n  jobs: Record<string, Job>;/);
    assert.match(decl(code, 'Job') ?? '', /"runs-on": string;\n  "timeout-minutes"\?: number;/);
    assert.match(decl(code, 'Job') ?? '', /steps: Step\[\];/);
    assert.equal(
      decl(code, 'Step'),
      'export interface Step {\n  uses?: string;\n  with?: Record<string, string | number>;\n  run?: string;\n  name?: string;\n  env?: Record<string, string | boolean>;\n}',
    );
    assert.match(decl(code, 'WorkflowDispatch') ?? '', /inputs: Record<string, BooleanInput \| ChoiceInput>;/);
  });

  it('Kubernetes multi-document manifests: a discriminated union on kind, nested names qualified per kind', () => {
    const code = gen(fixture('k8s-manifests.yaml'), { rootName: 'Manifests' });
    assert.match(code, /^export type Manifests = Deployment \| Service \| ConfigMap;$/m);
    assert.match(decl(code, 'Deployment') ?? '', /kind: "Deployment";\n  metadata: DeploymentMetadata;\n  spec: DeploymentSpec;/);
    assert.match(decl(code, 'ConfigMap') ?? '', /data: Record<string, string>;/);
    assert.equal(decl(code, 'EnvItem'), 'export interface EnvItem {\n  name: string;\n  value?: string;\n  valueFrom?: ValueFrom;\n}');
  });

  it('serverless.yml: functions is a Record, CloudFormation tags (!Ref, !GetAtt) are strings', () => {
    const code = gen(fixture('serverless.yml'), { rootName: 'Serverless' });
    assert.match(decl(code, 'Serverless') ?? '', /functions: Record<string, ServerlessFunction>;/);
    assert.match(decl(code, 'Provider') ?? '', /environment: Record<string, string>;/);
    assert.match(decl(code, 'Statement') ?? '', /Action: string\[\] \| string;\n  Resource: string;/);
    assert.match(decl(code, 'FunctionEvent') ?? '', /http\?: Http;\n  sqs\?: Sqs;/);
  });

  it('app config: per-environment Record with merged defaults, hostnames as dictionary keys, comments as JSDoc', () => {
    const code = gen(fixture('app-config.yaml'), { rootName: 'AppConfig' });
    const root = decl(code, 'AppConfig') ?? '';
    assert.match(root, /\/\*\* Human-readable service name \*\/\n  name: string;/);
    assert.match(root, /environments: Record<string, Environment>;\n  hosts: Record<string, string>;/);
    assert.match(root, /feature_flags: unknown\[\];/);
    assert.match(decl(code, 'Environment') ?? '', /\/\*\* Log verbosity \*\/\n  log_level: string;/);
    assert.match(decl(code, 'Database') ?? '', /replica\?: string \| null;/);
  });

  it('OpenAPI: paths keyed by URL and schemas keyed by name are Records; status codes too', () => {
    const code = gen(fixture('openapi.yaml'), { rootName: 'Api' });
    assert.match(decl(code, 'Api') ?? '', /paths: Record<string, Path>;/);
    assert.match(decl(code, 'Components') ?? '', /schemas: Record<string, ComponentsSchema>;/);
    assert.match(decl(code, 'Get') ?? '', /responses: Record<string, GetResponse>;/);
  });

  selfCheck();
});
