// The pre-filter on a file's bytes, before they are decoded (scanner/*.wat):
// the CLI reads every .py file of a tree and four in five are turned down,
// so most are never decoded. Over the survey's 52,904 files (321 MB) the
// text test took twice as long as reading them (bench section 7: 2.09x,
// 2,374-2,867 ms against 1,101-1,434); most of it was scans of every byte
// in regular expressions and, for the files with an indented setting-shaped
// name, a character-by-character walk in JavaScript. The scanner reads 16
// bytes at a time in WebAssembly: with it the pre-filter takes 0.62x of the
// reading (714-851 ms against 1,133-1,311, reading being the bytes, their
// UTF-8 check and decoding the files it lets through).
import { isPackageInit } from '../prefilter';
import { SCANNER_WASM } from './scanner-wasm';
import { writeTables, type Layout } from './tables';

/** `undecided`: decode the file and ask mightConfigureCelery (scanner.wat says when). */
export type ByteVerdict = 'no' | 'yes' | 'undecided';

const VERDICTS: readonly ByteVerdict[] = ['no', 'yes', 'undecided'];

/** What this needs of WebAssembly (the project's TypeScript libraries do not declare it). */
interface WebAssemblyRuntime {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

interface ScannerExports extends Record<keyof Layout | 'padding', { readonly value: unknown }> {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly configure: (needleCount: number, multiplier: number) => void;
  readonly scan: (start: number, end: number) => number;
}

interface Scanner {
  readonly exports: ScannerExports;
  readonly input: number;
  readonly padding: number;
  /** The memory's bytes (a new view after it grows). */
  bytes: Uint8Array;
}

/** undefined until first asked for; null where it cannot run (no WebAssembly, or no SIMD): then every file is undecided. */
let scanner: Scanner | null | undefined;

function loadScanner(): Scanner | null {
  const runtime = (globalThis as { WebAssembly?: WebAssemblyRuntime }).WebAssembly;
  let exports: ScannerExports;
  try {
    // Compiled when first needed: a 2 KB module, well under a millisecond, also in a one-file run.
    exports = new runtime!.Instance(new runtime!.Module(Buffer.from(SCANNER_WASM, 'base64'))).exports as ScannerExports;
  } catch {
    return null;
  }
  const at = (name: keyof Layout | 'padding') => exports[name].value as number;
  const bytes = new Uint8Array(exports.memory.buffer);
  const layout: Layout = { fingerprints: at('fingerprints'), needles: at('needles'), nameSlots: at('nameSlots'), names: at('names'), literals: at('literals'), strings: at('strings'), input: at('input') };
  const configuration = writeTables(bytes, layout);
  exports.configure(configuration.needleCount, configuration.multiplier);
  return { exports, input: layout.input, padding: at('padding'), bytes };
}

/** Whether the byte test runs here (it is only a shortcut: without it every file is undecided). */
export function byteScannerAvailable(): boolean {
  if (scanner === undefined) scanner = loadScanner();
  return scanner !== null;
}

/**
 * mightConfigureCelery's answer from a file's bytes, which must be valid
 * UTF-8 (buffer.isUtf8; a leading byte-order mark is passed over, as
 * decoding drops it), or `undecided` when only its text can tell.
 */
export function mightConfigureCeleryBytes(bytes: Uint8Array, path?: string): ByteVerdict {
  if (path !== undefined && isPackageInit(path)) return 'yes';
  if (!byteScannerAvailable()) return 'undecided';
  const s = scanner!;
  const end = s.input + bytes.length;
  if (s.bytes.length < end + s.padding) {
    s.exports.memory.grow(Math.ceil((end + s.padding - s.bytes.length) / 65536));
    s.bytes = new Uint8Array(s.exports.memory.buffer);
  }
  s.bytes.set(bytes, s.input);
  s.bytes.fill(0, end, end + s.padding);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return VERDICTS[s.exports.scan(s.input + (bom ? 3 : 0), end)]!;
}
