// The flow-log analyzer: one pass over records, constant work per record, no per-record allocation.
// It reads the bytes (never a string per line): one scan of a line (WebAssembly, linescanner.ts) finds
// the fields and, for each, its number and two 32-bit hashes of its bytes, in reused typed arrays. Every
// key the analysis counts by (an address pair, a 5-tuple, a service) is then a 52-bit mix of those field
// hashes, looked up in typed-array hash tables (hash.ts); strings are made only when a key is first seen.
// With two independent hashes per field the chance of two different keys colliding among a million is
// about 1e-4.
import { DEFAULT_FIELDS, FIELDS, headerFields } from './fields';
import { RecordBatch } from './batch';
import { DEFAULT_LAYOUT, KIND_FORMAT, type BatchRing } from './pipeline';
import { KeyTable, RecentKeys } from './hash';
import { LineScanner } from './linescanner';
import { SCAN_CANDIDATE, SCAN_LIMIT } from './scanstatus';

export interface TopTalker { srcaddr: string; dstaddr: string; bytes: number; packets: number }
export interface RejectedPort { dstport: number | null; protocol: number | null; records: number }
export interface Scanner { srcaddr: string; distinctTargets: number; rejectedRecords: number }
export interface Asymmetric { interfaceId: string; client: string; server: string; serverPort: number; acceptedRequests: number; rejectedReplies: number }
export interface ResetService { service: string; records: number }

/** The `flowlogs summarize --json` contract (keys in this order). */
export interface FlowLogSummary {
  records: number;
  skippedLines: number;
  logStatus: { OK: number; NODATA: number; SKIPDATA: number };
  action: { ACCEPT: number; REJECT: number };
  bytes: number;
  packets: number;
  topTalkers: TopTalker[];
  rejectedByDstPort: RejectedPort[];
  scanners: Scanner[];
  asymmetric: Asymmetric[];
  /** Only when at least one input had the tcp-flags field. */
  resets?: ResetService[];
}

export interface StatusInterval { status: 'NODATA' | 'SKIPDATA'; interfaceId: string | null; start: number | null; end: number | null }

/** What the text report says beyond the JSON contract. */
export interface FlowLogDetails {
  /** Records of a flow already counted from another interface (same 5-tuple and window). */
  duplicateRecords: number;
  /** Records whose pkt-srcaddr/pkt-dstaddr differ from srcaddr/dstaddr (NAT gateway, transit gateway). */
  translatedRecords: number;
  hasInterfaceId: boolean;
  hasTcpFlags: boolean;
  firstStart: number | null;
  lastEnd: number | null;
  /** The first NODATA/SKIPDATA intervals (at most 20). */
  statusIntervals: StatusInterval[];
  /** The formats met (field lists), in order. */
  formats: string[][];
}

/** A source counts as a likely scanner from this many distinct rejected targets (address:port) on. */
export const SCANNER_MIN_TARGETS = 10;
/** Replies go to the client's ephemeral port; below this, a port is taken to be a service port. */
export const EPHEMERAL_MIN = 1024;

const MAX_INTERVALS = 20;
const ABSENT = -2;

/** From this many expected records on, the large tables' memory is committed up front (KeyTable.commit()). */
const COMMIT_FROM_RECORDS = 200_000;
/** Records per batch in lines(): enough loads in flight to hide memory latency, few enough to stay in cache. */
const BATCH = 64;
/** In a pipeline the reader classifies a batch too once this share of the ring waits to be counted. */
const CLASSIFY_FROM_BACKLOG = 0.25;
/** Why scanRun() stopped, besides the scanner's reasons: at a header line. */
const HEADER = -1;
/** bStatus of a record that failed validation. */
const INVALID = -1;

// Per column, what the scanner takes from a field besides its offsets (assembly/scan.ts).
const MODE_SKIP = 0;
const MODE_NUMBER = 1;
const MODE_HASH = 2;
// Mixing field hashes into keys (k()).
const P1 = 0x01000193;
const P2 = 0x5bd1e995;
const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x9e3779b9 | 0;

