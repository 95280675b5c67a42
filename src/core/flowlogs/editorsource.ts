// The editor's FlowLogSource over FlowLogsService (aws.ts), one service per region. The extension loads
// this module with import() on first use, and the AWS SDK comes from dist/vendor.js then (docs/lazy-loading.md).
import type { AwsConnectionOptions } from '../aws/clients';
import { FlowLogsService } from './aws';
import { CancelledError } from './report';
import type { FlowLogSource, RecordSource } from './source';

/** Reads through AWS; `optionsFor(region)` gives the connection (profile, endpoint, timeout). */
export function awsFlowLogSource(optionsFor: (region: string) => Promise<AwsConnectionOptions>): FlowLogSource {
  const services = new Map<string, Promise<FlowLogsService>>();
  let closed = false;
  const service = (region: string) => {
    let p = services.get(region);
    if (!p) {
      p = optionsFor(region).then((conn) => FlowLogsService.connect(conn));
      services.set(region, p);
      p.catch(() => { if (services.get(region) === p) services.delete(region); });
    }
    return p;
  };

  return {
    async listVpcs(region) {
      return (await (await service(region)).listVpcs()).map(({ flowLogs: _, ...vpc }) => vpc);
    },

    async listFlowLogs(region) {
      return (await (await service(region)).listFlowLogs()).map((f) => ({ ...f, region }));
    },

    async listRecordSources(flowLog, range = {}) {
      const parts = await (await service(flowLog.region)).listRecordSources(flowLog, range);
      return parts.map((part): RecordSource => ({
        kind: 'part',
        flowLog,
        label: part.kind === 'log-stream' ? part.logStreamName : `${new Date(part.hour).toISOString().slice(0, 13).replace('T', ' ')}:00 UTC`,
        part,
      }));
    },

    async *readRecords(source, range, signal, onProgress) {
      const svc = await service(source.flowLog.region);
      try {
        for await (const batch of svc.readRecords(source.flowLog, { ...range, sources: source.part ? [source.part] : undefined, signal, onProgress })) {
          // The editor takes the format from the flow log; every S3 object repeats it.
          if (batch.kind === 'records') yield* batch.lines;
        }
      } catch (e) {
        if (signal.aborted) throw new CancelledError();
        throw e;
      }
    },

    close() {
      if (closed) return;
      closed = true;
      for (const p of services.values()) void p.then((s) => s.close(), () => {});
      services.clear();
    },
  };
}
