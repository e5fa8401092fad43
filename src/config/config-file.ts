/**
 * Reading a configuration file (YAML or JSON, chosen by the extension) and validating it with a
 * zod schema. Every problem comes back as a `ConfigFileError` naming the file, the path inside it,
 * the problem and, where the source shows it, the line.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigFileError, type FileProblem } from './config-file-error.js';
import { formatPath, issueProblems, problemMessage, type PathSegment } from './zod-problems.js';

export type FileFormat = 'yaml' | 'json';

export function formatOf(fileName: string): FileFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  throw new ConfigFileError(fileName, [
    { path: '', problem: 'unsupported file type: use .yaml, .yml or .json' },
  ]);
}

export interface ParsedText {
  data: unknown;
  /** Line/column of the value at a path, when the source is known. */
  locate(path: readonly PathSegment[]): { line: number; column: number } | undefined;
}

/** Parses YAML or JSON (by extension); syntax errors name the file, line and column. */
export function parseStructuredText(text: string, fileName: string): ParsedText {
  const format = formatOf(fileName);
  const lineCounter = new LineCounter();
  // JSON is a subset of YAML 1.2: the YAML parser gives us positions for both formats.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new ConfigFileError(fileName, [jsonSyntaxProblem(text, e)]);
    }
  } else if (doc.errors.length > 0) {
    throw new ConfigFileError(
      fileName,
      doc.errors.map((err) => ({
        path: '',
        problem: `YAML syntax error: ${firstLine(err.message)}`,
        ...(err.linePos ? { line: err.linePos[0].line, column: err.linePos[0].col } : {}),
      })),
    );
  }
  const data: unknown = format === 'json' ? JSON.parse(text) : doc.toJS({ maxAliasCount: 100 });
  return { data, locate: (path) => locate(doc, lineCounter, path) };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function jsonSyntaxProblem(text: string, e: unknown): FileProblem {
  const message = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(message);
  const problem = `JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
  if (!m) return { path: '', problem };
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { path: '', problem, line, column };
}

function locate(doc: Document, lc: LineCounter, path: readonly PathSegment[]) {
  // Walk up to the nearest existing node (e.g. a missing key is reported at its parent).
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}

/**
 * Validates text against a schema of the file format and returns the parsed (transformed) value.
 * Throws `ConfigFileError` listing every problem.
 */
export function validateText<S extends z.ZodType>(schema: S, text: string, fileName: string): z.output<S> {
  const parsed = parseStructuredText(text, fileName);
  const result = schema.safeParse(parsed.data, { error: problemMessage });
  if (result.success) return result.data;
  const problems = issueProblems(result.error.issues).map(({ path, problem }): FileProblem => {
    const pos = parsed.locate(path);
    return { path: formatPath(path), problem, ...(pos ? { line: pos.line } : {}) };
  });
  throw new ConfigFileError(fileName, problems);
}

/** Reads a file as UTF-8; a missing or unreadable file is a `ConfigFileError` too. */
export async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(e)})`;
    throw new ConfigFileError(path, [{ path: '', problem }]);
  }
}
