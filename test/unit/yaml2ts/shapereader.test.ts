import * as assert from 'node:assert/strict';
import { generateTypes } from '../../../src/core/yaml2ts';
import { assertFastReaderAgrees, fastReaderStepsAside, fixture } from './helpers';

// The fast reader must either infer exactly what the yaml package path infers or step aside; the fuzz test
// compares the two on thousands of documents, these pin down the boundaries of its subset.
describe('yaml2ts fast reader', () => {
  it('reads plain block YAML (nested lists of mappings, multi-document) exactly as the yaml package does', () => {
    const text = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {}\nspec:\n  containers:\n  - name: a\n    ports:\n      - containerPort: 80\n        protocol: TCP\n    env: []\n  - - nested\n    - 1.5e3\n',
      "---\n'quoted key': \"value\"\nempty:\nnums: []\nx: -.inf\ny: 0o17\nz: 0x1F\nn: ~\nb: False\ns: 'it''s'\n1.0: one\nnull: k\nurl: http://example.com:80/a\n",
      '---\n- a\n-\n- - b\n  - c\n-   key: v\n    other: w\n',
      '---\n42\n',
    ].join('');
    assert.ok(assertFastReaderAgrees(text), 'accepted');
    assert.equal(generateTypes({ text }).documents, 4);
  });

  it('steps aside for everything outside its subset, so comments still become JSDoc', () => {
    for (const text of [
      '# comment\na: 1\n',
      'a: 1 # trailing\n',
      'a: &x 1\nb: *x\n',
      'a: !Ref x\n',
      'a: |\n  text\n',
      'a: [1, 2]\n',
      'a: {b: 1}\n',
      'a: "esc\\n"\n',
      'a: multi\n  line\n',
      'a: 1\na: 2\n',
      'a:\n  <<: {b: 1}\n',
      'a:\n\t- x\n',
      'a: 1\r\nb: 2\r\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: b: c\n',
      '  a: 1\n',
      'a:\n    b: 1\n  c: 2\n',
      '? complex\n: key\n',
      '--- a\n',
    ]) {
      assert.ok(fastReaderStepsAside(text), JSON.stringify(text));
    }
    assert.match(generateTypes({ text: '# The port\nport: 80\n' }).code, /\/\*\* The port \*\//);
  });

  it('reads nested sequences, quoted keys, document markers and empty values exactly as the yaml package does', () => {
    const accepted = [
      // `- key: v` and `- - x`: the rest of a dash line starts a block at its own column.
      '- name: a\n  ports:\n  - port: 80\n    proto: TCP\n  -   port: 81\n      proto: UDP\n- - x\n  - - y\n    - z\n-\n  k: v\n-\n- last\n',
      'list:\n- a\n- b\nnext:\n  - c\n  -\nafter: 1\n',
      // Quoted keys, with blanks before the colon, doubled single quotes, and keys of every core type.
      '"a b": 1\n\'it\'\'s\': 2\n"k" : v\n\'q\':\n  x: "y"  \n1.0: one\nnull: n\ntrue: t\n0x1F: h\n',
      // Document markers: with trailing blanks, empty documents, `...` is not read (see below), no final newline.
      '---\na: 1\n---   \n---\nb: [] \n---\n- {}\n- []\n---\nc: 2',
      // Empty values: at the end of the text, before a shallower line, with a trailing blank, blank lines between.
      'a:\n  b:\n  c: \n\n   \nd:\n  e: ""\n  f: \'\'\ng:',
      // Scalars the core schema resolves, and ones it leaves as strings.
      'n:\n' + ['007', '-0', '+12', '.5', '1e3', '0o17', '0x1f', '.inf', '-.Inf', '.NaN', '1_000', '12abc', '1.2.3', '-x', '~x', 'nullx', 'True', 'FALSE'].map((x) => `  - ${x}\n`).join(''),
      'url: http://example.com:80/a\nratio: a:b\n',
      'plain:value\n',
      // The same keys in another order, and a mapping with more than sixteen keys.
      '- {}\n- a: 1\n  b: 2\n- b: 3\n  a: 4\n- a: 5\n',
      Array.from({ length: 20 }, (_, i) => `k${i}: ${i}`).join('\n') + '\n',
      // Thousands of short lines (more than the reader first makes room for).
      Array.from({ length: 3000 }, (_, i) => `- ${i % 10}`).join('\n'),
    ];
    for (const text of accepted) assert.ok(assertFastReaderAgrees(text), `the fast reader stepped aside on ${JSON.stringify(text)}`);
    for (const text of [
      '...\na: 1\n',
      'a: 1\n...\n',
      '--- x\n',
      Array.from({ length: 20 }, (_, i) => `k${i}: ${i}`).join('\n') + '\nk3: again\n',
      '1: a\n1.0: b\n',
      'null: a\n~: b\n',
      'a: [ ]\n',
      '- a\n  - b\n',
      'a:  two blanks\n',
      '"a\\"b": 1\n',
      "'open: 1\n",
      '- x \n',
    ]) {
      assert.ok(fastReaderStepsAside(text), JSON.stringify(text));
    }
  });

  it('reads text beyond ASCII and beyond the Basic Multilingual Plane, and unescapes doubled quotes', () => {
    const text = "café: crème\nключ: значение\n'emoji 😀': \"🚀 launch\"\nname: 'it''s 日本'\nlist:\n- 'a''b'\n- \"😀\"\n- ü\n";
    assert.ok(assertFastReaderAgrees(text), 'accepted');
    assert.match(generateTypes({ text }).code, /"emoji 😀": string;\n {2}name: string;/);
  });

  it('keeps counting right past its tables\' first sizes: a thousand distinct keys, hundreds of distinct strings', function () {
    this.timeout(10_000);
    // A dictionary of 1,200 hosts (its interned keys outgrow the first table), 300 distinct strings at one
    // position (more than the 256 a position keeps), and lines longer than the reader's eight-character steps.
    const hosts = Array.from({ length: 1200 }, (_, i) => `  host-${i}.example.com:\n    port: ${8000 + (i % 50)}\n    role: ${['web', 'db', 'cache'][i % 3]}\n    note: ${'x'.repeat(i % 40)}n${i % 300}\n`).join('');
    const text = `hosts:\n${hosts}---\nhosts:\n  extra:\n    port: "8080"\n`;
    for (const literalUnionThreshold of [0, 6]) assert.ok(assertFastReaderAgrees(text, { literalUnionThreshold }), 'accepted');
    assert.match(generateTypes({ text }).code, /port: string \| number;/);
  });

  it('agrees with the yaml package on every fixture it accepts', () => {
    for (const f of ['docker-compose.yml', 'workflow.yml', 'k8s-manifests.yaml', 'serverless.yml', 'app-config.yaml', 'openapi.yaml']) {
      assertFastReaderAgrees(fixture(f));
    }
  });

  it('infers while reading exactly the types the yaml package path infers, wherever discriminators are written', () => {
    const accepted = [
      // kind first, late, after nested values, only in some documents, with a non-string or empty value.
      'apiVersion: v1\nkind: A\nspec:\n  x: 1\n---\nmetadata:\n  name: n\n  labels:\n    a: b\nkind: B\nspec:\n  y: 2\n---\nspec:\n  z: 3\n---\nkind: 3\n---\nkind: ""\n---\nkind: []\n---\nkind:\n  nested: A\n',
      // type and kind in one mapping (kind wins, wherever it is); quoted keys; a key that only starts with kind.
      '- type: t1\n  kind: K\n  a: 1\n- "kind": K\n  b: 2\n- \'type\': t2\n  c: 3\n- kindness: 1\n  type: t3\n- typed: x\n',
      // Discriminators in nested mappings, in list items written `- kind:`, `- - kind:` and on the line after `-`.
      'items:\n- kind: A\n  v: 1\n- - kind: B\n    w: 2\n-\n  kind: C\n  u: 3\n- name: x\n  spec:\n    type: T\n    ports:\n    - type: P\n      n: 1\n    type2: q\n  kind: D\n',
      // A sequence at the mapping's column between the keys, and values that merely mention kind.
      'a:\n- kind: A\n- x\nkind: Top\nnote: kind\nb: "type: x"\n',
      // Many documents of a few kinds, as in the benchmark.
      Array.from({ length: 30 }, (_, i) => `apiVersion: v${i % 2}\nkind: ${['Deployment', 'Service', 'ConfigMap'][i % 3]}\nmetadata:\n  name: s${i}\nspec:\n  type: ${i % 2 ? 'ClusterIP' : 'NodePort'}\n  ports:\n  - port: ${i}\n`).join('---\n'),
    ];
    for (const text of accepted) {
      for (const discriminators of [['kind', 'type'], ['type', 'kind'], ['kind'], []]) {
        assert.ok(assertFastReaderAgrees(text, { discriminators }), `the fast reader stepped aside on ${JSON.stringify(text)}`);
      }
    }
  });

  it('infers while reading exactly what the yaml package path infers on the Kubernetes fixture', () => {
    // Its one block scalar written plain, the fixture is in the fast reader's subset.
    const text = fixture('k8s-manifests.yaml').replace('app.properties: |\n    feature.x=true', 'app.properties: feature.x=true');
    for (const discriminators of [['kind', 'type'], ['type'], []]) assert.ok(assertFastReaderAgrees(text, { discriminators }));
  });
});
