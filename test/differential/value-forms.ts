// Ways a project writes a value other than as a literal (issue 13, item 8):
// comparisons and int()/float()/bool()/str() of folded values, string
// methods on known strings, `+` on an environment default, tuple unpacking
// and constants imported from another project module. Each form evaluates,
// in Python, to the literal it replaces when the environment variables it
// reads are unset; the generator sometimes sets them in the deployment's
// environment, where only "may be" is a right answer.

export interface ValueForm {
  /** The expression written where the value goes. */
  readonly expr: string;
  /** Statements put at the top of the file that holds the expression. */
  readonly preamble: readonly string[];
  /** Lines of consts.py (a project module the preamble imports from). */
  readonly consts: readonly string[];
  /** Environment variables the form reads, with the value the deployment gives them (when it does). */
  readonly env: Readonly<Record<string, string>>;
  /** The form's name, for the agreement classes. */
  readonly form: string;
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A Python literal's string content, when the literal is a plain quoted string. */
function stringOf(expr: string): string | undefined {
  const m = /^'((?:[^'\\]|\\.)*)'$/.exec(expr);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : undefined;
}

const plain = (expr: string, form: string, extra: Partial<ValueForm> = {}): ValueForm => ({ expr, preamble: [], consts: [], env: {}, form, ...extra });

/**
 * Another way to write `literal` (a Python literal the generator drew), or
 * undefined when no form fits it. `n` makes names unique within a case.
 */
export function valueForm(literal: string, n: number, rnd: () => number): ValueForm | undefined {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const setEnv = (name: string, value: string): Record<string, string> => (rnd() < 0.3 ? { [name]: value } : {});
  const s = stringOf(literal);
  const forms: Array<() => ValueForm | undefined> = [];
  // Forms that fit any value.
  forms.push(() => ({ expr: `CL_A${n}`, preamble: [`CL_A${n}, CL_B${n} = ${literal}, 0`], consts: [], env: {}, form: 'tuple-unpacking' }));
  forms.push(() => ({ expr: `CL_C${n}`, preamble: [`from consts import CL_C${n}`], consts: [`CL_C${n} = ${literal}`], env: {}, form: 'imported-constant' }));
  if (s !== undefined) {
    forms.push(() => plain(`str(${literal})`, 'str()'));
    forms.push(() => {
      const i = Math.floor(s.length / 2);
      return plain(`${quote(`${s.slice(0, i)}@@${s.slice(i)}`)}.replace('@@', '')`, 'str.replace');
    });
    forms.push(() => plain(`'{}{}'.format(${quote(s.slice(0, 2))}, ${quote(s.slice(2))})`, 'str.format'));
    if (s === s.toLowerCase() && s !== s.toUpperCase()) forms.push(() => plain(`${quote(s.toUpperCase())}.lower()`, 'str.lower'));
    if (!s.endsWith('/')) forms.push(() => plain(`${quote(`${s}//`)}.rstrip('/')`, 'str.rstrip'));
    forms.push(() => {
      const name = `CL_S${n}`;
      const i = Math.min(3, s.length);
      return plain(`os.environ.get('${name}', ${quote(s.slice(0, i))}) + ${quote(s.slice(i))}`, 'env-default-plus', { env: setEnv(name, 'redis://from-env/') });
    });
    forms.push(() => {
      const name = `CL_S${n}`;
      return plain(`os.environ.get('${name}', ${literal})`, 'env-get-default', { env: setEnv(name, 'from-env') });
    });
  }
  if (literal === 'True' || literal === 'False') {
    forms.push(() => {
      const name = `CL_F${n}`;
      const [written, wanted] = literal === 'True' ? ['True', 'True'] : ['False', 'True'];
      return plain(`os.environ.get('${name}', '${written}') == '${wanted}'`, 'env-comparison', { env: setEnv(name, literal === 'True' ? 'False' : 'True') });
    });
    forms.push(() => plain(`bool(${literal === 'True' ? 1 : 0})`, 'bool()'));
    forms.push(() => plain(`'a' ${literal === 'True' ? '==' : '!='} 'a'`, 'comparison'));
  }
  if (/^\d+$/.test(literal)) {
    forms.push(() => plain(`int('${literal}')`, 'int()'));
    forms.push(() => {
      const name = `CL_N${n}`;
      return plain(`int(os.environ.get('${name}', '${literal}'))`, 'env-int', { env: setEnv(name, '9') });
    });
  }
  if (/^\d+\.\d+$/.test(literal) || /^\d+$/.test(literal)) {
    forms.push(() => plain(`float('${literal}')`, 'float()'));
    forms.push(() => {
      const name = `CL_R${n}`;
      return plain(`float(os.environ.get('${name}', '${literal}'))`, 'env-float', { env: setEnv(name, '2.5') });
    });
  }
  return pick(forms)();
}
