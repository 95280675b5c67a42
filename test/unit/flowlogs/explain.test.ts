import * as assert from 'node:assert/strict';
import { explainValue, explanationMarkdown, fieldsForLine, tokenAt } from '../../../src/core/flowlogs/explain';
import { DEFAULT_FIELDS } from '../../../src/core/flowlogs/fields';

const LINE = '2 123456789012 eni-0abc 10.0.1.10 203.0.113.5 443 40001 6 10 18800 1700000000 1700000060 ACCEPT OK';

describe('flow-log value explanations (hover)', () => {
  it('finds the token and its column under an offset, also at its right edge', () => {
    const at = LINE.indexOf('203.0.113.5') + 3;
    assert.deepEqual(tokenAt(LINE, at), { column: 4, start: LINE.indexOf('203.0.113.5'), end: LINE.indexOf('203.0.113.5') + 11, text: '203.0.113.5' });
    assert.equal(tokenAt(LINE, LINE.indexOf(' ACCEPT') + 7)?.text, 'ACCEPT');
    assert.equal(tokenAt('a  b', 2), null, 'between two spaces there is no value');
  });

  it('takes the fields from the nearest header line above, else the fallback', () => {
    const lines = ['version srcaddr tcp-flags', '5 10.0.0.1 19', 'srcaddr protocol', '10.0.0.2 17'];
    assert.deepEqual(fieldsForLine((n) => lines[n], 1, DEFAULT_FIELDS), { fields: ['version', 'srcaddr', 'tcp-flags'], fromHeader: true });
    assert.deepEqual(fieldsForLine((n) => lines[n], 3, DEFAULT_FIELDS).fields, ['srcaddr', 'protocol']);
    assert.deepEqual(fieldsForLine((n) => [LINE][n], 0, DEFAULT_FIELDS), { fields: DEFAULT_FIELDS, fromHeader: false });
  });

  it('names the protocol', () => {
    assert.deepEqual(explainValue(DEFAULT_FIELDS, 7, '6').reading, ['6 = TCP']);
    assert.deepEqual(explainValue(DEFAULT_FIELDS, 7, '17').reading, ['17 = UDP']);
    assert.deepEqual(explainValue(DEFAULT_FIELDS, 7, '1').reading, ['1 = ICMP']);
  });

  it('decodes tcp-flags: 19 is SYN-ACK and FIN, 22 SYN-ACK and RST, 0 has no flag of interest', () => {
    const f = ['version', 'tcp-flags'];
    const r19 = explainValue(f, 1, '19').reading;
    assert.equal(r19[0], '19 = SYN-ACK (18) + FIN (1)');
    assert.ok(r19.some((r) => r.startsWith('SYN-ACK: this side accepted a connection')));
    assert.equal(explainValue(f, 1, '22').reading[0], '22 = SYN-ACK (18) + RST (4)');
    assert.ok(explainValue(f, 1, '22').reading.some((r) => r.startsWith('RST: the connection was reset')));
    assert.equal(explainValue(f, 1, '3').reading[0], '3 = SYN (2) + FIN (1)');
    assert.match(explainValue(f, 1, '0').reading[0], /ACK alone is logged as 0/);
  });

  it('shows times as ISO dates, ports with their service, bytes readably', () => {
    assert.deepEqual(explainValue(DEFAULT_FIELDS, 10, '1700000000').reading, ['2023-11-14T22:13:20Z (1700000000 Unix seconds)']);
    assert.equal(explainValue(DEFAULT_FIELDS, 6, '5432').reading[0], 'port 5432: PostgreSQL');
    assert.match(explainValue(DEFAULT_FIELDS, 5, '40001').reading[0], /ephemeral range/);
    assert.equal(explainValue(DEFAULT_FIELDS, 9, '18800').reading[0], '18.4 KiB');
  });

  it('says what REJECT, NODATA and "-" mean and whether an address is private', () => {
    assert.match(explainValue(DEFAULT_FIELDS, 12, 'REJECT').reading[0], /security group or a network ACL.*does not say which/);
    assert.match(explainValue(DEFAULT_FIELDS, 13, 'NODATA').reading[0], /no traffic/);
    const dash = explainValue(DEFAULT_FIELDS, 3, '-');
    assert.equal(dash.field, 'srcaddr');
    assert.match(dash.reading[0], /no value/);
    assert.equal(explainValue(DEFAULT_FIELDS, 3, '10.0.1.10').reading[0], 'private address (RFC 1918)');
    assert.equal(explainValue(DEFAULT_FIELDS, 4, '203.0.113.5').reading[0], 'public address');
  });

  it('keeps unknown fields and says when a line has more values than the format', () => {
    const x = explainValue(['future-field'], 0, 'abc');
    assert.equal(x.field, 'future-field');
    assert.match(explanationMarkdown(x, 0, 1, 'header'), /does not know/);
    const over = explainValue(['srcaddr'], 3, '7');
    assert.equal(over.field, null);
    assert.match(explanationMarkdown(over, 3, 1, 'header'), /more values than the format has fields \(1\)/);
  });

  it('writes the field, its column, where the format came from and the reading', () => {
    const md = explanationMarkdown(explainValue(DEFAULT_FIELDS, 7, '6'), 7, DEFAULT_FIELDS.length, 'flow log');
    assert.match(md, /^\*\*protocol\*\* \(column 8, from the flow log's format\)/);
    assert.match(explanationMarkdown(explainValue(DEFAULT_FIELDS, 7, '6'), 7, 14, 'default'), /in the default version-2 format \(no header line\)/);
    assert.match(md, /IANA protocol number/);
    assert.match(md, /- 6 = TCP/);
  });
});
