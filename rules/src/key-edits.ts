// Edits to the key of a binding, shared by the rules that rename settings.
import { stringLiteralLike, type ConfiguredBinding, type RuleContext, type TextEdit } from '@celery-lint/core';

/**
 * Renames a key written as a plain identifier or a plain quoted string: the
 * only spellings a rename may touch (a key built by an expression is left alone).
 */
export function renameEdit(context: RuleContext, binding: ConfiguredBinding, newName: string): TextEdit | undefined {
  const { file, start, end } = binding.keySpan;
  const written = context.sourceText(file).slice(start, end);
  if (written === binding.key) return { start, end, text: newName };
  const quoted = /^[uU]?(['"])(.*)\1$/s.exec(written);
  if (quoted && quoted[2] === binding.key) return { start, end, text: stringLiteralLike(written, newName) };
  return undefined;
}
