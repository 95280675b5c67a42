// The flow-log analyzer: one pass over records, constant work per record, no per-record allocation.
// It reads the bytes (never a string per line): one scan of a line finds the fields and, for each, its
// number and two 32-bit hashes of its bytes, in reused typed arrays. Every key the analysis counts by
// (an address pair, a 5-tuple, a service) is then a 52-bit mix of those field hashes, looked up in
// typed-array hash tables (hash.ts); strings are made only when a key is seen for the first time.
// With two independent hashes per field the chance of two different keys colliding among a million is
// about 1e-4.
import { DEFAULT_FIELDS, FIELDS, headerFields } from './fields';
import { HashIndex, RecentKeys } from './hash';

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
const NONE = -1;

const MODE_SKIP = 0;
const MODE_NUMBER = 1;
const MODE_HASH = 2;
const P1 = 0x01000193;
const P2 = 0x5bd1e995;
const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x9e3779b9 | 0;

export class FlowLogAnalyzer {
  private fields: string[] = [];
  private nFields = 0;
  // Per column of the current line: byte offsets, parsed number and two hashes.
  private fs = new Int32Array(64);
  private fe = new Int32Array(64);
  private fv = new Float64Array(64);
  private ha = new Int32Array(64);
  private hb = new Int32Array(64);
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
  private readonly talkers = new HashIndex(4096);
  private readonly talkerSrc: string[] = []; private readonly talkerDst: string[] = [];
  private readonly talkerBytes: number[] = []; private readonly talkerPackets: number[] = []; private readonly talkerRecords: number[] = [];
  private readonly rejPorts = new HashIndex(256);
  private readonly rejPort: (number | null)[] = []; private readonly rejProto: (number | null)[] = []; private readonly rejCount: number[] = [];
  private readonly scanSrc = new HashIndex(256);
  private readonly scanAddr: string[] = []; private readonly scanTargets: number[] = []; private readonly scanRejects: number[] = [];
  private readonly scanSeen = new HashIndex(1024);
  // Accepted requests are counted by key only (no strings: nearly every accepted record is one); the
  // rejected replies, which are rare, keep their addresses and find their requests' count at the end.
  private readonly asymReq = new HashIndex(4096);
  private readonly asymReqCount: number[] = [];
  private readonly asym = new HashIndex(256);
  private readonly asymKey: number[] = [];
  private readonly asymIface: string[] = []; private readonly asymClient: string[] = []; private readonly asymServer: string[] = [];
  private readonly asymPort: number[] = []; private readonly asymRejected: number[] = [];
  // Bytes per minute and NAT usage, for the editor's report (off unless trackTimelineAndNat() was called).
  private extras = false;
  private readonly minuteIndex = new Map<number, number>();
  private readonly minuteStart: number[] = []; private readonly minuteAccepted: number[] = []; private readonly minuteRejected: number[] = [];
  private readonly nat = new HashIndex(64);
  private readonly natGateway: string[] = []; private readonly natInstance: string[] = [];
  private readonly natOut: number[] = []; private readonly natIn: number[] = []; private readonly natRecords: number[] = [];
  private readonly resets = new HashIndex(256);
  private readonly resetService: string[] = []; private readonly resetCount: number[] = [];

  constructor(fields: readonly string[] = DEFAULT_FIELDS) {
    this.setFormat(fields);
  }

