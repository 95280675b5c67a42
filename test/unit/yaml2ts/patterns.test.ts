/* eslint-disable no-regex-spaces -- the patterns quote generated code, indented by two spaces, as it reads */
import * as assert from 'node:assert/strict';
import { generateTypes, YamlSyntaxError } from '../../../src/core/yaml2ts';
import { decl, declNames, gen, selfCheck, setCurrentTest } from './helpers';
import { typeCheck } from './selfcheck';

beforeEach(function () {
  setCurrentTest(this.currentTest?.fullTitle() ?? '');
});

describe('yaml2ts', () => {
describe('the seven patterns', () => {
  describe('1. nested mappings', () => {
    it('become named interfaces, PascalCase from the key path', () => {
      const code = gen('server:\n  http_options:\n    port: 80\n    host: localhost\n  name: api\n');
      assert.equal(
        decl(code, 'Root'),
        'export interface Root {\n  server: Server;\n}',
      );
      assert.equal(decl(code, 'Server'), 'export interface Server {\n  http_options: HttpOptions;\n  name: string;\n}');
      assert.equal(decl(code, 'HttpOptions'), 'export interface HttpOptions {\n  port: number;\n  host: string;\n}');
    });

    it('are named deterministically: the same input gives byte-identical output', () => {
      const yaml = 'a:\n  meta: {x: 1}\nb:\n  meta: {y: "s"}\nc: [{meta: {z: true}}]\n';
      assert.equal(gen(yaml), gen(yaml));
    });

    it('qualify names with the parent key when two different shapes want the same name', () => {
      const code = gen('version: 1\ndeployment:\n  metadata: {name: web, replicas: 2}\nservice:\n  metadata: {name: web, port: 80}\n');
      assert.deepEqual(declNames(code), ['Root', 'Deployment', 'Service', 'DeploymentMetadata', 'ServiceMetadata']);
      assert.match(decl(code, 'DeploymentMetadata') ?? '', /replicas: number/);
      assert.match(decl(code, 'ServiceMetadata') ?? '', /port: number/);
    });

    it('declare an identical shape once and reference it from every place it occurs', () => {
      const code = gen('primary:\n  address: {host: a, port: 1}\nreplica:\n  address: {host: b, port: 2}\nbackup: {host: c, port: 3}\n');
      const addressDecls = declNames(code).filter((n) => /Address|Backup/.test(n));
      assert.deepEqual(addressDecls, ['Address'], code);
      assert.match(decl(code, 'Root') ?? '', /backup: Address;/);
    });

    it('never shadow global types such as Record, Map or Function', () => {
      const code = gen('map: {a: 1, zoom: "x"}\nfunction: {name: f, arn: "x"}\nrecord: {id: 1, at: x}\n', { dictionaries: false });
      for (const n of declNames(code)) assert.ok(!['Map', 'Function', 'Record'].includes(n), `declared ${n}:\n${code}`);
      assert.match(code, /map: RootMap;/);
    });
  });

  describe('2. sequences of scalars', () => {
    it('type a list of one scalar kind as T[]', () => {
      const code = gen('tags: [a, b]\nports: [80, 443]\nflags: [true, false]\n');
      assert.match(code, /tags: string\[\];\n  ports: number\[\];\n  flags: boolean\[\];/);
    });

    it('type mixed scalars as a union element type', () => {
      const code = gen('values: [1, two, true, ~, 2.5]\n');
      assert.match(code, /values: \(string \| number \| boolean \| null\)\[\];/);
    });

    it('type ints and floats alike as number (including .inf and .nan)', () => {
      const code = gen('ratio: 0.5\ncount: 3\nbig: .inf\nnope: .nan\nhex: 0x1F\n');
      assert.equal(decl(code, 'Root'), 'export interface Root {\n  ratio: number;\n  count: number;\n  big: number;\n  nope: number;\n  hex: number;\n}');
    });
  });

  describe('3. sequences of mappings', () => {
    it('merge into one interface; a key missing from some items is optional, a sometimes-null key is T | null', () => {
      const code = gen('users:\n  - name: ann\n    email: a@x\n    manager: bob\n  - name: bob\n    manager: null\n  - name: cy\n    email: c@x\n    manager: ~\n');
      assert.equal(decl(code, 'User'), 'export interface User {\n  name: string;\n  email?: string;\n  manager: string | null;\n}');
      assert.match(code, /users: User\[\];/);
    });

    it('type a key that is always null as null, not unknown', () => {
      const code = gen('items:\n  - {a: 1, b: ~}\n  - {a: 2, b: ~}\n');
      assert.match(decl(code, 'Item') ?? '', /b: null;/);
    });
  });

  describe('4. mappings used as dictionaries', () => {
    it('type docker-compose-like services as Record<string, Service> even with only two entries', () => {
      const code = gen('services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n  db:\n    image: postgres\n    environment: {POSTGRES_USER: app}\n');
      assert.match(decl(code, 'Root') ?? '', /services: Record<string, Service>;/);
      assert.equal(
        decl(code, 'Service'),
        'export interface Service {\n  image: string;\n  ports?: string[];\n  environment?: Record<string, string>;\n}',
      );
    });

    it('type per-environment blocks as a Record of one merged shape', () => {
      const code = gen('development: {db: localhost, debug: true}\nstaging: {db: staging.internal, debug: false}\nproduction: {db: prod.internal}\n');
      assert.match(code, /^export type Root = Record<string, RootItem>;/m);
      assert.equal(decl(code, 'RootItem'), 'export interface RootItem {\n  db: string;\n  debug?: boolean;\n}');
    });

    it('type hostname- and version-keyed maps as dictionaries', () => {
      const code = gen('hosts:\n  api.example.com: 10.0.0.1\n  www.example.com: 10.0.0.2\nreleases:\n  "1.2": {date: x, lts: true}\n  "1.3": {date: y, lts: false}\n');
      assert.match(code, /hosts: Record<string, string>;/);
      assert.match(code, /releases: Record<string, Release>;/);
    });

    it('type environment-variable maps as Record<string, string | number>', () => {
      const code = gen('env:\n  NODE_ENV: production\n  WORKERS: 4\n');
      assert.match(code, /env: Record<string, string \| number>;/);
    });

    it('keep a settings block with differently shaped values as an interface', () => {
      const code = gen('server:\n  host: localhost\n  port: 8080\n  tls: {cert: a.pem, key: a.key}\n');
      assert.match(code, /server: Server;/);
      assert.equal(decl(code, 'Server'), 'export interface Server {\n  host: string;\n  port: number;\n  tls: Tls;\n}');
    });

    it('keep a block of same-typed scalar settings as an interface (the keys are field names)', () => {
      const code = gen('database:\n  host: localhost\n  user: app\n  name: billing\n');
      assert.match(code, /database: Database;/);
    });

    it('keep two sibling mappings with nothing in common as an interface', () => {
      const code = gen('metadata:\n  labels: {app: web}\n  annotations: {owner: team-a}\n');
      assert.match(decl(code, 'Metadata') ?? '', /labels: Labels;\n  annotations: Annotations;/);
    });

    it('treat keys chosen per sample (`with:` in workflow steps) as a dictionary', () => {
      const code = gen('steps:\n  - with: {fetch-depth: 0}\n  - with: {node-version: 20, cache: npm}\n  - run: make\n');
      assert.match(decl(code, 'Step') ?? '', /with\?: Record<string, string \| number>;/);
    });

    it('keep list items with varying scalar keys as one interface with optional fields (workflow steps)', () => {
      const code = gen('steps:\n  - uses: actions/checkout@v4\n  - run: npm ci\n  - name: Test\n    run: npm test\n');
      assert.match(code, /steps: Step\[\];/);
      assert.equal(decl(code, 'Step'), 'export interface Step {\n  uses?: string;\n  run?: string;\n  name?: string;\n}');
      assert.match(gen('steps:\n  - uses: a\n  - run: b\n'), /steps: Step\[\];/);
    });

    it('can be turned off, or made stricter with a minimum number of entries', () => {
      const yaml = 'services:\n  web: {image: nginx}\n  db: {image: postgres}\n';
      assert.match(gen(yaml, { dictionaries: false }), /services: Services;/);
      assert.match(gen(yaml, { dictionaryMinEntries: 3 }), /services: Services;/);
      assert.match(gen(yaml, { dictionaryMinEntries: 2 }), /services: Record<string, Service>;/);
    });
  });

  describe('5. heterogeneous sequences and discriminated unions', () => {
    it('split Kubernetes documents on kind into a discriminated union', () => {
      const code = gen('apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 2}\n---\napiVersion: v1\nkind: Service\nspec: {ports: [{port: 80}]}\n');
      assert.match(code, /^export type Root = Deployment \| Service;$/m);
      assert.match(decl(code, 'Deployment') ?? '', /kind: "Deployment";\n  spec: DeploymentSpec;/);
      assert.match(decl(code, 'Service') ?? '', /kind: "Service";\n  spec: ServiceSpec;/);
    });

    it('split list items on `type` when the variants carry keys of their own', () => {
      const code = gen('inputs:\n  - {type: choice, options: [a, b]}\n  - {type: boolean, default: false}\n');
      assert.match(code, /inputs: \(ChoiceInput \| BooleanInput\)\[\];/);
      assert.match(decl(code, 'ChoiceInput') ?? '', /type: "choice";\n  options: string\[\];/);
    });

    it('keep one interface with a literal union when `type` values share all keys', () => {
      const code = gen('volumes:\n  - {type: bind, source: ./a, target: /a}\n  - {type: volume, source: data, target: /b}\n  - {type: bind, source: ./c, target: /c}\n  - {type: volume, source: logs, target: /d}\n');
      assert.equal(decl(code, 'Volume'), 'export interface Volume {\n  type: "bind" | "volume";\n  source: string;\n  target: string;\n}');
    });

    it('type a sequence of scalars and mappings as a union element', () => {
      const code = gen('steps:\n  - checkout\n  - {run: make, name: build}\n');
      assert.match(code, /steps: \(Step \| string\)\[\];/);
    });
  });

  describe('6. anchors, aliases and merge keys', () => {
    it('resolve merge keys before typing; explicit keys win', () => {
      const code = gen('version: 2\nbase: &base {timeout: 30, retries: 3}\njob:\n  <<: *base\n  retries: "many"\n  name: nightly\n');
      assert.equal(decl(code, 'Job'), 'export interface Job {\n  retries: string;\n  name: string;\n  timeout: number;\n}');
    });

    it('merge a list of mappings (`<<: [*a, *b]`), the earlier one winning', () => {
      const code = gen('v: 1\na: &a {x: 1}\nb: &b {x: s, y: true}\nc:\n  <<: [*a, *b]\n');
      assert.equal(decl(code, 'C'), 'export interface C {\n  x: number;\n  y: boolean;\n}');
    });

    it('type an alias like the node it refers to', () => {
      const code = gen('defaults: &d [1, 2]\nused: *d\n');
      assert.match(code, /defaults: number\[\];\n  used: number\[\];/);
    });

    it('stay fast on exponential alias expansion (billion laughs)', () => {
      const lines = ['a0: &a0 [x, y]'];
      for (let i = 1; i <= 30; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
      const t0 = Date.now();
      const r = generateTypes({ text: lines.join('\n') + '\n' });
      assert.ok(Date.now() - t0 < 2000, 'alias shapes are computed once');
      assert.match(r.code, /a30: string(\[\]){31};/);
    });
  });

  describe('7. multi-document files', () => {
    it('describe one document; every document is assignable (keys missing from some are optional)', () => {
      const code = gen('name: a\nport: 1\n---\nname: b\n---\nname: c\nport: ~\n');
      assert.equal(decl(code, 'Root'), 'export interface Root {\n  name: string;\n  port?: number | null;\n}');
    });

    it('skip empty documents left by a trailing ---', () => {
      const code = gen('a: 1\n---\n');
      assert.equal(decl(code, 'Root'), 'export interface Root {\n  a: number;\n}');
    });

    it('merge several files as samples of one config', () => {
      const code = gen(['name: a\nreplicas: 2\n', 'name: b\ndebug: true\n']);
      assert.equal(decl(code, 'Root'), 'export interface Root {\n  name: string;\n  replicas?: number;\n  debug?: boolean;\n}');
    });
  });
});

describe('scalars, keys, comments', () => {
  it('types small enumerations as string-literal unions (threshold configurable)', () => {
    const yaml = 'pods:\n' + ['Always', 'IfNotPresent', 'Always', 'Never', 'Always', 'IfNotPresent'].map((p, i) => `  - {name: p${i}, pull: ${p}}\n`).join('');
    assert.match(gen(yaml), /pull: "Always" \| "IfNotPresent" \| "Never";/);
    assert.match(gen(yaml, { literalUnionThreshold: 2 }), /pull: string;/);
    assert.match(gen(yaml, { literalUnionThreshold: 0 }), /pull: string;/);
  });

  it('does not turn one-off values into literal types', () => {
    assert.match(gen('items: [{image: nginx}, {image: redis}, {image: postgres}]\n'), /image: string;/);
  });

  it('types timestamps as string with a JSDoc note (the parser yields strings)', () => {
    const code = gen('created: 2024-03-01\nupdated: 2024-03-01T10:00:00Z\n');
    assert.match(code, /\/\*\* A YAML timestamp, kept as an ISO 8601 string[^\n]*\*\/\n  created: string;/);
    assert.match(code, /updated: string;/);
    assert.doesNotMatch(code, /Date\b(?!\))/);
  });

  it('quotes keys that are not identifiers and keeps reserved words usable', () => {
    const code = gen('x-amz-target: a\n123abc: 1\nwith space: true\ncafé: 2\nclass: c\ndefault: {new: 1, delete: "x"}\n', { dictionaries: false });
    assert.equal(
      decl(code, 'Root'),
      'export interface Root {\n  "x-amz-target": string;\n  "123abc": number;\n  "with space": boolean;\n  "café": number;\n  class: string;\n  default: Default;\n}',
    );
    assert.match(decl(code, 'Default') ?? '', /new: number;\n  delete: string;/);
  });

  it('types empty sequences and mappings without any', () => {
    const code = gen('list: []\nmap: {}\n');
    assert.equal(decl(code, 'Root'), 'export interface Root {\n  list: unknown[];\n  map: Record<string, unknown>;\n}');
  });

  it('learns the element type of a list that is empty in some samples', () => {
    const code = gen('- {tags: []}\n- {tags: [a]}\n');
    assert.match(code, /tags: string\[\];/);
  });

  it('carries YAML comments on keys as JSDoc', () => {
    const code = gen('# Header of the file\n\n# Port the server listens on\nport: 80\ndb:\n  # Primary host\n  host: x\n  user: app # login name\n');
    assert.match(code, /\/\*\* Port the server listens on \*\/\n  port: number;/);
    assert.match(code, /\/\*\* Primary host \*\/\n  host: string;/);
    assert.match(code, /\/\*\* login name \*\/\n  user: string;/);
    assert.doesNotMatch(code, /Header of the file/);
  });

  it('escapes comment text that would end the JSDoc block', () => {
    const code = gen('# matches */tmp/*\npath: /tmp\n');
    assert.match(code, /\/\*\* matches \*\\\/tmp\/\* \*\//);
  });

  it('types scalar and list roots with a type alias', () => {
    assert.match(gen('- a\n- b\n'), /^export type Root = string\[\];$/m);
    assert.match(gen('42\n'), /^export type Root = number;$/m);
  });
});

describe('options', () => {
  const yaml = 'name: a\nports: [1]\nitems:\n  - {id: 1, label: x}\n  - {id: 2}\n';

  it('declares object shapes as type aliases on request', () => {
    const code = gen(yaml, { declaration: 'type' });
    assert.match(code, /^export type Root = \{\n  name: string;/m);
    assert.match(code, /^export type Item = \{\n  id: number;\n  label\?: string;\n\};/m);
  });

  it('leaves out export on request', () => {
    const code = gen(yaml, { export: false });
    assert.doesNotMatch(code, /export/);
    assert.match(code, /^interface Root \{/m);
  });

  it('makes properties, arrays and records readonly', () => {
    const code = gen(yaml + 'env: {A_B: x}\n', { readonly: true });
    assert.match(code, /readonly ports: readonly number\[\];/);
    assert.match(code, /readonly items: readonly Item\[\];/);
    assert.match(code, /readonly env: Readonly<Record<string, string>>;/);
  });

  it('spells optional keys as `?: T | undefined` on request', () => {
    assert.match(gen(yaml, { optionalStyle: 'undefined' }), /label\?: string \| undefined;/);
  });

  it('reads yes/on/off as booleans under YAML 1.1 and as strings under 1.2', () => {
    const y = 'enabled: yes\nswitch: off\nmode: 0755\n';
    assert.equal(decl(gen(y, { yamlVersion: '1.1' }), 'Root'), 'export interface Root {\n  enabled: boolean;\n  switch: boolean;\n  mode: number;\n}');
    assert.match(gen(y, { yamlVersion: '1.2' }), /enabled: string;\n  switch: string;/);
  });

  it('writes any only when asked to (unknownType: any)', () => {
    assert.match(gen('x: []\n', { unknownType: 'any' }), /x: any\[\];/);
  });

  it('uses the configured discriminator fields', () => {
    const code = gen('- {op: add, path: /a, value: 1}\n- {op: remove, path: /b, from: x}\n', { discriminators: ['op'] });
    assert.match(code, /^export type Root = \(AddRootItem \| RemoveRootItem\)\[\];$/m);
  });

  it('rejects a root name that is not an identifier', () => {
    assert.throws(() => generateTypes({ text: 'a: 1' }, { rootName: 'my-root' }), /not a TypeScript identifier/);
  });
});

describe('invalid YAML', () => {
  it('throws YamlSyntaxError with the line and column of the first error', () => {
    try {
      generateTypes({ text: 'a: 1\nb:\n\t- x\n', file: 'bad.yaml' });
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof YamlSyntaxError);
      assert.equal(e.line, 3);
      assert.equal(e.column, 1);
      assert.equal(e.format(), 'bad.yaml:3:1: Tabs are not allowed as indentation');
      assert.doesNotMatch(e.message, /\n/);
    }
  });

  it('reports an alias to an undefined anchor at the alias', () => {
    assert.throws(() => generateTypes({ text: 'a: 1\nb: [x, *nope]\n', file: 'f.yaml' }), (e: unknown) => e instanceof YamlSyntaxError && e.format() === 'f.yaml:2:8: Unresolved alias *nope');
  });

  it('reports duplicate keys, which loaders reject', () => {
    assert.throws(() => generateTypes({ text: 'a: 1\na: 2\n' }), (e: unknown) => e instanceof YamlSyntaxError && e.line === 2);
  });
});

selfCheck();
});

describe('yaml2ts: the self-check itself', () => {
  it('catches a wrong type (it is not vacuous)', () => {
    const failures = typeCheck([{ name: 'wrong', code: 'export interface R { a: string }', rootName: 'R', docs: [{ a: 1 }] }]);
    assert.match(failures.get('wrong')?.[0] ?? '', /not assignable/);
  });

  it('rejects keys the type does not declare (object literals get excess-property checks)', () => {
    const failures = typeCheck([{ name: 'extra', code: 'export interface R { a: string }', rootName: 'R', docs: [{ a: 'x', b: 1 }] }]);
    assert.match(failures.get('extra')?.[0] ?? '', /Object literal may only specify known properties/);
  });
});
