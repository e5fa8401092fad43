/** Free text typed by people (comments, error texts) shown in cards exactly as typed. */
/**
 * Escapes text for an Adaptive Card TextBlock (which renders a subset of Markdown), so that it
 * shows literally: `**x**`, `_x_`, `[a](b)`, `<b>`, `# x`, `- x`, `1. x`, `&amp;` appear as typed.
 * Every ASCII punctuation character that Markdown may read as markup is backslash-escaped
 * (CommonMark: a backslash before ASCII punctuation shows that character). Line breaks are kept.
 */
export function plainText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}