export class FlowLogAnalyzer {
  private fields: string[] = [];
  private nFields = 0;
  // The batch being scanned or counted (see use()): per column of each record (at base = record *
  // stride) byte offsets, parsed number and two hashes; per record, from classify(), status (or
  // INVALID), action, endpoint columns and keys (0: none).
  private own: RecordBatch | null = null;
  /** Where scanned batches go when another thread counts them (pipeTo()). */
  private out: BatchRing | null = null;
  private scanner: LineScanner | null = null;
  /** The run of lines the scanner holds (it is loaded again if a wider format needs a new scanner). */
  private loaded: { buf: Uint8Array; start: number; end: number } | null = null;
  /** What the last scanRun() put in its batch, and why it stopped. */
  private scanned = 0;
  private scanStop = 0;
  private stride = 0;
  private base = 0;
  /** Where the counted batch's bytes start in the buffer its offsets refer to (0 but in a pipeline's counter). */
  private byteBase = 0;
  private fs!: Int32Array;
  private fe!: Int32Array;
  private fv!: Float64Array;
  private ha!: Int32Array;
  private hb!: Int32Array;
  private bStatus!: Int8Array;
  private bAction!: Int8Array;
  private bSrc!: Int32Array;
  private bDst!: Int32Array;
  private bPair!: Float64Array;
  private bFlow!: Float64Array;
  private bIface!: Float64Array;
  private bAsym!: Float64Array;
  /** Sum of the slots loaded ahead of counting (kept so the loads are not optimized away). */
  warm = 0;
  private pendingHeader: string[] = [];
  // Column of each field the analysis uses, -1 when the format lacks it.
  private cSrc = -1; private cDst = -1; private cPktSrc = -1; private cPktDst = -1;
  private cSrcPort = -1; private cDstPort = -1; private cProto = -1; private cPackets = -1; private cBytes = -1;
  private cStart = -1; private cEnd = -1; private cAction = -1; private cStatus = -1; private cIface = -1; private cFlags = -1;
  private numericCols = new Int32Array(0);
  /** Per column: MODE_NUMBER, MODE_HASH or MODE_SKIP. */
  private modes = new Uint8Array(0);
  // The key being mixed (see k()).
  private ka = 0;
  private kb = 0;

  private records = 0;
  private skipped = 0;
  private ok = 0; private nodata = 0; private skipdata = 0;
  private accept = 0; private reject = 0;
  private bytes = 0; private packets = 0;
  private duplicates = 0; private translated = 0;
  private hasIface = false; private hasFlags = false;
  private firstStart = Infinity; private lastEnd = -Infinity;
  private readonly intervals: StatusInterval[] = [];
  private readonly formats: string[][] = [];

  private readonly recent = new RecentKeys();
  // [address-pair key, bytes, packets, records] per pair.
  private readonly talkers: KeyTable;
  // Address ids of each pair: a VPC has far fewer addresses than pairs, so each address's string is made once.
  private readonly talkerSrc: number[] = []; private readonly talkerDst: number[] = [];
  private readonly addrs = new KeyTable(0, 4096);
  private readonly addrText: string[] = [];
  private readonly rejPorts = new KeyTable(0, 256);
  private readonly rejPort: (number | null)[] = []; private readonly rejProto: (number | null)[] = []; private readonly rejCount: number[] = [];
  private readonly scanSrc = new KeyTable(0, 256);
  private readonly scanAddr: string[] = []; private readonly scanTargets: number[] = []; private readonly scanRejects: number[] = [];
  private readonly scanSeen = new KeyTable(0, 1024);
  // Accepted requests are counted by key only (no strings: nearly every accepted record is one); the
  // rejected replies, which are rare, keep their addresses and find their requests' count at the end.
  private readonly asymReq: KeyTable;
  private readonly asym = new KeyTable(0, 256);
  private readonly asymKey: number[] = [];
  private readonly asymIface: string[] = []; private readonly asymClient: string[] = []; private readonly asymServer: string[] = [];
  private readonly asymPort: number[] = []; private readonly asymRejected: number[] = [];
  // Bytes per minute and NAT usage, for the editor's report (off unless trackTimelineAndNat() was called).
  private extras = false;
  private readonly minuteIndex = new Map<number, number>();
  private readonly minuteStart: number[] = []; private readonly minuteAccepted: number[] = []; private readonly minuteRejected: number[] = [];
  private readonly nat = new KeyTable(0, 64);
  private readonly natGateway: string[] = []; private readonly natInstance: string[] = [];
  private readonly natOut: number[] = []; private readonly natIn: number[] = []; private readonly natRecords: number[] = [];
  private readonly resets = new KeyTable(0, 256);
  private readonly resetService: string[] = []; private readonly resetCount: number[] = [];

  /**
   * `expectedRecords` (from the input's size, when known) sizes the large tables up front: growing them
   * copies them and faults in fresh memory each time, and unused capacity costs nothing until touched.
   */
  constructor(fields: readonly string[] = DEFAULT_FIELDS, { expectedRecords = 0 } = {}) {
    const capacity = Math.min(Math.max(expectedRecords / 4, 1 << 14), 1 << 18);
    this.talkers = new KeyTable(3, capacity);
    this.asymReq = new KeyTable(1, capacity);
    if (expectedRecords >= COMMIT_FROM_RECORDS) {
      this.talkers.commit();
      this.asymReq.commit();
      this.recent.commit();
    }
    this.setFormat(fields);
  }

