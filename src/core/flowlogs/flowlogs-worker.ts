// The counting thread of `flowscope flowlogs summarize` (see pipeline.ts and summarize.ts): counts the
// batches the reading thread sends and posts the summary.
import { parentPort, workerData } from 'node:worker_threads';
import { FlowLogAnalyzer, type FlowLogDetails, type FlowLogSummary } from './analyze';
import { BatchRing, type RingLayout } from './pipeline';

export interface CountJob {
  buffer: SharedArrayBuffer;
  layout: RingLayout;
  fields: string[];
  expectedRecords: number;
  top: number;
}

export type CountResult = { summary: FlowLogSummary; details: FlowLogDetails } | { error: string };

if (parentPort && workerData) {
  const job = workerData as CountJob;
  const ring = BatchRing.attach(job.buffer, job.layout);
  let result: CountResult;
  try {
    const a = new FlowLogAnalyzer(job.fields, { expectedRecords: job.expectedRecords });
    a.countFrom(ring);
    result = { summary: a.summary(job.top), details: a.details() };
  } catch (e) {
    ring.fail();
    result = { error: (e as Error).message };
  }
  parentPort.postMessage(result);
}
