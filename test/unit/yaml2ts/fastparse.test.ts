import * as assert from 'node:assert/strict';
import { generateTypes } from '../../../src/core/yaml2ts';
import { fastParse } from '../../../src/core/yaml2ts/fastparse';
import { assertFastReaderAgrees, fixture } from './helpers';

// The fast reader must either load exactly what the yaml package loads or step aside; the fuzz test
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
    assert.equal(fastParse(text)?.length, 4);
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
      assert.equal(fastParse(text), undefined, JSON.stringify(text));
    }
    assert.match(generateTypes({ text: '# The port\nport: 80\n' }).code, /\/\*\* The port \*\//);
  });

  it('agrees with the yaml package on every fixture it accepts', () => {
    for (const f of ['docker-compose.yml', 'workflow.yml', 'k8s-manifests.yaml', 'serverless.yml', 'app-config.yaml', 'openapi.yaml']) {
      assertFastReaderAgrees(fixture(f));
    }
  });
});