  /** Switches the record format (a header line does this by itself). */
  setFormat(fields: readonly string[]): void {
    this.fields = [...fields];
    this.nFields = fields.length;
    this.stride = fields.length;
    if (!this.own || this.own.maxStride < this.stride) {
      this.own = new RecordBatch(BATCH, Math.max(this.stride, 32));
      this.use(this.own);
    }
    const col = (n: string) => fields.indexOf(n);
    this.cSrc = col('srcaddr'); this.cDst = col('dstaddr'); this.cPktSrc = col('pkt-srcaddr'); this.cPktDst = col('pkt-dstaddr');
    this.cSrcPort = col('srcport'); this.cDstPort = col('dstport'); this.cProto = col('protocol');
    this.cPackets = col('packets'); this.cBytes = col('bytes'); this.cStart = col('start'); this.cEnd = col('end');
    this.cAction = col('action'); this.cStatus = col('log-status'); this.cIface = col('interface-id'); this.cFlags = col('tcp-flags');
    const kind = (f: string) => FIELDS.get(f)?.kind;
    this.numericCols = Int32Array.from(fields.map((f, i) => (kind(f) === 'number' || kind(f) === 'time' ? i : -1)).filter((i) => i >= 0));
    // Address and interface columns take part in keys; numbers are mixed in by value.
    const hashed = new Set([this.cSrc, this.cDst, this.cPktSrc, this.cPktDst, this.cIface]);
    this.modes = Uint8Array.from(fields.map((f, i) => (kind(f) === 'number' || kind(f) === 'time' ? MODE_NUMBER : hashed.has(i) ? MODE_HASH : MODE_SKIP)));
    // A counting analyzer never scans: its scanner is made by the first load().
    if (this.scanner && this.scanner.columns < this.stride) this.scanner = null;
    if (this.scanner) this.scanner.setFormat(this.modes);
    else if (this.loaded) this.load(this.loaded.buf, this.loaded.start, this.loaded.end);
    if (this.out) {
      if (this.nFields > this.out.layout.maxStride) throw new Error(`a format of ${this.nFields} fields is more than summarize reads on two threads (${this.out.layout.maxStride}); use --threads 1`);
      this.out.sendFormat(this.fields);
    }
    if (this.cIface >= 0) this.hasIface = true;
    if (this.cFlags >= 0) this.hasFlags = true;
    const last = this.formats[this.formats.length - 1];
    if (!last || last.join(' ') !== this.fields.join(' ')) this.formats.push(this.fields);
  }

  /** Scans into, or counts from, `batch`. */
  private use(b: RecordBatch): void {
    this.fs = b.fs; this.fe = b.fe; this.fv = b.fv; this.ha = b.ha; this.hb = b.hb;
    this.bStatus = b.status; this.bAction = b.action; this.bSrc = b.src; this.bDst = b.dst;
    this.bPair = b.pair; this.bFlow = b.flow; this.bIface = b.iface; this.bAsym = b.asym;
  }

  /** Reads one line: buf[start, end), without its newline. Never throws; bad lines count as skipped. */
  line(buf: Uint8Array, start: number, end: number): void {
    this.lines(buf, start, end);
  }

  /**
   * Reads every line of buf[start, end) ('\n'-separated; a last line without one counts too). Same
   * result as line() for each, but records go through in batches: the hash-table slots a batch will
   * update are loaded in one tight loop first, so their cache misses overlap instead of each stalling
   * its record in turn (the tables are megabytes; counting is bound by memory latency, not arithmetic).
   */
  lines(buf: Uint8Array, start: number, end: number): void {
    this.load(buf, start, end);
    if (this.out) return this.pipeLines(this.out, buf, start, end);
    let pos = start;
    while (pos < end) {
      const b = this.own as RecordBatch;
      pos = this.scanRun(b, buf, pos, 0, b.records, -1);
      this.countBatch(buf, this.scanned);
      // The records before a header are in the old format.
      if (this.scanStop === HEADER) this.setFormat(this.pendingHeader);
    }
  }

  /** Gives the scanner buf[start, end) to read (making the scanner on first use). */
  private load(buf: Uint8Array, start: number, end: number): void {
    if (!this.scanner) {
      this.scanner = new LineScanner(Math.max(BATCH, DEFAULT_LAYOUT.records, this.out?.layout.records ?? 0), Math.max(this.stride, DEFAULT_LAYOUT.maxStride));
      this.scanner.setFormat(this.modes);
    }
    this.scanner.load(buf, start, end);
    this.loaded = { buf, start, end };
  }

