// Flow-log documents Flowscope opens (records of a log stream, or the records behind a report row):
// read-only documents in the `flowlog` language, header line first, kept with their flow log's fields so
// the hover knows the format even where the header scrolled away.
import { DEFAULT_FIELDS } from '../../core/flowlogs/fields';
import { ReadOnlyDocuments } from '../readonly';

const SCHEME = 'flowscope-flowlog';
export const LANGUAGE_ID = 'flowlog';

/** Flow-log documents, each with its flow log's fields. */
export type FlowLogDocuments = ReadOnlyDocuments<readonly string[]>;

export function flowLogDocuments(): FlowLogDocuments {
  return new ReadOnlyDocuments<readonly string[]>(SCHEME, `${DEFAULT_FIELDS.join(' ')}\n`);
}

/** Opens `lines` (records of a flow log with these fields) as a flowlog document titled `title`. */
export function openFlowLogRecords(documents: FlowLogDocuments, title: string, fields: readonly string[], lines: readonly string[]) {
  return documents.open(`${title}.flowlog`, [fields.join(' '), ...lines].join('\n') + '\n', { data: fields, language: LANGUAGE_ID });
}