  /** Switches the record format (a header line does this by itself). */
  setFormat(fields: readonly string[]): void {
    this.fields = [...fields];
    this.nFields = fields.length;
    if (fields.length >= this.fs.length) {
      const n = fields.length + 1;
      this.fs = new Int32Array(n); this.fe = new Int32Array(n); this.fv = new Float64Array(n);
      this.ha = new Int32Array(n); this.hb = new Int32Array(n);
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
    if (this.cIface >= 0) this.hasIface = true;
    if (this.cFlags >= 0) this.hasFlags = true;
    const last = this.formats[this.formats.length - 1];
    if (!last || last.join(' ') !== this.fields.join(' ')) this.formats.push(this.fields);
  }

  /** Reads one line: buf[start, end), without its newline. Never throws; bad lines count as skipped. */
  line(buf: Uint8Array, start: number, end: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    const fs = this.fs; const fe = this.fe; const fv = this.fv; const ha = this.ha; const hb = this.hb;
    const max = this.nFields;
    let n = 0;
    let i = start;
    const modes = this.modes;
    while (i < end) {
      let c = buf[i];
      if (c === 32 || c === 9) { i++; continue; }
      if (n === max) { n++; break; }
      fs[n] = i;
      // One scan per field, doing only what the analysis needs of it: a number, hashes, or nothing.
      const mode = modes[n];
      if (mode === MODE_NUMBER) {
        let v = 0;
        do {
          const d = c - 48;
          if (d >= 0 && d <= 9) v = v * 10 + d; else v = NaN;
          if (++i === end) break;
          c = buf[i];
        } while (c !== 32 && c !== 9);
        fv[n] = v === v ? v : i - fs[n] === 1 && buf[fs[n]] === 45 ? NONE : NaN;
      } else if (mode === MODE_HASH) {
        let a = SEED_A; let b = SEED_B;
        do {
          a = Math.imul(a ^ c, P1);
          b = Math.imul(b ^ c, P2);
          if (++i === end) break;
          c = buf[i];
        } while (c !== 32 && c !== 9);
        ha[n] = a; hb[n] = b ^ (b >>> 15);
      } else {
        while (++i < end && (c = buf[i]) !== 32 && c !== 9);
      }
      fe[n++] = i;
    }
    if (n === 0) return; // blank line
    const c0 = buf[fs[0]];
    if (c0 >= 97 && c0 <= 122 && this.tryHeader(buf, start, end)) return;
    if (n !== max) { this.skipped++; return; }

    // Validate every numeric field first, so a bad line changes no counter.
    const nc = this.numericCols;
    for (let k = 0; k < nc.length; k++) {
      if (Number.isNaN(fv[nc[k]])) { this.skipped++; return; }
    }
    let status = 0; // 0 unknown/'-', 1 OK, 2 NODATA, 3 SKIPDATA
    if (this.cStatus >= 0) {
      const s = fs[this.cStatus];
      const len = fe[this.cStatus] - s;
      const c = buf[s];
      if (c === 79 && len === 2) status = 1;
      else if (c === 78 && len === 6) status = 2;
      else if (c === 83 && len === 8) status = 3;
      else if (!(c === 45 && len === 1)) { this.skipped++; return; }
    }
    let action = 0; // 0 '-', 1 ACCEPT, 2 REJECT
    if (this.cAction >= 0) {
      const s = fs[this.cAction];
      const len = fe[this.cAction] - s;
      const c = buf[s];
      if (c === 65 && len === 6) action = 1;
      else if (c === 82 && len === 6) action = 2;
      else if (!(c === 45 && len === 1)) { this.skipped++; return; }
    }

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

    // Behind a NAT or transit gateway the packet-level addresses name the real endpoints.
    let src = this.cSrc;
    let dst = this.cDst;
    if (this.cPktSrc >= 0 && !this.isDash(buf, this.cPktSrc)) src = this.cPktSrc;
    if (this.cPktDst >= 0 && !this.isDash(buf, this.cPktDst)) dst = this.cPktDst;
    if ((src !== this.cSrc && !this.same(src, this.cSrc)) || (dst !== this.cDst && !this.same(dst, this.cDst))) this.translated++;
    const haveAddrs = src >= 0 && dst >= 0 && !this.isDash(buf, src) && !this.isDash(buf, dst);
    const srcPort = this.num(this.cSrcPort);
    const dstPort = this.num(this.cDstPort);
    const proto = this.num(this.cProto);
    const bytes = this.num(this.cBytes);
    const packets = this.num(this.cPackets);

    if (action === 2) this.countReject(buf, src, dst, srcPort, dstPort, proto);
    if ((proto === 6 || proto === 17) && srcPort >= 0 && dstPort >= 0 && this.cSrc >= 0 && this.cDst >= 0) this.countAsymmetry(buf, action, srcPort, dstPort, proto);

    let pairKey = 0;
    if (haveAddrs) {
      pairKey = this.k0().k(src).k(dst).kv();
      if (this.cIface >= 0) {
        // The same flow between two interfaces of one VPC is logged on both: same 5-tuple and window,
        // different interface-id. Count it once.
        const flowKey = this.kn(srcPort).kn(dstPort).kn(proto).kn(startT).kn(endT).kv();
        const iface = this.k0().k(this.cIface).kv();
        const seen = this.recent.get(flowKey);
        if (seen !== 0 && seen !== iface) { this.duplicates++; return; }
        if (seen === 0) this.recent.set(flowKey, iface);
      }
    }
    if (bytes > 0) this.bytes += bytes;
    if (packets > 0) this.packets += packets;
    if (this.extras) this.countExtras(buf, startT >= 0 ? startT : endT, action, bytes, src, dst);
    if (haveAddrs) {
      const id = this.talkers.intern(pairKey);
      if (this.talkers.isNew) {
        this.talkerSrc.push(this.copy(buf, src));
        this.talkerDst.push(this.copy(buf, dst));
        this.talkerBytes.push(0);
        this.talkerPackets.push(0);
        this.talkerRecords.push(0);
      }
      if (bytes > 0) this.talkerBytes[id] += bytes;
      if (packets > 0) this.talkerPackets[id] += packets;
      this.talkerRecords[id]++;
    }
    if (this.cFlags >= 0 && proto === 6 && haveAddrs && srcPort >= 0 && dstPort >= 0) {
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
    const x = col >= 0 ? this.ha[col] : 0x55;
    const y = col >= 0 ? this.hb[col] : 0x55;
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

  /**
   * Stateless NACLs: the request is ACCEPTed, the reply (service port → the client's ephemeral port)
   * REJECTed, on the same interface. Security groups are stateful and never reject a reply.
   */
  private countAsymmetry(buf: Uint8Array, action: number, srcPort: number, dstPort: number, proto: number): void {
    let client: number; let server: number; let port: number;
    if (action === 1 && srcPort >= EPHEMERAL_MIN && dstPort < srcPort) { client = this.cSrc; server = this.cDst; port = dstPort; }
    else if (action === 2 && dstPort >= EPHEMERAL_MIN && srcPort < dstPort) { client = this.cDst; server = this.cSrc; port = srcPort; }
    else return;
    const key = this.k0().k(this.cIface).k(client).k(server).kn(port).kn(proto).kv();
    if (action === 1) {
      const id = this.asymReq.intern(key);
      if (this.asymReq.isNew) this.asymReqCount.push(1);
      else this.asymReqCount[id]++;
      return;
    }
    const id = this.asym.intern(key);
    if (this.asym.isNew) {
      this.asymKey.push(key);
      this.asymIface.push(this.str(buf, this.cIface) ?? '-');
      this.asymClient.push(this.copy(buf, client));
      this.asymServer.push(this.copy(buf, server));
      this.asymPort.push(port);
      this.asymRejected.push(0);
    }
    this.asymRejected[id]++;
  }

  private acceptedRequests(i: number): number {
    const id = this.asymReq.get(this.asymKey[i]);
    return id < 0 ? 0 : this.asymReqCount[id];
  }

  private tryHeader(buf: Uint8Array, start: number, end: number): boolean {
    if (!FIELDS.has(latin1(buf, this.fs[0], this.fe[0]))) return false;
    const fields = headerFields(latin1(buf, start, end));
    if (!fields) return false;
    this.setFormat(fields);
    return true;
  }

  /** The number in column `col`: ABSENT (-2) without the column, NONE (-1) for '-'. */
  private num(col: number): number {
    return col < 0 ? ABSENT : this.fv[col];
  }

  private isDash(buf: Uint8Array, col: number): boolean {
    return this.fe[col] - this.fs[col] === 1 && buf[this.fs[col]] === 45;
  }

  private same(a: number, b: number): boolean {
    return b < 0 || (this.ha[a] === this.ha[b] && this.hb[a] === this.hb[b]);
  }

  private copy(buf: Uint8Array, col: number): string {
    return latin1(buf, this.fs[col], this.fe[col]);
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
        const a = this.talkerSrc[i];
        if (candidates.has(a)) sourceRecords.set(a, (sourceRecords.get(a) ?? 0) + this.talkerRecords[i]);
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
      topTalkers: topIds(this.talkerBytes.length, top, (a, b) => this.talkerBytes[a] - this.talkerBytes[b] || this.talkerPackets[a] - this.talkerPackets[b])
        .map((i) => ({ srcaddr: this.talkerSrc[i], dstaddr: this.talkerDst[i], bytes: this.talkerBytes[i], packets: this.talkerPackets[i] })),
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