  /**
   * Scans lines of the loaded run from `pos` into batch b's record slots from r0 on: at most `max` records
   * and (limit ≥ 0) no line ending past offset `limit`. Returns where it stopped, with the records in
   * `scanned` and why in `scanStop` (a scanner's reason, or HEADER with the format in pendingHeader).
   */
  private scanRun(b: RecordBatch, buf: Uint8Array, pos: number, r0: number, max: number, limit: number): number {
    const s = this.scanner as LineScanner;
    let r = r0;
    for (;;) {
      const next = s.scan(b, pos, r, max, limit);
      this.skipped += s.skippedLines();
      r = s.recordsScanned;
      if (s.reason !== SCAN_CANDIDATE) {
        this.scanned = r;
        this.scanStop = s.reason;
        return next;
      }
      // A first field starting with a lowercase letter: a header line, or else a record or a bad line.
      const line = s.candidate;
      const header = this.headerAt(buf, line.start, line.end, r * this.stride);
      if (header) {
        this.pendingHeader = header;
        this.scanned = r;
        this.scanStop = HEADER;
        return next;
      }
      if (line.fields === this.nFields) r++;
      else this.skipped++;
      pos = next;
    }
  }

  private countBatch(buf: Uint8Array, n: number): void {
    for (let r = 0; r < n; r++) this.classify(buf, r);
    this.countClassified(buf, n);
  }

  private countClassified(buf: Uint8Array, n: number): void {
    let warm = 0;
    for (let r = 0; r < n; r++) {
      warm += this.recent.touch(this.bFlow[r]) + this.talkers.touch(this.bPair[r]) + this.asymReq.touch(this.bAsym[r]);
    }
    this.warm = warm;
    for (let r = 0; r < n; r++) this.count(buf, r);
  }

  /**
   * From now on this analyzer only reads: lines() scans (and may classify) records into the ring's batches,
   * setFormat() sends the switch along, and another analyzer counts them in the same order (countFrom()).
   * What this one still counts is skipped lines (skippedLines()).
   */
  pipeTo(ring: BatchRing): void {
    this.out = ring;
    try {
      // Sends the current format first (and checks that batches can carry it).
      this.setFormat(this.fields);
    } catch (e) {
      this.out = null;
      throw e;
    }
  }

  /** Lines skipped as malformed (for a reader in a pipeline, whose counter has the rest). */
  skippedLines(): number {
    return this.skipped;
  }

  /** Counts what a reading analyzer sends through `ring` (see pipeTo()), until the ring is closed. */
  countFrom(ring: BatchRing): void {
    for (let m = ring.next(); m !== null; m = ring.next()) {
      if (m.kind === KIND_FORMAT) this.setFormat(m.fields);
      else if (m.n > 0) {
        this.use(m.batch);
        // The offsets are the reader's; the batch's bytes are its lines from `first` on.
        this.byteBase = m.first;
        if (m.classified) this.countClassified(m.batch.bytes, m.n);
        else this.countBatch(m.batch.bytes, m.n);
      }
      ring.release();
    }
  }

  /**
   * lines() of a reader in a pipeline: it scans (about half the work), and classifies too while the
   * counting side is behind; each batch carries a copy of its lines from `first` on.
   */
  private pipeLines(out: BatchRing, buf: Uint8Array, start: number, end: number): void {
    let pos = start;
    while (pos < end) {
      const b = out.acquire();
      this.use(b);
      let first = pos;
      pos = this.scanRun(b, buf, pos, 0, b.records, first + b.byteCapacity);
      while (this.scanStop === SCAN_LIMIT && this.scanned === 0 && pos < end) {
        // A single line longer than a batch carries is no flow-log record.
        let nl = buf.indexOf(10, pos);
        if (nl < 0 || nl > end) nl = end;
        this.skipped++;
        pos = first = nl + 1;
        if (pos < end) pos = this.scanRun(b, buf, pos, 0, b.records, first + b.byteCapacity);
      }
      const n = this.scanned;
      const header = this.scanStop === HEADER;
      // Classifying costs about as much as counting: the reader takes it over while the counter is behind.
      const classified = out.backlog() >= out.layout.slots * CLASSIFY_FROM_BACKLOG;
      if (classified) for (let r = 0; r < n; r++) this.classify(buf, r);
      b.bytes.set(buf.subarray(first, pos));
      out.sendRecords(n, first, pos - first, classified);
      // The records before a header line went in the old format; the switch follows them.
      if (header) this.setFormat(this.pendingHeader);
    }
  }

