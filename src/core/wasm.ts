// WebAssembly compiled from Flowscope's AssemblyScript (scripts/build-wasm.mjs), for the loops that must be fast
// from the first byte of a cold process (a CLI run never reaches the JavaScript engine's optimized code in time).
import { Buffer } from 'node:buffer';

/** The parts of the engine's API used here (the TypeScript libraries for Node without the DOM declare only a namespace). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A module given as base64, compiled on first use; each instance has memory of its own. */
export class WasmModule<Exports> {
  private compiled: object | undefined;

  constructor(private readonly base64: string) {}

  instantiate(imports: object): Exports {
    this.compiled ??= new api.Module(Buffer.from(this.base64, 'base64'));
    return new api.Instance(this.compiled, imports).exports as Exports;
  }
}