  /**
   * Validates the record in slot `r` (a bad one changes no counter but `skipped`) and derives what
   * counting needs: status, action, the endpoint columns and the hash-table keys.
   */
  private classify(buf: Uint8Array, r: number): void {
    this.base = r * this.stride;
    const fs = this.fs; const fe = this.fe;
    this.bPair[r] = 0; this.bFlow[r] = 0; this.bAsym[r] = 0;
    // Validate every numeric field first, so a bad line changes no counter.
    const nc = this.numericCols;
    for (let k = 0; k < nc.length; k++) {
      if (Number.isNaN(this.fv[this.base + nc[k]])) { this.skipped++; this.bStatus[r] = INVALID; return; }
    }
    let status = 0; // 0 unknown/'-', 1 OK, 2 NODATA, 3 SKIPDATA
    if (this.cStatus >= 0) {
      const s = fs[this.base + this.cStatus];
      const len = fe[this.base + this.cStatus] - s;
      const c = buf[s - this.byteBase];
      if (c === 79 && len === 2) status = 1;
      else if (c === 78 && len === 6) status = 2;
      else if (c === 83 && len === 8) status = 3;
      else if (!(c === 45 && len === 1)) { this.skipped++; this.bStatus[r] = INVALID; return; }
    }
    let action = 0; // 0 '-', 1 ACCEPT, 2 REJECT
    if (this.cAction >= 0) {
      const s = fs[this.base + this.cAction];
      const len = fe[this.base + this.cAction] - s;
      const c = buf[s - this.byteBase];
      if (c === 65 && len === 6) action = 1;
      else if (c === 82 && len === 6) action = 2;
      else if (!(c === 45 && len === 1)) { this.skipped++; this.bStatus[r] = INVALID; return; }
    }
    this.bStatus[r] = status;
    this.bAction[r] = action;
    if (status === 2 || status === 3) return;

    // Behind a NAT or transit gateway the packet-level addresses name the real endpoints.
    let src = this.cSrc;
    let dst = this.cDst;
    if (this.cPktSrc >= 0 && !this.isDash(buf, this.cPktSrc)) src = this.cPktSrc;
    if (this.cPktDst >= 0 && !this.isDash(buf, this.cPktDst)) dst = this.cPktDst;
    this.bSrc[r] = src;
    this.bDst[r] = dst;
    const srcPort = this.num(this.cSrcPort);
    const dstPort = this.num(this.cDstPort);
    const proto = this.num(this.cProto);
    if (src >= 0 && dst >= 0 && !this.isDash(buf, src) && !this.isDash(buf, dst)) {
      this.bPair[r] = this.k0().k(src).k(dst).kv();
      if (this.cIface >= 0) {
        this.bFlow[r] = this.kn(srcPort).kn(dstPort).kn(proto).kn(this.num(this.cStart)).kn(this.num(this.cEnd)).kv();
        this.bIface[r] = this.k0().k(this.cIface).kv();
      }
    }
    if ((proto === 6 || proto === 17) && srcPort >= 0 && dstPort >= 0 && this.cSrc >= 0 && this.cDst >= 0) {
      // Stateless NACLs: the request is ACCEPTed, the reply (service port → the client's ephemeral
      // port) REJECTed, on the same interface. Security groups are stateful and never reject a reply.
      if (action === 1 && srcPort >= EPHEMERAL_MIN && dstPort < srcPort) this.bAsym[r] = this.k0().k(this.cIface).k(this.cSrc).k(this.cDst).kn(dstPort).kn(proto).kv();
      else if (action === 2 && dstPort >= EPHEMERAL_MIN && srcPort < dstPort) this.bAsym[r] = this.k0().k(this.cIface).k(this.cDst).k(this.cSrc).kn(srcPort).kn(proto).kv();
    }
  }

  /** Counts the classified record in slot `r`. */
  private count(buf: Uint8Array, r: number): void {
    const status = this.bStatus[r];
    if (status === INVALID) return;
    this.base = r * this.stride;
    const action = this.bAction[r];
    this.records++;
    if (status === 1) this.ok++;
    else if (status === 2) this.nodata++;
    else if (status === 3) this.skipdata++;
    if (action === 1) this.accept++;
    else if (action === 2) this.reject++;
    const startT = this.num(this.cStart);
    const endT = this.num(this.cEnd);
    if (startT >= 0 && startT < this.firstStart) this.firstStart = startT;
    if (endT > this.lastEnd) this.lastEnd = endT;
    if (status === 2 || status === 3) {
      // No traffic data in these records, only the interval.
      if (this.intervals.length < MAX_INTERVALS) {
        this.intervals.push({ status: status === 2 ? 'NODATA' : 'SKIPDATA', interfaceId: this.str(buf, this.cIface), start: startT >= 0 ? startT : null, end: endT >= 0 ? endT : null });
      }
      return;
    }

    const src = this.bSrc[r];
    const dst = this.bDst[r];
    if ((src !== this.cSrc && !this.same(src, this.cSrc)) || (dst !== this.cDst && !this.same(dst, this.cDst))) this.translated++;
    const pairKey = this.bPair[r];
    const srcPort = this.num(this.cSrcPort);
    const dstPort = this.num(this.cDstPort);
    const proto = this.num(this.cProto);
    const bytes = this.num(this.cBytes);
    const packets = this.num(this.cPackets);

    if (action === 2) this.countReject(buf, src, dst, srcPort, dstPort, proto);
    const asymKey = this.bAsym[r];
    if (asymKey !== 0) {
      if (action === 1) this.asymReq.values[this.asymReq.slot(asymKey) + 1]++;
      else this.countRejectedReply(buf, asymKey, srcPort);
    }

    const flowKey = this.bFlow[r];
    if (flowKey !== 0) {
      // The same flow between two interfaces of one VPC is logged on both: same 5-tuple and window,
      // different interface-id. Count it once.
      const iface = this.bIface[r];
      const seen = this.recent.get(flowKey);
      if (seen !== 0 && seen !== iface) { this.duplicates++; return; }
      if (seen === 0) this.recent.set(flowKey, iface);
    }
    if (bytes > 0) this.bytes += bytes;
    if (packets > 0) this.packets += packets;
    if (this.extras) this.countExtras(buf, startT >= 0 ? startT : endT, action, bytes, src, dst);
    if (pairKey !== 0) {
      const o = this.talkers.slot(pairKey);
      if (this.talkers.isNew) {
        this.talkerSrc.push(this.addr(buf, src));
        this.talkerDst.push(this.addr(buf, dst));
      }
      const t = this.talkers.values;
      if (bytes > 0) t[o + 1] += bytes;
      if (packets > 0) t[o + 2] += packets;
      t[o + 3]++;
    }
    if (this.cFlags >= 0 && proto === 6 && pairKey !== 0 && srcPort >= 0 && dstPort >= 0) {
      const flags = this.num(this.cFlags);
      if (flags > 0 && (flags & 4) !== 0) {
        // The service is the side with the lower port (the client's side is ephemeral).
        const col = srcPort < dstPort ? src : dst;
        const port = srcPort < dstPort ? srcPort : dstPort;
        const id = this.resets.intern(this.k0().k(col).kn(port).kv());
        if (this.resets.isNew) {
          const a = this.copy(buf, col);
          this.resetService.push(a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`);
          this.resetCount.push(0);
        }
        this.resetCount[id]++;
      }
    }
  }

  /** Also keeps bytes per minute and per instance behind NAT/transit gateways (see timelineAndNat()). */
  trackTimelineAndNat(): void {
    this.extras = true;
  }

  private countExtras(buf: Uint8Array, time: number, action: number, bytes: number, src: number, dst: number): void {
    const b = bytes > 0 ? bytes : 0;
    if (time >= 0) {
      const minute = Math.floor(time / 60) * 60;
      let i = this.minuteIndex.get(minute);
      if (i === undefined) {
        i = this.minuteStart.length;
        this.minuteIndex.set(minute, i);
        this.minuteStart.push(minute); this.minuteAccepted.push(0); this.minuteRejected.push(0);
      }
      if (action === 2) this.minuteRejected[i] += b; else this.minuteAccepted[i] += b;
    }
    // On a NAT gateway's interface the private side talks to the gateway's own address (dstaddr or srcaddr)
    // while the packet-level address names the far end.
    let gateway = -1; let instance = -1; let out = true;
    if (dst === this.cPktDst && this.cDst >= 0 && !this.isDash(buf, this.cDst) && !this.same(this.cPktDst, this.cDst) && src >= 0 && !this.isDash(buf, src)) { gateway = this.cDst; instance = src; }
    else if (src === this.cPktSrc && this.cSrc >= 0 && !this.isDash(buf, this.cSrc) && !this.same(this.cPktSrc, this.cSrc) && dst >= 0 && !this.isDash(buf, dst)) { gateway = this.cSrc; instance = dst; out = false; }
    if (gateway < 0) return;
    const id = this.nat.intern(this.k0().k(gateway).k(instance).kv());
    if (this.nat.isNew) {
      this.natGateway.push(this.copy(buf, gateway)); this.natInstance.push(this.copy(buf, instance));
      this.natOut.push(0); this.natIn.push(0); this.natRecords.push(0);
    }
    if (out) this.natOut[id] += b; else this.natIn[id] += b;
    this.natRecords[id]++;
  }

  /** Bytes per minute (accepted or unlabelled, rejected) and the top instances by bytes through NAT gateways. */
  timelineAndNat(top = 10): { minutes: Map<number, [number, number]>; nat: { gateway: string; instance: string; bytesOut: number; bytesIn: number; records: number }[] } {
    const minutes = new Map<number, [number, number]>();
    for (let i = 0; i < this.minuteStart.length; i++) minutes.set(this.minuteStart[i], [this.minuteAccepted[i], this.minuteRejected[i]]);
    const nat = topIds(this.natGateway.length, top, (a, b) => this.natOut[a] + this.natIn[a] - (this.natOut[b] + this.natIn[b]))
      .map((i) => ({ gateway: this.natGateway[i], instance: this.natInstance[i], bytesOut: this.natOut[i], bytesIn: this.natIn[i], records: this.natRecords[i] }));
    return { minutes, nat };
  }

  /** Starts a key. */
  private k0(): this {
    this.ka = SEED_A;
    this.kb = SEED_B;
    return this;
  }

  /** Mixes column `col`'s hashes into the key; an absent column (-1) mixes in a constant. */
  private k(col: number): this {
    const x = col >= 0 ? this.ha[this.base + col] : 0x55;
    const y = col >= 0 ? this.hb[this.base + col] : 0x55;
    let a = Math.imul(this.ka ^ x, P2); a ^= a >>> 13;
    let b = Math.imul(this.kb ^ y, P1); b ^= b >>> 16;
    this.ka = a; this.kb = b;
    return this;
  }

  private kn(n: number): this {
    let a = Math.imul(this.ka ^ n, P2); a ^= a >>> 13;
    let b = Math.imul(this.kb ^ (n + 0x1234567), P1); b ^= b >>> 16;
    this.ka = a; this.kb = b;
    return this;
  }

  /** The key as a positive 52-bit integer (0 means "empty" in the tables). */
  private kv(): number {
    return ((this.ka >>> 6) & 0x3ffffff) * 0x4000000 + ((this.kb >>> 6) & 0x3ffffff) + 1;
  }

  private countReject(buf: Uint8Array, src: number, dst: number, srcPort: number, dstPort: number, proto: number): void {
    // An exact numeric key (never 0, the tables' "empty"): ports and protocols are small.
    const key = (dstPort + 2) * 512 + (proto + 2) + 1;
    const id = this.rejPorts.intern(key);
    if (this.rejPorts.isNew) {
      this.rejPort.push(dstPort >= 0 ? dstPort : null);
      this.rejProto.push(proto >= 0 ? proto : null);
      this.rejCount.push(0);
    }
    this.rejCount[id]++;
    // A rejected reply (from a service port to an ephemeral port) is not a probe: it belongs to the
    // asymmetric check, and counting it would make busy servers look like scanners.
    const replyLike = srcPort >= 0 && dstPort >= EPHEMERAL_MIN && srcPort < dstPort;
    if (replyLike || src < 0 || this.isDash(buf, src)) return;
    const sid = this.scanSrc.intern(this.k0().k(src).kv());
    if (this.scanSrc.isNew) {
      this.scanAddr.push(this.copy(buf, src));
      this.scanTargets.push(0);
      this.scanRejects.push(0);
    }
    this.scanRejects[sid]++;
    if (dst >= 0) {
      this.scanSeen.intern(this.k(dst).kn(dstPort).kv());
      if (this.scanSeen.isNew) this.scanTargets[sid]++;
    }
  }

  /** A rejected reply (see classify()): the client is the destination, the server the source. */
  private countRejectedReply(buf: Uint8Array, key: number, serverPort: number): void {
    const id = this.asym.intern(key);
    if (this.asym.isNew) {
      this.asymKey.push(key);
      this.asymIface.push(this.str(buf, this.cIface) ?? '-');
      this.asymClient.push(this.copy(buf, this.cDst));
      this.asymServer.push(this.copy(buf, this.cSrc));
      this.asymPort.push(serverPort);
      this.asymRejected.push(0);
    }
    this.asymRejected[id]++;
  }

  private acceptedRequests(i: number): number {
    const o = this.asymReq.find(this.asymKey[i]);
    return o < 0 ? 0 : this.asymReq.values[o + 1];
  }

  /** The fields a header line names (its first field, in slot `base`, is checked first: cheap). */
  private headerAt(buf: Uint8Array, start: number, end: number, base: number): string[] | null {
    if (!FIELDS.has(latin1(buf, this.fs[base], this.fe[base]))) return null;
    return headerFields(latin1(buf, start, end));
  }

  /** The number in column `col`: ABSENT (-2) without the column, -1 for '-' (the scanner's "no value"). */
  private num(col: number): number {
    return col < 0 ? ABSENT : this.fv[this.base + col];
  }

  private isDash(buf: Uint8Array, col: number): boolean {
    const f = this.base + col;
    return this.fe[f] - this.fs[f] === 1 && buf[this.fs[f] - this.byteBase] === 45;
  }

  private same(a: number, b: number): boolean {
    const o = this.base;
    return b < 0 || (this.ha[o + a] === this.ha[o + b] && this.hb[o + a] === this.hb[o + b]);
  }

  private copy(buf: Uint8Array, col: number): string {
    return latin1(buf, this.fs[this.base + col] - this.byteBase, this.fe[this.base + col] - this.byteBase);
  }

  /** The id of the address in column `col` (its string is made the first time). */
  private addr(buf: Uint8Array, col: number): number {
    const id = this.addrs.intern(this.k0().k(col).kv());
    if (this.addrs.isNew) this.addrText.push(this.copy(buf, col));
    return id;
  }

  private str(buf: Uint8Array, col: number): string | null {
    if (col < 0 || this.isDash(buf, col)) return null;
    return this.copy(buf, col);
  }

  summary(top = 10): FlowLogSummary {
    // A scanner's traffic is mostly rejected; a busy client with a few rejects to many services is not one.
    const candidates = new Set<string>();
    for (let i = 0; i < this.scanAddr.length; i++) if (this.scanTargets[i] >= SCANNER_MIN_TARGETS) candidates.add(this.scanAddr[i]);
    const sourceRecords = new Map<string, number>();
    if (candidates.size) {
      for (let i = 0; i < this.talkerSrc.length; i++) {
        const a = this.addrText[this.talkerSrc[i]];
        if (candidates.has(a)) sourceRecords.set(a, (sourceRecords.get(a) ?? 0) + this.talkers.counter(i, 3));
      }
    }
    const isScanner = (i: number) => this.scanTargets[i] >= SCANNER_MIN_TARGETS && this.scanRejects[i] * 2 >= (sourceRecords.get(this.scanAddr[i]) ?? 0);
    const s: FlowLogSummary = {
      records: this.records,
      skippedLines: this.skipped,
      logStatus: { OK: this.ok, NODATA: this.nodata, SKIPDATA: this.skipdata },
      action: { ACCEPT: this.accept, REJECT: this.reject },
      bytes: this.bytes,
      packets: this.packets,
      topTalkers: topIds(this.talkers.size, top, (a, b) => this.talkers.counter(a, 1) - this.talkers.counter(b, 1) || this.talkers.counter(a, 2) - this.talkers.counter(b, 2))
        .map((i) => ({ srcaddr: this.addrText[this.talkerSrc[i]], dstaddr: this.addrText[this.talkerDst[i]], bytes: this.talkers.counter(i, 1), packets: this.talkers.counter(i, 2) })),
      rejectedByDstPort: topIds(this.rejCount.length, top, (a, b) => this.rejCount[a] - this.rejCount[b] || (this.rejPort[b] ?? 1e6) - (this.rejPort[a] ?? 1e6))
        .map((i) => ({ dstport: this.rejPort[i], protocol: this.rejProto[i], records: this.rejCount[i] })),
      scanners: topIds(this.scanAddr.length, top, (a, b) => this.scanTargets[a] - this.scanTargets[b] || this.scanRejects[a] - this.scanRejects[b], isScanner)
        .map((i) => ({ srcaddr: this.scanAddr[i], distinctTargets: this.scanTargets[i], rejectedRecords: this.scanRejects[i] })),
      asymmetric: topIds(this.asymPort.length, top, (a, b) => this.asymRejected[a] - this.asymRejected[b] || this.acceptedRequests(a) - this.acceptedRequests(b), (i) => this.acceptedRequests(i) > 0)
        .map((i) => ({ interfaceId: this.asymIface[i], client: this.asymClient[i], server: this.asymServer[i], serverPort: this.asymPort[i], acceptedRequests: this.acceptedRequests(i), rejectedReplies: this.asymRejected[i] })),
    };
    if (this.hasFlags) {
      s.resets = topIds(this.resetCount.length, top, (a, b) => this.resetCount[a] - this.resetCount[b]).map((i) => ({ service: this.resetService[i], records: this.resetCount[i] }));
    }
    return s;
  }

  details(): FlowLogDetails {
    return {
      duplicateRecords: this.duplicates,
      translatedRecords: this.translated,
      hasInterfaceId: this.hasIface,
      hasTcpFlags: this.hasFlags,
      firstStart: Number.isFinite(this.firstStart) ? this.firstStart : null,
      lastEnd: Number.isFinite(this.lastEnd) ? this.lastEnd : null,
      statusIntervals: [...this.intervals],
      formats: this.formats.map((f) => [...f]),
    };
  }
}

/** A fresh string of the bytes (latin1: flow logs are ASCII). */
function latin1(buf: Uint8Array, start: number, end: number): string {
  return (Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)).toString('latin1', start, end);
}

/**
 * The ids of the `n` largest entries by `cmp` (ties keep first-seen order), without sorting all of
 * them: a million address pairs must not cost a million-element sort for a top 10.
 */
function topIds(count: number, n: number, cmp: (a: number, b: number) => number, keep?: (i: number) => boolean): number[] {
  const best: number[] = [];
  if (n <= 0) return best;
  for (let i = 0; i < count; i++) {
    if (keep && !keep(i)) continue;
    if (best.length === n && cmp(i, best[n - 1]) <= 0) continue;
    let j = best.length < n ? best.length : n - 1;
    while (j > 0 && cmp(i, best[j - 1]) > 0) { best[j] = best[j - 1]; j--; }
    best[j] = i;
  }
  return best;
}
